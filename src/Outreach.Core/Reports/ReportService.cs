using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Reports;

/// <summary>
/// Reads what the reports need through the ports, one grid partition at a time with a date range (never a
/// table scan), and folds each grid into <see cref="CoverageReport"/>, <see cref="VisitorReport"/> or
/// <see cref="ProblemReport"/> while the next is read, so memory holds two grids and the figures, not the city.
/// </summary>
public sealed class ReportService(IRosterStore roster, IVisitStore visits, IProblemStore problems, TimeProvider clock)
{
    /// <param name="lateLimit">Keep only the first N targets of <see cref="CoverageReport.Late"/> (longest late first); null keeps all.</param>
    public Task<CoverageReport> CoverageAsync(
        ReportPeriod period, string? grid = null, int? lateLimit = null, IProgress<ReportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FoldAsync(period, grid, scope => new CoverageReport.Accumulator(scope, lateLimit), progress, cancellationToken);

    public Task<VisitorReport> VisitorsAsync(ReportPeriod period, string? grid = null, IProgress<ReportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FoldAsync(period, grid, scope => new VisitorReport.Accumulator(scope), progress, cancellationToken);

    public Task<ProblemReport> ProblemsAsync(ReportPeriod period, string? grid = null, IProgress<ReportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FoldAsync(period, grid, scope => new ProblemReport.Accumulator(scope, clock.GetUtcNow()), progress, cancellationToken);

    /// <summary>All three reports from one read, with the daily series and the open problems, for the HTML page.</summary>
    public Task<Dashboard> DashboardAsync(ReportPeriod period, string? grid = null, IProgress<ReportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FoldAsync(period, grid, scope => new Dashboard.Accumulator(scope, clock.GetUtcNow()), progress, cancellationToken);

    /// <summary>
    /// Reads the grids one after another (all of them when <paramref name="grid"/> is null) and folds each into
    /// the report, reporting every grid done to <paramref name="progress"/>.
    /// </summary>
    public async Task<T> FoldAsync<T>(
        ReportPeriod period, string? grid, Func<ReportData, IReportFold<T>> start, IProgress<ReportProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        var scope = await ScopeAsync(period, grid, cancellationToken);
        var fold = start(scope);
        var grids = scope.Grids;
        // One grid is read ahead while the one before is folded: the round trips overlap the work, and memory holds
        // at most two grids.
        var next = grids.Count > 0 ? LoadGridAsync(scope, grids[0], cancellationToken) : null;
        for (var i = 0; i < grids.Count; i++)
        {
            var current = await next!;
            next = i + 1 < grids.Count ? LoadGridAsync(scope, grids[i + 1], cancellationToken) : null;
            fold.Add(current);
            progress?.Report(new ReportProgress(i + 1, grids.Count, grids[i].Id));
        }
        return fold.Result();
    }

    /// <summary>The roster-wide part of a report: its grids, the visitors who cover them, the policies; no rows yet.</summary>
    private async Task<ReportData> ScopeAsync(ReportPeriod period, string? grid, CancellationToken cancellationToken)
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
        var gridIds = grids.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var people = (await roster.GetVisitorsAsync(cancellationToken)).Where(v => v.Grids.Any(gridIds.Contains)).ToList();
        return new ReportData(period, ChinaTime.Today(clock), grids, people, [], book, [], []);
    }

    /// <summary>
    /// One grid's targets, its visits dated in the period widened by the longest interval of its targets on both
    /// sides, and its problems.
    /// </summary>
    private async Task<ReportData> LoadGridAsync(ReportData scope, Grid grid, CancellationToken cancellationToken)
    {
        var slice = scope with { Targets = await roster.GetTargetsAsync(grid.Id, cancellationToken) };
        var margin = slice.LongestInterval;
        var period = scope.Period;
        var found = visits.GetGridVisitsAsync(grid.Id, period.From.AddDays(-margin), period.To.AddDays(margin), cancellationToken);
        var raised = problems.ListAsync(new ProblemFilter(Grid: grid.Id), cancellationToken);
        await Task.WhenAll(found, raised);
        return slice with { Visits = await found, Problems = (await raised).Select(p => p.Problem).ToList() };
    }
}
