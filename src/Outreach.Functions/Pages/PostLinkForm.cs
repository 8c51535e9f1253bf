using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Pages;

namespace Outreach.Functions.Pages;

/// <summary>
/// <c>POST /v/{token}</c>: a form on a link's page (<c>application/x-www-form-urlencoded</c>), an outcome or a
/// department's step, answered with a 303 back to the page (Post/Redirect/Get) or the page again with the errors.
/// </summary>
public sealed class PostLinkForm(LinkPages pages)
{
    [Function(nameof(PostLinkForm))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        var body = await ApiResults.ReadBodyAsync(request, cancellationToken, LinkPages.MaxFormBytes);
        return PageResults.From(request, await pages.PostAsync(token, PageResults.Query(request), body, cancellationToken));
    }
}
