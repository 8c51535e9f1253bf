using System.Globalization;
using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Reports;

/// <summary>How many problems share a status, department or category.</summary>
public sealed record NamedCount(string Name, int Count);

/// <summary>
/// 评价反馈 of the problems from one source (<c>visit</c>, <c>direct</c>, <c>request</c>) reported in the period: how they
/// were evaluated (by the requester, by a coordinator, 默认满意 when nobody answered in time) and how many the requester
/// said were not solved (不满意, each reopened).
/// </summary>
/// <param name="Dissatisfied">Problems the requester said at least once were not solved.</param>
/// <param name="DissatisfiedRate">Of the problems with a verdict (evaluated, or said not solved), the share said not solved; null for none.</param>
/// <param name="AverageRating">Of the ratings given (a 默认满意 has none); null for none.</param>
public sealed record Satisfaction(string Source, int Evaluated, int ByRequester, int ByCoordinator, int ByDefault, int Dissatisfied, double? DissatisfiedRate, double? AverageRating);

/// <summary>A problem a supervisor must chase.</summary>
/// <param name="DaysOverdue">Whole days since its deadline passed; null when it has no deadline (never accepted).</param>
public sealed record ProblemItem(string Id, string Grid, string TargetId, string Category, string Status, string? Department, DateTimeOffset ReportedAt, DateTimeOffset? DueAt, int? DaysOverdue);

