using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outreach.Outcomes;

namespace Outreach.Functions.Http;

/// <summary>JSON bodies in camelCase, and errors as RFC 9457 problem+json naming every bad field.</summary>
public static class ApiResults
{
    public const string ProblemJson = "application/problem+json";
    public const int MaxBodyBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ObjectResult Ok(object body, int status = StatusCodes.Status200OK) => new(body) { StatusCode = status };

    public static ObjectResult Problem(int status, string title, string detail, IReadOnlyList<FieldError>? errors = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" };
        if (errors is { Count: > 0 })
        {
            problem.Extensions["errors"] = errors.Select(e => new { field = e.Field, message = e.Message }).ToList();
        }
        var result = new ObjectResult(problem) { StatusCode = status };
        result.ContentTypes.Add(ProblemJson);
        return result;
    }

    public static ObjectResult BadRequest(params FieldError[] errors) =>
        Problem(StatusCodes.Status400BadRequest, "The request has bad fields", string.Join(" ", errors.Select(e => e.Message)), errors);

    /// <summary>Reads at most <paramref name="maxBytes"/> (default <see cref="MaxBodyBytes"/>); null when the body is larger.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken, int maxBytes = MaxBodyBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return null;
            }
        }
        return buffer.ToArray();
    }

    public static ObjectResult TooLarge() =>
        Problem(StatusCodes.Status413PayloadTooLarge, "The body is too large", $"Send at most {MaxBodyBytes / 1024} KiB.");
}
