using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Links;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary>
/// <c>GET /api/d/problems/{id}</c>: the problem a dispatch or escalation notice is about, for the department (or
/// supervisor) it was sent to, through the notice's signed link (<c>Authorization: Bearer TOKEN</c> or <c>?t=TOKEN</c>)
/// instead of a function key: departments have no key and no UI of their own.
/// </summary>
public sealed class GetProblemByLink(ProblemService problems, LinkTokens links, TimeProvider clock)
{
    [Function(nameof(GetProblemByLink))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/d/problems/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (ProblemResults.BadId(id) is { } bad)
        {
            return ApiResults.BadRequest(bad);
        }
        var (stored, _, refusal) = await ProblemResults.ByLinkAsync(problems, links, clock, request, id, cancellationToken);
        if (stored is null)
        {
            return refusal!;
        }
        request.HttpContext.Response.Headers.ETag = stored.ETag;
        return ApiResults.Ok(ProblemTicketDocument.From(stored.Problem));
    }
}
