using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Input;
using Outreach.Reports;

namespace Outreach.Functions.Reports;

/// <summary>
/// <c>GET /api/reports/{kind}?from=&amp;to=&amp;grid=</c> with kind <c>coverage</c>, <c>visitors</c> or <c>problems</c>:
/// the same JSON as <c>report {kind} --format json</c>.
/// </summary>
public sealed class GetReport(ReportService reports)
{
    public static readonly string[] Kinds = ["coverage", "visitors", "problems"];

    [Function(nameof(GetReport))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/reports/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken)
    {
        if (!Kinds.Contains(kind, StringComparer.Ordinal))
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, "No such report", $"There is no '{kind}' report: use {string.Join(", ", Kinds)}.");
        }
        var errors = new List<FieldError>();
        var period = ReportPeriod.Parse(request.Query["from"], request.Query["to"], errors);
        var grid = QueryValues.Id(request.Query["grid"], "grid", errors);
        if (period is null || errors.Count > 0)
        {
            return ApiResults.BadRequest([.. errors]);
        }
        try
        {
            return ApiResults.Ok(kind switch
            {
                "coverage" => await reports.CoverageAsync(period, grid, cancellationToken: cancellationToken),
                "visitors" => await reports.VisitorsAsync(period, grid, cancellationToken: cancellationToken),
                _ => (object)await reports.ProblemsAsync(period, grid, cancellationToken: cancellationToken),
            });
        }
        catch (BadInputException e)
        {
            // The period is valid by now: what is left is a grid that was never imported.
            return ApiResults.BadRequest(new FieldError("grid", e.Message));
        }
    }
}
