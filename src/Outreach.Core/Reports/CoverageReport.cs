using Outreach.Planning;
using Outreach.Roster;

namespace Outreach.Reports;

/// <summary>Coverage of one group of targets (a grid, an area, an industry chain, a target kind).</summary>
/// <param name="Ratio">VisitedInCadence / Targets; null when the group has no targets.</param>
public sealed record CoverageGroup(string Name, int Targets, int VisitedInCadence, double? Ratio);

/// <summary>Coverage of one grid.</summary>
public sealed record GridCoverage(string Grid, string Name, string Area, int Targets, int VisitedInCadence, double? Ratio);

/// <summary>
/// A target not visited for longer than its interval at the end of the report, with what is planned for it.
/// </summary>
/// <param name="LastVisited">Its last completed visit; null when none was found since the look-back start (the period's start minus the longest interval of its grid's targets).</param>
/// <param name="DaysLate">Whole days past its deadline (last visit + interval); null when no visit is known.</param>
/// <param name="NextPlanned">The first visit still planned (or overdue) for it after its last completed one.</param>
public sealed record LateTarget(
    string TargetId,
    string Name,
    string Grid,
    string Kind,
    int IntervalDays,
    DateOnly? LastVisited,
    int? DaysLate,
    DateOnly? NextPlanned,
    IReadOnlyList<string> PlannedVisitorIds,
    IReadOnlyList<string> PlannedVisitorNames);

