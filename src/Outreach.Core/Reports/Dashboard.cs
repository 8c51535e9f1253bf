using Outreach.Planning;

namespace Outreach.Reports;

/// <summary>One day's visits: planned for it, and completed on it.</summary>
public sealed record DailyVisits(DateOnly Day, int Planned, int Completed);

/// <summary>The coordinator's page: the three reports, visits day by day, and the problems still open.</summary>
/// <param name="OpenProblems">Open problems in the reported grids, whenever reported, most overdue first.</param>
public sealed record Dashboard(CoverageReport Coverage, VisitorReport Visitors, ProblemReport Problems, IReadOnlyList<DailyVisits> Daily, IReadOnlyList<ProblemItem> OpenProblems)
{
    public static Dashboard Compute(ReportData data, DateTimeOffset now)
    {
        var period = data.Period;
        var planned = data.Visits.CountBy(v => v.Date).ToDictionary();
        var completed = data.Visits.Where(v => v.Status == VisitStatus.Completed).CountBy(v => v.CompletedOn ?? v.Date).ToDictionary();
        var daily = Enumerable.Range(0, period.Days)
            .Select(i => period.From.AddDays(i))
            .Select(day => new DailyVisits(day, planned.GetValueOrDefault(day), completed.GetValueOrDefault(day)))
            .ToList();
        var open = data.Problems.Where(p => p.IsOpen)
            .Select(p => ProblemReport.Item(p, now))
            .OrderByDescending(p => p.DaysOverdue ?? -1).ThenBy(p => p.ReportedAt)
            .ToList();
        return new Dashboard(CoverageReport.Compute(data), VisitorReport.Compute(data), ProblemReport.Compute(data, now), daily, open);
    }
}
