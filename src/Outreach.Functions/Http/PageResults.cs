using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outreach.Pages;

namespace Outreach.Functions.Http;

/// <summary>A link page as an HTTP response, with the security headers every page carries (<see cref="PageAssets.Headers"/>).</summary>
internal static class PageResults
{
    public static PageQuery Query(HttpRequest request) => new(
        request.Query["lang"].FirstOrDefault(),
        request.Headers.AcceptLanguage.FirstOrDefault(),
        request.Query["saved"].FirstOrDefault(),
        request.Query["done"].FirstOrDefault());

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
        return new ContentResult { StatusCode = page.Status, Content = page.Html, ContentType = PageAssets.ContentType };
    }
}
