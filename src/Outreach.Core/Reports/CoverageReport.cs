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
/// <param name="LastVisited">Its last completed visit; null when none was found since the look-back start (the period's start minus the longest interval).</param>
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
/// <b>Targets without any visit row</b> in the look-back (the period widened by the longest interval on both
/// sides): when no visitor covers their grid, nobody can visit them and they are late; otherwise the planner has
/// not reached their first visit yet (its window runs past the plan's horizon), and they are left out of
/// <see cref="Targets"/> and counted in <see cref="NotYetPlanned"/> instead.
/// </para>
/// </remarks>
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
    IReadOnlyList<LateTarget> Late)
{
    /// <summary>The tag prefix of an industry chain (产业链): <c>chain:农化植保</c>.</summary>
    public const string ChainTag = "chain:";

    public static CoverageReport Compute(ReportData data)
    {
        var period = data.Period;
        var through = period.To < data.AsOf ? period.To : data.AsOf.AddDays(-1);
        var byTarget = data.Visits.GroupBy(v => v.TargetId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(v => v.Date).ToList(), StringComparer.Ordinal);
        var names = data.Visitors.ToDictionary(v => v.Id, v => v.Name, StringComparer.Ordinal);
        var gridsById = data.Grids.ToDictionary(g => g.Id, StringComparer.Ordinal);

        var covering = data.Visitors.SelectMany(v => v.Grids).ToHashSet(StringComparer.Ordinal);
        var notPlanned = 0;
        var counted = new List<(Target Target, bool Covered)>();
        var late = new List<LateTarget>();
        foreach (var target in data.Targets)
        {
            var interval = data.Interval(target);
            var visits = byTarget.GetValueOrDefault(target.Id) ?? [];
            var joined = visits.FirstOrDefault(v => v.Cycle == 0)?.WindowStart;
            if (joined > through)
            {
                continue;
            }
            if (visits.Count == 0 && covering.Contains(target.Grid))
            {
                // Someone could visit it, yet not even a first visit is planned: its first window reaches past the
                // plan's horizon (a new 90-day household). Neither in cadence nor late: not counted.
                notPlanned++;
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
            var covered = through < from || IsCovered(anchors, from, through, interval);
            counted.Add((target, covered));

            var last = anchors.Count == 0 ? (DateOnly?)null : anchors[^1];
            if (through >= from && (last is null || through.DayNumber - last.Value.DayNumber >= interval))
            {
                var lastVisit = completions.Count == 0 ? (DateOnly?)null : completions[^1];
                var next = visits.FirstOrDefault(v => v.Status is VisitStatus.Planned or VisitStatus.Overdue && (lastVisit is null || v.Date > lastVisit));
                late.Add(new LateTarget(
                    target.Id, target.Name, target.Grid, target.Kind.ToWire(), interval, lastVisit,
                    last is { } l ? through.DayNumber - l.AddDays(interval).DayNumber + 1 : null,
                    next?.Date,
                    next?.VisitorIds ?? [],
                    next?.VisitorIds.Select(id => names.GetValueOrDefault(id, id)).ToList() ?? []));
            }
        }

        var byGrid = data.Grids
            .Select(g =>
            {
                var (targets, visited, ratio) = Figures(counted.Where(c => c.Target.Grid == g.Id));
                return new GridCoverage(g.Id, g.Name, g.Area, targets, visited, ratio);
            })
            .OrderBy(g => g.Ratio ?? double.MaxValue).ThenBy(g => g.Grid, StringComparer.Ordinal)
            .ToList();
        var byArea = Groups(counted, c => [gridsById.TryGetValue(c.Grid, out var g) ? g.Area : ""]);
        var byChain = Groups(counted, c => c.Tags.Where(t => t.StartsWith(ChainTag, StringComparison.Ordinal)).Select(t => t[ChainTag.Length..]));
        var byKind = Groups(counted, c => [c.Kind.ToWire()]);
        var (all, inCadence, overall) = Figures(counted);
        return new CoverageReport(
            period.From, period.To, through, all, inCadence, overall, notPlanned, byGrid, byArea, byChain, byKind,
            late.OrderBy(l => l.DaysLate is null ? 0 : 1)
                .ThenByDescending(l => l.DaysLate)
                .ThenBy(l => l.TargetId, StringComparer.Ordinal)
                .ToList());
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

    private static (int Targets, int Visited, double? Ratio) Figures(IEnumerable<(Target Target, bool Covered)> items)
    {
        var list = items.ToList();
        var visited = list.Count(c => c.Covered);
        return (list.Count, visited, list.Count == 0 ? null : Math.Round((double)visited / list.Count, 4));
    }

    private static List<CoverageGroup> Groups(List<(Target Target, bool Covered)> counted, Func<Target, IEnumerable<string>> keys) =>
        counted
            .SelectMany(c => keys(c.Target).Distinct(StringComparer.Ordinal).Select(k => (Key: k, c.Covered)))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var (targets, visited, ratio) = Figures(g.Select(x => ((Target)null!, x.Covered)));
                return new CoverageGroup(g.Key, targets, visited, ratio);
            })
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .ToList();
}
