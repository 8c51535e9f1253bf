using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Pages;

namespace Outreach.Functions.Pages;

/// <summary>
/// <c>GET /v/{token}</c>: the page behind a link in an SMS. A day or visit link opens the visitor's visits with their
/// outcome forms, a problem link the department's problem with its steps, a copy the same read-only; a link that
/// opens nothing gets a page saying why and whom to ask. The signed token is the only credential.
/// </summary>
public sealed class OpenLinkPage(LinkPages pages)
{
    [Function(nameof(OpenLinkPage))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        PageResults.From(request, await pages.GetAsync(token, PageResults.Query(request), cancellationToken));
}
