using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Links;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary>
/// <c>POST /api/link/problems/{id}/{action}</c>: the department a problem is with takes its own steps, <c>accept</c>,
/// <c>return {reason}</c> or <c>resolve {resolution}</c>, through the signed link of its dispatch or escalation notice
/// (<see cref="LinkService.ApplyStepAsync"/>): the department the link was sent to is the actor; a read-only copy, or a
/// link to a department the problem has since left, is 403, checked on the version the step replaces.
/// </summary>
public sealed class AdvanceProblemByLink(LinkService links)
{
    [Function(nameof(AdvanceProblemByLink))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/link/problems/{id}/{action}")] HttpRequest request,
        string id,
        string action,
        CancellationToken cancellationToken)
    {
        if (ProblemResults.BadId(id) is { } bad)
        {
            return ApiResults.BadRequest(bad);
        }
        if (!ProblemStepInput.DepartmentActions.Contains(action))
        {
            return ApiResults.BadRequest(new FieldError("action", $"action '{action}' is not a department's: use {string.Join("|", ProblemStepInput.DepartmentActions)}."));
        }
        var (step, refusal) = await ProblemResults.ReadStepAsync(request, action, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var post = await links.ApplyStepAsync(SignedLink.Token(request), id, step!, cancellationToken);
        return post.Refused is { } refused ? SignedLink.Refusal(refused) : ProblemResults.From(request, post.Result!);
    }
}
