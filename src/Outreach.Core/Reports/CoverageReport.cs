using Outreach.Planning;
using Outreach.Roster;

namespace Outreach.Reports;

/// <summary>Coverage of one group of targets (a grid's targets, an area's, an industry chain's, a target kind's).</summary>
/// <param name="Targets">On the roster during the period, planned yet or not.</param>
/// <param name="Visited">Targets with at least one completed visit in the period.</param>
/// <param name="VisitedRatio">遍访率: Visited / Targets; null when the group has no targets.</param>
/// <param name="Due">Cadence windows that closed inside the period (judged through <see cref="CoverageReport.Through"/>).</param>
/// <param name="DueVisited">Of <paramref name="Due"/>, those with a completed visit inside the window.</param>
/// <param name="OnTimeRatio">按期率: DueVisited / Due; null when no window closed.</param>
/// <param name="LateNow">Targets past their deadline with no completed visit at the end of the judged days.</param>
/// <param name="NotYetDue">Targets with no window closing in the period.</param>
public sealed record CoverageGroup(
    string Name, int Targets, int Visited, double? VisitedRatio, int Due, int DueVisited, double? OnTimeRatio, int LateNow, int NotYetDue);

/// <summary>Coverage of one grid: the figures of <see cref="CoverageGroup"/>, with the grid's id and area.</summary>
public sealed record GridCoverage(
    string Grid, string Name, string Area, int Targets, int Visited, double? VisitedRatio, int Due, int DueVisited, double? OnTimeRatio, int LateNow, int NotYetDue);

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
/// Coverage of a period: how many targets were visited (遍访率), how many cadence windows were met (按期率), who is late now.
/// </summary>
/// <remarks>
/// <para>
/// <b>Targets</b> are the roster's targets, planned yet or not, except one whose first planned window (cycle 0) opens
/// after the period: it joined later. <b>Visited</b>: a completed visit made in the period (the day it was made,
/// <see cref="Visit.CompletedOn"/>); not-reachable, refused and rescheduled visits do not count.
/// </para>
/// <para>
/// <b>Cadence windows.</b> A target with interval <c>n</c> days (its visit policy's) must be visited within <c>n</c>
/// days of its last visit: a window runs from the day after a completed visit to <c>n</c> days after it. A visit in it
/// meets it and starts the next window the day after; a window with none is missed and followed by the next <c>n</c>
/// days. A target's first window is its cycle-0 visit's. A target already late when the period begins (no visit known
/// in the look-back, or a deadline missed before) has a window closing on the period's first day. <see cref="Due"/>
/// counts the windows whose last day falls in the judged days: from the period's start to <see cref="Through"/>, the
/// period's last day or yesterday (China time) when the period runs into today, since the rest of today can still
/// bring a visit. Days are calendar days: the planner moves visits off holidays (earlier, within the window), so a
/// holiday week does not excuse a missed deadline.
/// </para>
/// <para>
/// <b>Late now</b>: at the end of <see cref="Through"/>, the last completed visit is <c>n</c> or more days old (or none is
/// known and the target is due). A target with no visit row at all in the look-back (the period widened by the longest
/// interval of its grid on both sides) is late when no visitor covers its grid; otherwise the planner has not reached its
/// first visit yet (its window runs past the plan's horizon): it is not yet due, and counted in <see cref="NotYetPlanned"/>.
/// </para>
/// <para>
/// The figure this report used to lead with, targets "late on no day of the period", is gone: it counted every target
/// not yet due as visited (100% on a new roster with a handful of visits), and a missed window now shows in
/// <see cref="Due"/> − <see cref="DueVisited"/> instead.
/// </para>
/// </remarks>
/// <param name="Through">The last day judged for windows and lateness: the period's last, or yesterday when it runs into today.</param>
/// <param name="NotYetPlanned">Of <see cref="NotYetDue"/>, the targets with no visit planned yet.</param>
/// <param name="Late">The targets late now, no visit known first, then longest late; only the first N when the report was asked for N.</param>
/// <param name="LateNow">How many targets are late now, whether or not <see cref="Late"/> lists them all.</param>
public sealed record CoverageReport(
    DateOnly From,
    DateOnly To,
    DateOnly Through,
    int Targets,
    int Visited,
    double? VisitedRatio,
    int Due,
    int DueVisited,
    double? OnTimeRatio,
    int LateNow,
    int NotYetDue,
    int NotYetPlanned,
    IReadOnlyList<GridCoverage> ByGrid,
    IReadOnlyList<CoverageGroup> ByArea,
    IReadOnlyList<CoverageGroup> ByChain,
    IReadOnlyList<CoverageGroup> ByKind,
    IReadOnlyList<LateTarget> Late)
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
            var through = _through;
            var byTarget = slice.Visits.GroupBy(v => v.TargetId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(v => v.Date).ToList(), StringComparer.Ordinal);
            foreach (var target in slice.Targets)
            {
                var interval = scope.Interval(target);
                var visits = byTarget.GetValueOrDefault(target.Id) ?? [];
                var standing = CoverageStanding.Of(scope.Period, through, interval, visits, _covering.Contains(target.Grid));
                if (!standing.Counted)
                {
                    continue;
                }
                _notPlanned += standing.NotYetPlanned ? 1 : 0;
                Count(target, standing);
                if (standing.LateNow)
                {
                    var lastVisit = standing.LastVisit;
                    var next = visits.FirstOrDefault(v => v.Status is VisitStatus.Planned or VisitStatus.Overdue && (lastVisit is null || v.Date > lastVisit));
                    _late.Add(new LateTarget(
                        target.Id, target.Name, target.Grid, target.Kind.ToWire(), interval, lastVisit,
                        standing.LastAnchor is { } l ? through.DayNumber - l.AddDays(interval).DayNumber + 1 : null,
                        next?.Date,
                        next?.VisitorIds ?? [],
                        next?.VisitorIds.Select(id => _names.GetValueOrDefault(id, id)).ToList() ?? []));
                }
            }
        }

        public CoverageReport Result()
        {
            var byGrid = scope.Grids
                .Select(g => (Grid: g, Tally: _byGrid.GetValueOrDefault(g.Id) ?? new Tally()))
                .Select(g => new GridCoverage(
                    g.Grid.Id, g.Grid.Name, g.Grid.Area, g.Tally.Targets, g.Tally.Visited, g.Tally.VisitedRatio,
                    g.Tally.Due, g.Tally.DueVisited, g.Tally.OnTimeRatio, g.Tally.LateNow, g.Tally.NotYetDue))
                .OrderBy(g => g.VisitedRatio ?? double.MaxValue).ThenBy(g => g.OnTimeRatio ?? double.MaxValue).ThenBy(g => g.Grid, StringComparer.Ordinal)
                .ToList();
            var all = _all;
            return new CoverageReport(
                scope.Period.From, scope.Period.To, _through, all.Targets, all.Visited, all.VisitedRatio, all.Due, all.DueVisited, all.OnTimeRatio,
                _late.Total, all.NotYetDue, _notPlanned, byGrid, Groups(_byArea), Groups(_byChain), Groups(_byKind), _late.InOrder());
        }

        private void Count(Target target, CoverageStanding standing)
        {
            _all.Add(standing);
            Tally.For(_byGrid, target.Grid).Add(standing);
            Tally.For(_byArea, _grids.TryGetValue(target.Grid, out var g) ? g.Area : "").Add(standing);
            foreach (var chain in target.Tags.Where(t => t.StartsWith(ChainTag, StringComparison.Ordinal)).Select(t => t[ChainTag.Length..]).Distinct(StringComparer.Ordinal))
            {
                Tally.For(_byChain, chain).Add(standing);
            }
            Tally.For(_byKind, target.Kind.ToWire()).Add(standing);
        }

        private static List<CoverageGroup> Groups(Dictionary<string, Tally> groups) =>
            groups.Select(g => new CoverageGroup(
                    g.Key, g.Value.Targets, g.Value.Visited, g.Value.VisitedRatio, g.Value.Due, g.Value.DueVisited, g.Value.OnTimeRatio, g.Value.LateNow, g.Value.NotYetDue))
                .OrderBy(g => g.Name, StringComparer.Ordinal)
                .ToList();
    }

    /// <summary>The figures of one group, counted target by target.</summary>
    private sealed class Tally
    {
        public int Targets { get; private set; }

        public int Visited { get; private set; }

        public int Due { get; private set; }

        public int DueVisited { get; private set; }

        public int LateNow { get; private set; }

        public int NotYetDue { get; private set; }

        public double? VisitedRatio => Ratio(Visited, Targets);

        public double? OnTimeRatio => Ratio(DueVisited, Due);

        public static Tally For(Dictionary<string, Tally> groups, string key)
        {
            if (!groups.TryGetValue(key, out var tally))
            {
                groups[key] = tally = new Tally();
            }
            return tally;
        }

        public void Add(CoverageStanding standing)
        {
            Targets++;
            Visited += standing.Visited ? 1 : 0;
            Due += standing.Due;
            DueVisited += standing.DueVisited;
            LateNow += standing.LateNow ? 1 : 0;
            NotYetDue += standing.NotYetDue ? 1 : 0;
        }

        /// <summary>To four places; null when there is nothing to divide by.</summary>
        private static double? Ratio(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
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
