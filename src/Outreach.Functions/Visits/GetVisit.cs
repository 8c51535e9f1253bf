using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Outcomes;
using Outreach.Planning;

namespace Outreach.Functions.Visits;

/// <summary><c>GET /api/visits/{visitId}</c>: one visit with its target, visitors and outcome.</summary>
public sealed class GetVisit(VisitQueryService queries)
{
    [Function(nameof(GetVisit))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/visits/{visitId}")] HttpRequest request,
        string visitId,
        CancellationToken cancellationToken)
    {
        if (!VisitId.TryParse(visitId, out _, out _, out _))
        {
            return ApiResults.BadRequest(new FieldError("visitId", $"'{visitId}' is not a visit id: it looks like grid~yyyyMMdd~target."));
        }
        var view = await queries.GetAsync(visitId, cancellationToken);
        return view is null
            ? ApiResults.Problem(StatusCodes.Status404NotFound, "No such visit", $"No visit {visitId}.")
            : ApiResults.Ok(VisitDocument.From(view));
    }
}
