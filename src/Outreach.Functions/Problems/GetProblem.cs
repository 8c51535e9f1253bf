using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary><c>GET /api/problems/{id}</c>: one problem with its whole history; the row's ETag in the ETag header.</summary>
public sealed class GetProblem(ProblemService problems)
{
    [Function(nameof(GetProblem))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/problems/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (ProblemResults.BadId(id) is { } bad)
        {
            return ApiResults.BadRequest(bad);
        }
        var stored = await problems.GetAsync(id, cancellationToken);
        if (stored is null)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, "No such problem", $"No problem {id}: check its id in GET /api/problems.");
        }
        request.HttpContext.Response.Headers.ETag = stored.ETag;
        return ApiResults.Ok(ProblemDocument.From(stored.Problem));
    }
}
