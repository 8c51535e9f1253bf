using Outreach.Planning;

namespace Outreach.Reports;

/// <summary>One day's visits: planned for it, and completed on it.</summary>
public sealed record DailyVisits(DateOnly Day, int Planned, int Completed);

/// <summary>The coordinator's page: the three reports, visits day by day, and the problems still open.</summary>
/// <param name="OpenProblems">Open problems in the reported grids, whenever reported, most overdue first.</param>
public sealed record Dashboard(CoverageReport Coverage, VisitorReport Visitors, ProblemReport Problems, IReadOnlyList<DailyVisits> Daily, IReadOnlyList<ProblemItem> OpenProblems)
{
    public static Dashboard Compute(ReportData data, DateTimeOffset now) => ReportFold.Over(new Accumulator(data, now), data);

    /// <summary>The three reports, the day counts and the open problems, folded grid by grid.</summary>
    public sealed class Accumulator(ReportData scope, DateTimeOffset now) : IReportFold<Dashboard>
    {
        private readonly CoverageReport.Accumulator _coverage = new(scope);
        private readonly VisitorReport.Accumulator _visitors = new(scope);
        private readonly ProblemReport.Accumulator _problems = new(scope, now);
        private readonly Dictionary<DateOnly, int> _planned = [];
        private readonly Dictionary<DateOnly, int> _completed = [];
        private readonly List<ProblemItem> _open = [];

        public void Add(ReportData slice)
        {
            _coverage.Add(slice);
            _visitors.Add(slice);
            _problems.Add(slice);
            foreach (var visit in slice.Visits)
            {
                _planned[visit.Date] = _planned.GetValueOrDefault(visit.Date) + 1;
                if (visit.Status == VisitStatus.Completed)
                {
                    var day = visit.CompletedOn ?? visit.Date;
                    _completed[day] = _completed.GetValueOrDefault(day) + 1;
                }
            }
            _open.AddRange(slice.Problems.Where(p => p.IsOpen).Select(p => ProblemReport.Item(p, now)));
        }

        public Dashboard Result()
        {
            var period = scope.Period;
            var daily = Enumerable.Range(0, period.Days)
                .Select(i => period.From.AddDays(i))
                .Select(day => new DailyVisits(day, _planned.GetValueOrDefault(day), _completed.GetValueOrDefault(day)))
                .ToList();
            var open = _open.OrderByDescending(p => p.DaysOverdue ?? -1).ThenBy(p => p.ReportedAt).ToList();
            return new Dashboard(_coverage.Result(), _visitors.Result(), _problems.Result(), daily, open);
        }
    }
}
