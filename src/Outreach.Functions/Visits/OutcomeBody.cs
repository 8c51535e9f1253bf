using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outreach.Functions.Http;
using Outreach.Outcomes;
using Outreach.Planning;

namespace Outreach.Functions.Visits;

/// <summary>An outcome's JSON body, and what recording it did, as the API says both.</summary>
internal static class OutcomeBody
{
    private const string Expected = "{\"visitorId\", \"status\", \"visitedAt\", \"notes\", \"problems\": [{\"category\", \"description\", \"urgency\"}]}";

    /// <summary>The outcome as posted, or the 400/413 for a body that is not one (every wrongly typed field named).</summary>
    public static async Task<(OutcomeRequest? Outcome, IActionResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await ApiResults.ReadBodyAsync(request, cancellationToken);
        if (bytes is null)
        {
            return (null, ApiResults.TooLarge());
        }
        var json = JsonBody.Parse(bytes, Expected, out var error);
        if (json is null)
        {
            return (null, ApiResults.BadRequest(error!));
        }
        var problems = json.Objects("problems", "{category, description, urgency}")
            .Select(p => new ProblemInput(p.Text("category"), p.Text("description"), p.Text("urgency")))
            .ToList();
        var outcome = new OutcomeRequest(json.Text("visitorId"), json.Text("status"), json.Text("visitedAt"), json.Text("notes"), problems);
        return json.Errors.Count > 0 ? (null, ApiResults.BadRequest([.. json.Errors])) : (outcome, null);
    }

    public static IActionResult From(HttpRequest request, string visitId, OutcomeResult result)
    {
        if (result.ETag is not null)
        {
            request.HttpContext.Response.Headers.ETag = result.ETag;
        }
        return result.Kind switch
        {
            OutcomeResultKind.Created => ApiResults.Ok(OutcomeDocument.From(visitId, result.Visit!.Outcome!), StatusCodes.Status201Created),
            OutcomeResultKind.Replayed or OutcomeResultKind.Corrected => ApiResults.Ok(OutcomeDocument.From(visitId, result.Visit!.Outcome!)),
            OutcomeResultKind.Invalid => ApiResults.BadRequest([.. result.Errors]),
            OutcomeResultKind.NotFound => ApiResults.Problem(StatusCodes.Status404NotFound, "No such visit", result.Message!),
            OutcomeResultKind.Forbidden => ApiResults.Problem(StatusCodes.Status403Forbidden, "Not your visit", result.Message!),
            _ => ApiResults.Problem(StatusCodes.Status409Conflict, "A different outcome is recorded", result.Message!),
        };
    }
}
