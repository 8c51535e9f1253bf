using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Pages;

namespace Outreach.Functions.Pages;

/// <summary>
/// <c>POST /c</c>: a typed code and four digits, answered with a 303 to the page the link would have opened
/// (<c>/v/{token}</c>), or the entry page again saying why not.
/// </summary>
public sealed class PostCodeForm(CodePages pages)
{
    [Function(nameof(PostCodeForm))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "c")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await ApiResults.ReadBodyAsync(request, cancellationToken, CodePages.MaxFormBytes);
        return PageResults.From(request, await pages.PostAsync(PageResults.Query(request), body, PageResults.Client(request), cancellationToken));
    }
}
