using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary>
/// <c>POST /api/problems/{id}/{action}</c>: <c>dispatch {department, dueDays}</c>, <c>accept</c>,
/// <c>return {reason}</c>, <c>resolve {resolution}</c>, <c>evaluate {rating, comment}</c>, each with an
/// optional <c>actor</c> (<see cref="ProblemStepInput.DefaultActor"/>). A step the problem's stage does not allow is 409
/// and changes nothing; bad fields, an unknown action or a department the roster lacks are 400. A dispatch writes the
/// department's notice to the SMS outbox.
/// </summary>
public sealed class AdvanceProblem(ProblemService problems)
{
    [Function(nameof(AdvanceProblem))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/problems/{id}/{action}")] HttpRequest request,
        string id,
        string action,
        CancellationToken cancellationToken)
    {
        if (ProblemResults.BadId(id) is { } bad)
        {
            return ApiResults.BadRequest(bad);
        }
        var (step, refusal) = await ProblemResults.ReadStepAsync(request, action, cancellationToken);
        return refusal ?? ProblemResults.From(request, await problems.ApplyAsync(id, step!, cancellationToken: cancellationToken));
    }
}
