using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary><c>GET /api/problems?status=&amp;grid=&amp;department=</c>: problems matching every given filter.</summary>
public sealed class ListProblems(ProblemService problems)
{
    [Function(nameof(ListProblems))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/problems")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (filter, errors) = new ProblemQuery(request.Query["status"], request.Query["grid"], request.Query["department"]).ToFilter();
        if (filter is null)
        {
            return ApiResults.BadRequest([.. errors]);
        }
        var found = await problems.ListAsync(filter, cancellationToken);
        return ApiResults.Ok(found.Select(p => ProblemDocument.From(p.Problem)).ToList());
    }
}
