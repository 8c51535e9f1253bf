using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Links;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary>
/// <c>POST /api/d/problems/{id}/{action}</c>: the department a problem is with takes the department's steps,
/// <c>accept</c>, <c>return {reason}</c> or <c>resolve {resolution}</c>, through the signed link of its dispatch or
/// escalation notice. The actor is the department the link was sent to; a read-only copy (the supervisor's), or a
/// link to a department the problem has since left, is 403, checked on the version the step replaces.
/// </summary>
public sealed class AdvanceProblemByLink(ProblemService problems, LinkTokens links, TimeProvider clock)
{
    /// <summary>The department's own steps; dispatch and evaluate stay with the coordinators.</summary>
    public static readonly string[] Actions = ["accept", "return", "resolve"];

    [Function(nameof(AdvanceProblemByLink))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/d/problems/{id}/{action}")] HttpRequest request,
        string id,
        string action,
        CancellationToken cancellationToken)
    {
        if (AdvanceProblem.BadRoute(id, action, Actions) is [_, ..] errors)
        {
            return ApiResults.BadRequest(errors);
        }
        var (stored, grant, refusal) = await ProblemResults.ByLinkAsync(problems, links, clock, request, id, cancellationToken);
        if (stored is null)
        {
            return refusal!;
        }
        if (!grant!.ActsOnProblem(id))
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "The link only reads",
                $"This link is a copy of problem {id}'s notice, so it can open the problem but not act on it: the department it is with acts through its own link.");
        }
        var (command, actor, bad) = await AdvanceProblem.ReadAsync(request, action, grant.VisitorId, cancellationToken);
        if (command is null)
        {
            return bad!;
        }
        // The department is checked by the service on the row it replaces, so a re-dispatch meanwhile cannot slip in.
        return ProblemResults.From(request, await problems.ApplyAsync(id, command, actor!, requiredDepartment: grant.VisitorId, cancellationToken));
    }
}