/// <summary>
/// 巡查覆盖率: the share of targets visited within their cadence over a period.
/// </summary>
/// <remarks>
/// <para>
/// <b>Visited within cadence.</b> A target with interval <c>n</c> days (its visit policy's) is <i>late</i> at the
/// end of day <c>d</c> when its last completed visit on or before <c>d</c> was <c>n</c> or more days earlier
/// (its deadline, last visit + <c>n</c>, has passed without a visit). A target counts as visited within cadence
/// for the period when it is late at the end of <b>no</b> day from the period's start to its evaluation end:
/// the period's last day, or yesterday (China time) when the period runs into today or the future, since the
/// rest of today can still bring a visit. Only visits with the outcome <c>completed</c> count, on the day they
/// were made (<see cref="Visit.CompletedOn"/>); not-reachable, refused and rescheduled visits do not.
/// </para>
/// <para>
/// Why every day rather than "a visit within the last <c>n</c> days at the period's end": a quarterly report
/// for weekly visits to elderly people living alone must show a month with no visit, not only the last week.
/// Days are calendar days: the planner moves visits off holidays (earlier, within the window), so a holiday
/// week does not excuse a missed deadline.
/// </para>
/// <para>
/// <b>Targets added mid-period.</b> A target whose first planned visit (cycle 0) opens its first window on day
/// <c>s</c> inside or after the look-back is held to cadence from <c>s</c>, with its first deadline at the end
/// of that window (<c>s + n - 1</c>); a target whose first window opens after the evaluation end is not counted.
/// </para>
/// <para>
/// <b>Targets without any visit row</b> in the look-back (the period widened by the longest interval of their grid on both
/// sides): when no visitor covers their grid, nobody can visit them and they are late; otherwise the planner has
/// not reached their first visit yet (its window runs past the plan's horizon), and they are left out of
/// <see cref="Targets"/> and counted in <see cref="NotYetPlanned"/> instead.
/// </para>
/// </remarks>
/// <param name="Late">The targets late now, no visit known first, then longest late; only the first N when the report was asked for N.</param>
/// <param name="LateTotal">How many targets are late now, whether or not <see cref="Late"/> lists them all.</param>
public sealed record CoverageReport(
    DateOnly From,
    DateOnly To,
    DateOnly Through,
    int Targets,
    int VisitedInCadence,
    double? Ratio,
    int NotYetPlanned,
    IReadOnlyList<GridCoverage> ByGrid,
    IReadOnlyList<CoverageGroup> ByArea,
    IReadOnlyList<CoverageGroup> ByChain,
    IReadOnlyList<CoverageGroup> ByKind,
    IReadOnlyList<LateTarget> Late,
    int LateTotal)
{
    /// <summary>The tag prefix of an industry chain (产业链): <c>chain:农化植保</c>.</summary>
    public const string ChainTag = "chain:";

    public static CoverageReport Compute(ReportData data) => ReportFold.Over(new Accumulator(data), data);

    /// <summary>Coverage folded grid by grid: counts per group and the late targets, no visit kept.</summary>
    /// <param name="scope">The report's period, today, grids, visitors and policies.</param>
    /// <param name="lateLimit">Keep only the first N late targets (in <see cref="Late"/>'s order); null keeps all.</param>
    public sealed class Accumulator(ReportData scope, int? lateLimit = null) : IReportFold<CoverageReport>
    {
        private readonly DateOnly _through = scope.Period.To < scope.AsOf ? scope.Period.To : scope.AsOf.AddDays(-1);
        private readonly Dictionary<string, string> _names = scope.Visitors.ToDictionary(v => v.Id, v => v.Name, StringComparer.Ordinal);
        private readonly Dictionary<string, Grid> _grids = scope.Grids.ToDictionary(g => g.Id, StringComparer.Ordinal);
        private readonly HashSet<string> _covering = scope.Visitors.SelectMany(v => v.Grids).ToHashSet(StringComparer.Ordinal);
        private readonly Tally _all = new();
        private readonly Dictionary<string, Tally> _byGrid = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Tally> _byArea = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Tally> _byChain = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Tally> _byKind = new(StringComparer.Ordinal);
        private readonly LateList _late = new(lateLimit);
        private int _notPlanned;

        public void Add(ReportData slice)
        {
            var period = scope.Period;
            var through = _through;
            var byTarget = slice.Visits.GroupBy(v => v.TargetId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(v => v.Date).ToList(), StringComparer.Ordinal);
            foreach (var target in slice.Targets)
            {
                var interval = scope.Interval(target);
                var visits = byTarget.GetValueOrDefault(target.Id) ?? [];
                var joined = visits.FirstOrDefault(v => v.Cycle == 0)?.WindowStart;
                if (joined > through)
                {
                    continue;
                }
                if (visits.Count == 0 && _covering.Contains(target.Grid))
                {
                    // Someone could visit it, yet not even a first visit is planned: its first window reaches past the
                    // plan's horizon (a new 90-day household). Neither in cadence nor late: not counted.
                    _notPlanned++;
                    continue;
                }
                var completions = visits
                    .Where(v => v.Status == VisitStatus.Completed)
                    .Select(v => v.CompletedOn ?? v.Date)
                    .Where(d => d <= through)
                    .Order()
                    .ToList();
                var anchors = completions.ToList();
                if (joined is { } start)
                {
                    // The first window [s, s + n - 1] has its deadline at its end, as if visited the day before it opened.
                    anchors.Add(start.AddDays(-1));
                    anchors.Sort();
                }
                var from = joined > period.From ? joined.Value : period.From;
                Count(target, through < from || IsCovered(anchors, from, through, interval));

                var last = anchors.Count == 0 ? (DateOnly?)null : anchors[^1];
                if (through >= from && (last is null || through.DayNumber - last.Value.DayNumber >= interval))
                {
                    var lastVisit = completions.Count == 0 ? (DateOnly?)null : completions[^1];
                    var next = visits.FirstOrDefault(v => v.Status is VisitStatus.Planned or VisitStatus.Overdue && (lastVisit is null || v.Date > lastVisit));
                    _late.Add(new LateTarget(
                        target.Id, target.Name, target.Grid, target.Kind.ToWire(), interval, lastVisit,
                        last is { } l ? through.DayNumber - l.AddDays(interval).DayNumber + 1 : null,
                        next?.Date,
                        next?.VisitorIds ?? [],
                        next?.VisitorIds.Select(id => _names.GetValueOrDefault(id, id)).ToList() ?? []));
                }
            }
        }

        public CoverageReport Result()
        {
            var byGrid = scope.Grids
                .Select(g => _byGrid.GetValueOrDefault(g.Id) is { } t
                    ? new GridCoverage(g.Id, g.Name, g.Area, t.Targets, t.Visited, t.Ratio)
                    : new GridCoverage(g.Id, g.Name, g.Area, 0, 0, null))
                .OrderBy(g => g.Ratio ?? double.MaxValue).ThenBy(g => g.Grid, StringComparer.Ordinal)
                .ToList();
            return new CoverageReport(
                scope.Period.From, scope.Period.To, _through, _all.Targets, _all.Visited, _all.Ratio, _notPlanned,
                byGrid, Groups(_byArea), Groups(_byChain), Groups(_byKind), _late.InOrder(), _late.Total);
        }

        private void Count(Target target, bool covered)
        {
            _all.Add(covered);
            Tally.For(_byGrid, target.Grid).Add(covered);
            Tally.For(_byArea, _grids.TryGetValue(target.Grid, out var g) ? g.Area : "").Add(covered);
            foreach (var chain in target.Tags.Where(t => t.StartsWith(ChainTag, StringComparison.Ordinal)).Select(t => t[ChainTag.Length..]).Distinct(StringComparer.Ordinal))
            {
                Tally.For(_byChain, chain).Add(covered);
            }
            Tally.For(_byKind, target.Kind.ToWire()).Add(covered);
        }

        private static List<CoverageGroup> Groups(Dictionary<string, Tally> groups) =>
            groups.Select(g => new CoverageGroup(g.Key, g.Value.Targets, g.Value.Visited, g.Value.Ratio))
                .OrderBy(g => g.Name, StringComparer.Ordinal)
                .ToList();
    }

    /// <summary>Whether the target is late at the end of no day in [from, through]; <paramref name="anchors"/> ascending.</summary>
    internal static bool IsCovered(IReadOnlyList<DateOnly> anchors, DateOnly from, DateOnly through, int interval)
    {
        if (anchors.Count == 0 || anchors[0] > from)
        {
            return false;
        }
        for (var i = 0; i < anchors.Count; i++)
        {
            // Late from the deadline (last + n) until the day before the next visit.
            var lateFrom = anchors[i].AddDays(interval);
            var lateTo = i + 1 < anchors.Count ? anchors[i + 1].AddDays(-1) : through;
            var first = lateFrom > from ? lateFrom : from;
            var end = lateTo < through ? lateTo : through;
            if (first <= end)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Targets counted in a group and how many of them were visited within cadence.</summary>
    private sealed class Tally
    {
        public int Targets { get; private set; }

        public int Visited { get; private set; }

        /// <summary>Visited / Targets to four places; null when the group has no targets.</summary>
        public double? Ratio => Targets == 0 ? null : Math.Round((double)Visited / Targets, 4);

        public static Tally For(Dictionary<string, Tally> groups, string key)
        {
            if (!groups.TryGetValue(key, out var tally))
            {
                groups[key] = tally = new Tally();
            }
            return tally;
        }

        public void Add(bool covered)
        {
            Targets++;
            Visited += covered ? 1 : 0;
        }
    }

    /// <summary>
    /// The late targets in <see cref="Late"/>'s order: no visit known first, then longest late, then by id. With a
    /// limit only the first N are kept while folding (the rest are counted), so a city's late list stays small.
    /// </summary>
    private sealed class LateList(int? limit)
    {
        private static readonly Comparer<LateTarget> Order = Comparer<LateTarget>.Create((a, b) =>
        {
            var unknown = (a.DaysLate is null ? 0 : 1).CompareTo(b.DaysLate is null ? 0 : 1);
            if (unknown != 0)
            {
                return unknown;
            }
            var longer = Nullable.Compare(b.DaysLate, a.DaysLate);
            return longer != 0 ? longer : string.CompareOrdinal(a.TargetId, b.TargetId);
        });

        // With a limit: a heap whose top is the last kept target, so the next one either displaces it or is dropped.
        private readonly PriorityQueue<LateTarget, LateTarget>? _kept =
            limit is null ? null : new(Comparer<LateTarget>.Create((a, b) => Order.Compare(b, a)));
        private readonly List<LateTarget> _all = [];

        public int Total { get; private set; }

        public void Add(LateTarget late)
        {
            Total++;
            if (_kept is null)
            {
                _all.Add(late);
                return;
            }
            _kept.Enqueue(late, late);
            if (_kept.Count > limit)
            {
                _kept.Dequeue();
            }
        }

        public List<LateTarget> InOrder() =>
            (_kept is null ? _all : _kept.UnorderedItems.Select(i => i.Element)).OrderBy(l => l, Order).ToList();
    }
}
