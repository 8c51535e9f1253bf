using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Reports;

/// <summary>
/// Reads what the reports need through the ports, one grid partition at a time with a date range (never a
/// table scan), and computes <see cref="CoverageReport"/>, <see cref="VisitorReport"/> and <see cref="ProblemReport"/>.
/// </summary>
public sealed class ReportService(IRosterStore roster, IVisitStore visits, IProblemStore problems, TimeProvider clock)
{
    public async Task<CoverageReport> CoverageAsync(ReportPeriod period, string? grid = null, CancellationToken cancellationToken = default) =>
        CoverageReport.Compute(await LoadAsync(period, grid, cancellationToken));

    public async Task<VisitorReport> VisitorsAsync(ReportPeriod period, string? grid = null, CancellationToken cancellationToken = default) =>
        VisitorReport.Compute(await LoadAsync(period, grid, cancellationToken));

    public async Task<ProblemReport> ProblemsAsync(ReportPeriod period, string? grid = null, CancellationToken cancellationToken = default) =>
        ProblemReport.Compute(await LoadAsync(period, grid, cancellationToken), clock.GetUtcNow());

    /// <summary>All three reports from one read, with the daily series and the open problems, for the HTML page.</summary>
    public async Task<Dashboard> DashboardAsync(ReportPeriod period, string? grid = null, CancellationToken cancellationToken = default) =>
        Dashboard.Compute(await LoadAsync(period, grid, cancellationToken), clock.GetUtcNow());

    /// <summary>Everything of the period for one grid, or for every grid when <paramref name="grid"/> is null.</summary>
    public async Task<ReportData> LoadAsync(ReportPeriod period, string? grid, CancellationToken cancellationToken = default)
    {
        var grids = await roster.GetGridsAsync(cancellationToken);
        if (grid is not null)
        {
            grids = grids.Where(g => g.Id == grid).ToList();
            if (grids.Count == 0)
            {
                throw new BadInputException($"Unknown grid '{grid}': use one of the imported grids.");
            }
        }
        var imported = await roster.GetPoliciesAsync(cancellationToken);
        var book = imported.Count == 0 ? PolicyBook.Defaults : new PolicyBook(imported);
        var targets = new List<Target>();
        foreach (var g in grids)
        {
            targets.AddRange(await roster.GetTargetsAsync(g.Id, cancellationToken));
        }
        var partial = new ReportData(period, ChinaTime.Today(clock), grids, [], targets, book, [], []);
        var margin = partial.LongestInterval;
        var found = new List<Visit>();
        var raised = new List<Problem>();
        foreach (var g in grids)
        {
            found.AddRange(await visits.GetGridVisitsAsync(g.Id, period.From.AddDays(-margin), period.To.AddDays(margin), cancellationToken));
            raised.AddRange((await problems.ListAsync(new ProblemFilter(Grid: g.Id), cancellationToken)).Select(p => p.Problem));
        }
        var gridIds = grids.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var people = (await roster.GetVisitorsAsync(cancellationToken)).Where(v => v.Grids.Any(gridIds.Contains)).ToList();
        return partial with { Visitors = people, Visits = found, Problems = raised };
    }
}
