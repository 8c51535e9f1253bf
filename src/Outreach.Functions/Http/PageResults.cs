using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Outreach.Pages;

namespace Outreach.Functions.Http;

/// <summary>A link page as an HTTP response, with the security headers every page carries (<see cref="PageAssets.Headers"/>).</summary>
internal static class PageResults
{
    public static PageQuery Query(HttpRequest request) => new(
        request.Query["lang"].FirstOrDefault(),
        request.Headers.AcceptLanguage.FirstOrDefault(),
        request.Query["saved"].FirstOrDefault(),
        request.Query["done"].FirstOrDefault(),
        request.Query["edit"].FirstOrDefault(),
        request.Query["show"].FirstOrDefault());

    /// <summary>
    /// Who is asking, for per-client limits: the last address in <c>X-Forwarded-For</c>, the one Azure's front end
    /// adds (earlier ones are the client's to write), else the connection's. Only a limit on one client's pace rests on
    /// it; the bound on guessing does not.
    /// </summary>
    public static string Client(HttpRequest request) =>
        request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [.., var last]
            ? last
            : request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static IActionResult From(HttpRequest request, PageResponse page)
    {
        var headers = request.HttpContext.Response.Headers;
        foreach (var (name, value) in PageAssets.Headers)
        {
            headers[name] = value;
        }
        if (page.Location is { } location)
        {
            headers.Location = location;
            return new StatusCodeResult(page.Status);
        }
        // One bar of signal: a day page shrinks to about a fifth gzipped, and every phone browser accepts it.
        headers.Vary = "Accept-Encoding";
        if (AcceptsGzip(request) && page.Html is { Length: > 1024 } html)
        {
            headers.ContentEncoding = "gzip";
            return new GzippedPage(page.Status, Gzip(html));
        }
        return new ContentResult { StatusCode = page.Status, Content = page.Html, ContentType = PageAssets.ContentType };
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var codings)
        && codings.Any(c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && c.Quality is not 0);

    private static byte[] Gzip(string html)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(html));
        }
        return buffer.ToArray();
    }

    /// <summary>A compressed page with its own status (a bad link's page is a 401, not a 200).</summary>
    private sealed class GzippedPage(int status, byte[] body) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = status;
            response.ContentType = PageAssets.ContentType;
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body).AsTask();
        }
    }
}
