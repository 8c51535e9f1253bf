using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Planning;

namespace Outreach.Functions.Visits;

/// <summary><c>GET /api/visitors/{visitorId}/visits?from=&amp;to=</c>: one visitor's visits (default: the next four weeks).</summary>
public sealed class GetVisitorVisits(VisitQueryService queries)
{
    [Function(nameof(GetVisitorVisits))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/visitors/{visitorId}/visits")] HttpRequest request,
        string visitorId,
        CancellationToken cancellationToken)
    {
        var found = await queries.ForVisitorAsync(visitorId, request.Query["from"], request.Query["to"], cancellationToken);
        return found switch
        {
            { UnknownVisitor: true } => ApiResults.Problem(StatusCodes.Status404NotFound, "No such visitor", found.Errors[0].Message),
            { Visits: { } visits } => ApiResults.Ok(visits.Select(VisitDocument.From).ToList()),
            _ => ApiResults.BadRequest([.. found.Errors]),
        };
    }
}
