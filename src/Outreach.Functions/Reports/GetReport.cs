using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Outcomes;
using Outreach.Reports;
using Outreach.Roster;

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
        var from = Date(request, "from", errors);
        var to = Date(request, "to", errors);
        var grid = request.Query["grid"].ToString() is { Length: > 0 } g ? g : null;
        if (grid is not null && !Ids.IsValid(grid))
        {
            errors.Add(new FieldError("grid", $"grid '{grid}' is not an id: {Ids.Rule}."));
        }
        if (from is { } first && to is { } last)
        {
            if (last < first)
            {
                errors.Add(new FieldError("to", FormattableString.Invariant($"to {last:yyyy-MM-dd} is before from {first:yyyy-MM-dd}: swap them.")));
            }
            else if (last.DayNumber - first.DayNumber + 1 > ReportPeriod.MaxDays)
            {
                errors.Add(new FieldError("to", $"The period is longer than {ReportPeriod.MaxDays} days: report a year at most."));
            }
        }
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest([.. errors]);
        }
        try
        {
            var period = new ReportPeriod(from!.Value, to!.Value);
            object report = kind switch
            {
                "coverage" => await reports.CoverageAsync(period, grid, cancellationToken: cancellationToken),
                "visitors" => await reports.VisitorsAsync(period, grid, cancellationToken: cancellationToken),
                _ => await reports.ProblemsAsync(period, grid, cancellationToken: cancellationToken),
            };
            return ApiResults.Ok(report);
        }
        catch (BadInputException e)
        {
            // The period is valid by now: what is left is a grid that was never imported.
            return ApiResults.BadRequest(new FieldError("grid", e.Message));
        }
    }

    private static DateOnly? Date(HttpRequest request, string name, List<FieldError> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            errors.Add(new FieldError(name, $"{name} is required: a day as YYYY-MM-DD, e.g. 2026-12-01."));
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 2100)
        {
            return day;
        }
        errors.Add(new FieldError(name, $"{name} '{text}' is not a day from 2000 to 2100: use YYYY-MM-DD, e.g. 2026-12-01."));
        return null;
    }
}
