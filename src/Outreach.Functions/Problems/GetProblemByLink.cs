using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Links;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary>
/// <c>GET /api/link/problems/{id}</c>: the problem a dispatch or escalation notice is about, for the department (or
/// supervisor) it was sent to, through the notice's signed link (<c>Authorization: Bearer TOKEN</c> or <c>?t=TOKEN</c>)
/// instead of a function key; 410 once it is resolved or evaluated.
/// </summary>
public sealed class GetProblemByLink(LinkService links)
{
    [Function(nameof(GetProblemByLink))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/link/problems/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (ProblemResults.BadId(id) is { } bad)
        {
            return ApiResults.BadRequest(bad);
        }
        switch (await links.OpenProblemAsync(SignedLink.Token(request), id, cancellationToken))
        {
            case ProblemView view:
                request.HttpContext.Response.Headers.ETag = view.ETag;
                return ApiResults.Ok(ProblemDocument.From(view.Problem));
            case var refused:
                return SignedLink.Refusal((RefusedView)refused);
        }
    }
}
