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
    public static VisitorReport Compute(ReportData data) => ReportFold.Over(new Accumulator(data), data);

    /// <summary>Visitor and grid figures folded grid by grid: one counter per visitor and per grid, no visit kept.</summary>
    public sealed class Accumulator(ReportData scope) : IReportFold<VisitorReport>
    {
        private readonly Dictionary<string, Counter> _visitors = scope.Visitors.DistinctBy(v => v.Id).ToDictionary(v => v.Id, _ => new Counter(), StringComparer.Ordinal);
        private readonly Dictionary<string, Counter> _grids = scope.Grids.DistinctBy(g => g.Id).ToDictionary(g => g.Id, _ => new Counter(), StringComparer.Ordinal);

        public void Add(ReportData slice)
        {
            var period = scope.Period;
            foreach (var visit in slice.Visits.Where(v => period.Contains(v.Date)))
            {
                foreach (var id in visit.VisitorIds.Distinct(StringComparer.Ordinal))
                {
                    _visitors.GetValueOrDefault(id)?.Add(visit, scope.AsOf);
                }
                _grids.GetValueOrDefault(visit.Grid)?.Add(visit, scope.AsOf);
            }
            foreach (var problem in slice.Problems.Where(p => period.Contains(ChinaTime.DateOf(p.ReportedAt))))
            {
                _visitors.GetValueOrDefault(problem.ReportedBy)?.Found();
                _grids.GetValueOrDefault(problem.Grid)?.Found();
            }
        }

        public VisitorReport Result()
        {
            var period = scope.Period;
            var visitors = scope.Visitors
                .Select(person =>
                {
                    var c = _visitors[person.Id];
                    var leave = Enumerable.Range(0, period.Days).Count(i => person.IsOnLeave(period.From.AddDays(i)));
                    return new VisitorFigures(person.Id, person.Name, person.Grids, c.Planned, c.Due, c.Completed, c.Overdue, c.Missed, c.Rate, c.ProblemsFound, leave);
                })
                .OrderBy(v => v.CompletionRate ?? double.MaxValue).ThenByDescending(v => v.Overdue).ThenBy(v => v.VisitorId, StringComparer.Ordinal)
                .ToList();
            var grids = scope.Grids
                .Select(grid =>
                {
                    var c = _grids[grid.Id];
                    return new GridVisitFigures(grid.Id, grid.Name, c.Planned, c.Due, c.Completed, c.Overdue, c.Missed, c.Rate, c.ProblemsFound);
                })
                .OrderBy(g => g.CompletionRate ?? double.MaxValue).ThenByDescending(g => g.Overdue).ThenBy(g => g.Grid, StringComparer.Ordinal)
                .ToList();
            return new VisitorReport(period.From, period.To, scope.AsOf, visitors, grids);
        }
    }

    /// <summary>One visitor's or grid's visits so far, and the problems they reported.</summary>
    private sealed class Counter
    {
        public int Planned { get; private set; }
        public int Due { get; private set; }
        public int Completed { get; private set; }
        public int Overdue { get; private set; }
        public int Missed { get; private set; }
        public int ProblemsFound { get; private set; }

        /// <summary>Completed / Due to four places; null when nothing is due yet.</summary>
        public double? Rate => Due == 0 ? null : Math.Round((double)Completed / Due, 4);

        public void Found() => ProblemsFound++;

        public void Add(Visit visit, DateOnly asOf)
        {
            Planned++;
            var open = visit.Status is VisitStatus.Planned or VisitStatus.Overdue;
            if (!open || visit.Date < asOf)
            {
                Due++;
            }
            switch (visit.Status)
            {
                case VisitStatus.Completed:
                    Completed++;
                    break;
                case VisitStatus.Overdue:
                case VisitStatus.Planned when visit.Date < asOf:
                    Overdue++;
                    break;
                case VisitStatus.NotReachable or VisitStatus.Refused or VisitStatus.Rescheduled:
                    Missed++;
                    break;
            }
        }
    }
}
