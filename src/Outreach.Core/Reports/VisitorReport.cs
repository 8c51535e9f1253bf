using Outreach.Calendar;
using Outreach.Planning;

namespace Outreach.Reports;

/// <summary>One visitor's visits dated in the period.</summary>
/// <param name="Planned">Visits assigned to them dated in the period, whatever became of them.</param>
/// <param name="Due">Planned visits dated before today, or with an outcome already: those that could be done by now.</param>
/// <param name="Overdue">Due visits without an outcome (marked overdue, or still planned for a past day).</param>
/// <param name="Missed">Visits reported not reachable, refused or rescheduled.</param>
/// <param name="CompletionRate">Completed / Due; null when nothing is due yet.</param>
/// <param name="ProblemsFound">Problems they reported during the period.</param>
/// <param name="LeaveDays">Days of the period they were on leave: a reason for few visits, not a fault.</param>
public sealed record VisitorFigures(
    string VisitorId,
    string Name,
    IReadOnlyList<string> Grids,
    int Planned,
    int Due,
    int Completed,
    int Overdue,
    int Missed,
    double? CompletionRate,
    int ProblemsFound,
    int LeaveDays);

/// <summary>One grid's visits dated in the period, and the problems reported there during it.</summary>
public sealed record GridVisitFigures(string Grid, string Name, int Planned, int Due, int Completed, int Overdue, int Missed, double? CompletionRate, int ProblemsFound);

/// <summary>
/// Planned vs completed vs overdue per visitor and per grid, laggards first: lowest completion rate, then
/// most overdue visits (visitors and grids with nothing due come last). A visit made by a pair counts for both.
/// </summary>
public sealed record VisitorReport(DateOnly From, DateOnly To, DateOnly AsOf, IReadOnlyList<VisitorFigures> Visitors, IReadOnlyList<GridVisitFigures> ByGrid)
{
    public static VisitorReport Compute(ReportData data)
    {
        var period = data.Period;
        var inPeriod = data.Visits.Where(v => period.Contains(v.Date)).ToList();
        var problems = data.Problems.Where(p => period.Contains(ChinaTime.DateOf(p.ReportedAt))).ToList();

        var visitors = data.Visitors
            .Select(person =>
            {
                var c = Count(inPeriod.Where(v => v.VisitorIds.Contains(person.Id, StringComparer.Ordinal)), data.AsOf);
                var leave = Enumerable.Range(0, period.Days).Count(i => person.IsOnLeave(period.From.AddDays(i)));
                return new VisitorFigures(person.Id, person.Name, person.Grids, c.Planned, c.Due, c.Completed, c.Overdue, c.Missed, c.Rate,
                    problems.Count(p => p.ReportedBy == person.Id), leave);
            })
            .OrderBy(v => v.CompletionRate ?? double.MaxValue).ThenByDescending(v => v.Overdue).ThenBy(v => v.VisitorId, StringComparer.Ordinal)
            .ToList();
        var grids = data.Grids
            .Select(grid =>
            {
                var c = Count(inPeriod.Where(v => v.Grid == grid.Id), data.AsOf);
                return new GridVisitFigures(grid.Id, grid.Name, c.Planned, c.Due, c.Completed, c.Overdue, c.Missed, c.Rate, problems.Count(p => p.Grid == grid.Id));
            })
            .OrderBy(g => g.CompletionRate ?? double.MaxValue).ThenByDescending(g => g.Overdue).ThenBy(g => g.Grid, StringComparer.Ordinal)
            .ToList();
        return new VisitorReport(period.From, period.To, data.AsOf, visitors, grids);
    }

    private static (int Planned, int Due, int Completed, int Overdue, int Missed, double? Rate) Count(IEnumerable<Visit> visits, DateOnly asOf)
    {
        int planned = 0, due = 0, completed = 0, overdue = 0, missed = 0;
        foreach (var visit in visits)
        {
            planned++;
            var open = visit.Status is VisitStatus.Planned or VisitStatus.Overdue;
            if (!open || visit.Date < asOf)
            {
                due++;
            }
            switch (visit.Status)
            {
                case VisitStatus.Completed:
                    completed++;
                    break;
                case VisitStatus.Overdue:
                case VisitStatus.Planned when visit.Date < asOf:
                    overdue++;
                    break;
                case VisitStatus.NotReachable or VisitStatus.Refused or VisitStatus.Rescheduled:
                    missed++;
                    break;
            }
        }
        return (planned, due, completed, overdue, missed, due == 0 ? null : Math.Round((double)completed / due, 4));
    }
}