/// <summary>
/// Problems reported during the period: counts by status (as they stand now), department and category; the
/// median hours from dispatch to acceptance (签收) and from report to resolution; the average rating (评价); and
/// the problems to chase now in the reported grids, whenever they were reported: open ones past their deadline,
/// and escalated ones (督办).
/// </summary>
/// <param name="Headline">
/// One line in the campaign's voice, on the coverage report's figures (<see cref="HeadlineOf"/>):
/// 2026年12月走访企业N家、居民M户，遍访率x%（visited/targets），按期率y%（dueVisited/due），发现问题P个，已解决K个.
/// </param>
/// <param name="EnterprisesVisited">Enterprises on the roster with a completed visit made during the period (the coverage report's visited enterprises).</param>
/// <param name="Resolved">Of the problems reported, those resolved (or resolved and rated) by now.</param>
public sealed record ProblemReport(
    DateOnly From,
    DateOnly To,
    string Headline,
    int EnterprisesVisited,
    int HouseholdsVisited,
    int Reported,
    int Resolved,
    IReadOnlyList<NamedCount> ByStatus,
    IReadOnlyList<NamedCount> ByDepartment,
    IReadOnlyList<NamedCount> ByCategory,
    double? MedianHoursToAccept,
    double? MedianHoursToResolve,
    double? AverageRating,
    int Rated,
    IReadOnlyList<ProblemItem> Overdue,
    IReadOnlyList<ProblemItem> Escalated)
{
    /// <summary>评价反馈 by source: visit, direct, request (every source, even one without problems).</summary>
    public IReadOnlyList<Satisfaction> BySource { get; init; } = [];

    /// <summary>不满意 rate over every source: problems said not solved, of those with a verdict; null for none.</summary>
    public double? DissatisfiedRate { get; init; }

    public static ProblemReport Compute(ReportData data, DateTimeOffset now) => ReportFold.Over(new Accumulator(data, now), data);

    /// <summary>
    /// Problem figures folded grid by grid: counts, the hours behind the medians, and the problems to chase.
    /// A target's completed visits are made distinct within a slice: a target id belongs to one grid.
    /// </summary>
    public sealed class Accumulator(ReportData scope, DateTimeOffset now) : IReportFold<ProblemReport>
    {
        private readonly List<string> _statuses = [];
        private readonly List<string> _departments = [];
        private readonly List<string> _categories = [];
        private readonly List<double> _hoursToAccept = [];
        private readonly List<double> _hoursToResolve = [];
        private readonly List<double> _ratings = [];
        private readonly List<ProblemItem> _overdue = [];
        private readonly List<(DateTimeOffset? At, ProblemItem Item)> _escalated = [];

        // The headline's visits are the coverage report's own figures, counted the same way; its late list is not kept.
        private readonly CoverageReport.Accumulator _coverage = new(scope, lateLimit: 0);
        private readonly List<Problem> _verdicts = [];
        private int _reported;
        private int _resolved;

        public void Add(ReportData slice)
        {
            var period = scope.Period;
            _coverage.Add(slice);
            foreach (var p in slice.Problems)
            {
                if (period.Contains(ChinaTime.DateOf(p.ReportedAt)))
                {
                    _reported++;
                    _resolved += p.Stage is ProblemStatus.Resolved or ProblemStatus.Evaluated ? 1 : 0;
                    _statuses.Add(p.Status.ToWire());
                    if (p.Department is not null)
                    {
                        _departments.Add(p.Department);
                    }
                    _categories.Add(p.Category);
                    if (p is { DispatchedAt: not null, AcceptedAt: not null })
                    {
                        _hoursToAccept.Add((p.AcceptedAt!.Value - p.DispatchedAt!.Value).TotalHours);
                    }
                    if (p.ResolvedAt is not null)
                    {
                        _hoursToResolve.Add((p.ResolvedAt!.Value - p.ReportedAt).TotalHours);
                    }
                    if (p.Rating is not null)
                    {
                        _ratings.Add((double)p.Rating!.Value);
                    }
                    _verdicts.Add(p);
                }
                if (p.IsOpen && p.DueAt < now)
                {
                    _overdue.Add(Item(p, now));
                }
                if (p.Status == ProblemStatus.Escalated)
                {
                    _escalated.Add((p.EscalatedAt, Item(p, now)));
                }
            }
        }

        public ProblemReport Result()
        {
            var coverage = _coverage.Result();
            return new ProblemReport(
                coverage.From, coverage.To, HeadlineOf(coverage, _reported, _resolved),
                Kind(coverage, TargetKind.Enterprise)?.Visited ?? 0, Kind(coverage, TargetKind.Household)?.Visited ?? 0, _reported, _resolved,
                Counts(_statuses), Counts(_departments), Counts(_categories),
                Median(_hoursToAccept), Median(_hoursToResolve),
                _ratings.Count == 0 ? null : Math.Round(_ratings.Average(), 2),
                _ratings.Count,
                _overdue.OrderBy(p => p.DueAt).ToList(),
                _escalated.OrderBy(e => e.At).Select(e => e.Item).ToList())
            {
                BySource = Enum.GetValues<ProblemSource>().OrderBy(s => s.ToWire(), StringComparer.Ordinal)
                    .Select(source => Satisfied(source.ToWire(), _verdicts.Where(p => p.Source == source).ToList())).ToList(),
                DissatisfiedRate = Satisfied("all", _verdicts).DissatisfiedRate,
            };
        }
    }

    /// <summary>
    /// The headline of a period: enterprises and households visited (households only when the roster has some), 遍访率
    /// and 按期率 with their counts, problems reported and resolved.
    /// </summary>
    public static string HeadlineOf(CoverageReport coverage, int reported, int resolved)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        var enterprises = Kind(coverage, TargetKind.Enterprise)?.Visited ?? 0;
        var households = Kind(coverage, TargetKind.Household);
        var label = new ReportPeriod(coverage.From, coverage.To).Label();
        return string.Create(CultureInfo.InvariantCulture,
            $"{label}走访企业{enterprises}家{(households is { } h ? $"、居民{h.Visited}户" : "")}，遍访率{Percent(coverage.VisitedRatio)}（{coverage.Visited}/{coverage.Targets}），按期率{Percent(coverage.OnTimeRatio)}（{coverage.DueVisited}/{coverage.Due}），发现问题{reported}个，已解决{resolved}个");
    }

    private static CoverageGroup? Kind(CoverageReport coverage, TargetKind kind) =>
        coverage.ByKind.FirstOrDefault(g => g.Name == kind.ToWire());

    private static string Percent(double? ratio) => ratio?.ToString("0.0%", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>The 评价反馈 figures of <paramref name="reported"/>.</summary>
    public static Satisfaction Satisfied(string source, IReadOnlyCollection<Problem> reported)
    {
        ArgumentNullException.ThrowIfNull(reported);
        var evaluated = reported.Where(p => p.Stage == ProblemStatus.Evaluated).ToList();
        var dissatisfied = reported.Count(p => p.Dissatisfied > 0);
        var withVerdict = reported.Count(p => p.Stage == ProblemStatus.Evaluated || p.Dissatisfied > 0);
        var ratings = evaluated.Where(p => p.Rating is not null).Select(p => (double)p.Rating!.Value).ToList();
        return new Satisfaction(
            source,
            evaluated.Count,
            evaluated.Count(p => p.EvaluatedBy == Evaluator.Requester),
            evaluated.Count(p => p.EvaluatedBy is Evaluator.Coordinator or null),
            evaluated.Count(p => p.EvaluatedBy == Evaluator.Default),
            dissatisfied,
            withVerdict == 0 ? null : Math.Round((double)dissatisfied / withVerdict, 4),
            ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2));
    }

    /// <summary>The middle value, or the mean of the two middle ones; null for none. Rounded to a tenth of an hour.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var mid = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return Math.Round(median, 1);
    }

    private static List<NamedCount> Counts(IEnumerable<string> names) =>
        names.GroupBy(n => n, StringComparer.Ordinal)
            .Select(g => new NamedCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>A problem as the chase lists show it, with its days past the deadline at <paramref name="now"/>.</summary>
    public static ProblemItem Item(Problem p, DateTimeOffset now) => new(
        p.Id, p.Grid, p.TargetId, p.Category, p.Status.ToWire(), p.Department, p.ReportedAt, p.DueAt,
        p.DueAt is { } due && due < now ? (int)(now - due).TotalDays : null);
}
