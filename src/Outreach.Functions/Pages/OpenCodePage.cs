using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Pages;

namespace Outreach.Functions.Pages;

/// <summary>
/// <c>GET /c</c>: the entry page that the fixed URL of an approved SMS template opens, where the code from the SMS
/// and the phone's last four digits are typed.
/// </summary>
public sealed class OpenCodePage(CodePages pages)
{
    [Function(nameof(OpenCodePage))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "c")] HttpRequest request) =>
        PageResults.From(request, await pages.GetAsync(PageResults.Query(request)));
}
