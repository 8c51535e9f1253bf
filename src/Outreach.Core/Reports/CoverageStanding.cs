using Outreach.Planning;
using Outreach.Roster;

namespace Outreach.Reports;

/// <summary>
/// Where one target stands in a coverage report: whether it is counted, visited, how many of its cadence windows
/// closed in the period and how many of those had a visit, whether it is late now. See <see cref="CoverageReport"/>.
/// </summary>
internal readonly record struct CoverageStanding(
    bool Counted, bool Visited, int Due, int DueVisited, bool NotYetDue, bool NotYetPlanned, bool LateNow, DateOnly? LastAnchor, DateOnly? LastVisit)
{
    /// <summary>A target on the roster only after the period: in no figure.</summary>
    public static CoverageStanding NotCounted => default;

    /// <param name="visits">The target's visit rows in the look-back, by date.</param>
    /// <param name="through">The last day judged: the period's last, or yesterday when the period runs into today.</param>
    /// <param name="covered">Whether any visitor covers the target's grid.</param>
    public static CoverageStanding Of(ReportPeriod period, DateOnly through, int interval, IReadOnlyList<Visit> visits, bool covered)
    {
        var joined = visits.FirstOrDefault(v => v.Cycle == 0)?.WindowStart;
        if (joined > period.To)
        {
            return NotCounted;
        }
        var done = visits.Where(v => v.Status == VisitStatus.Completed).Select(v => v.CompletedOn ?? v.Date).ToList();
        var visited = done.Any(period.Contains);
        if (visits.Count == 0 && covered)
        {
            // Someone could visit it, yet not even a first visit is planned: its first window reaches past the plan's
            // horizon (a new 90-day household). On the roster, not due, not late.
            return new CoverageStanding(true, false, 0, 0, true, true, false, null, null);
        }
        var completions = done.Where(d => d <= through).Order().ToList();
        var anchors = completions.ToList();
        if (joined is { } start)
        {
            // The first window [s, s + n - 1] has its deadline at its end, as if visited the day before it opened.
            anchors.Add(start.AddDays(-1));
            anchors.Sort();
        }
        var from = joined > period.From ? joined.Value : period.From;
        var (due, dueVisited) = through < from ? (0, 0) : Windows(anchors, from, through, interval);
        var last = anchors.Count == 0 ? (DateOnly?)null : anchors[^1];
        var lateNow = through >= from && (last is null || through.DayNumber - last.Value.DayNumber >= interval);
        return new CoverageStanding(true, visited, due, dueVisited, due == 0, false, lateNow, last, completions.Count == 0 ? null : completions[^1]);
    }

    /// <summary>
    /// The cadence windows closing in [<paramref name="from"/>, <paramref name="through"/>] and those with a visit in them.
    /// A window runs n days from the day after a visit (an anchor); a visit in it starts the next window the day after,
    /// and a window without one is followed by the next n days. A target already late when the judged days begin (no
    /// anchor on or before <paramref name="from"/>, or a deadline missed before it) has a window closing on
    /// <paramref name="from"/>, so every target late now has a window due.
    /// </summary>
    /// <param name="anchors">Completed visits (and the day before a first window), ascending.</param>
    internal static (int Due, int DueVisited) Windows(IReadOnlyList<DateOnly> anchors, DateOnly from, DateOnly through, int interval)
    {
        var due = 0;
        var dueVisited = 0;
        var a = anchors.Count > 0 && anchors[0] <= from ? anchors[0] : from.AddDays(-interval);
        var k = 0;
        while (true)
        {
            while (k < anchors.Count && anchors[k] <= a)
            {
                k++;
            }
            var end = a.AddDays(interval);
            var hit = k < anchors.Count && anchors[k] <= end;
            if (end >= from && end <= through)
            {
                due++;
                dueVisited += hit ? 1 : 0;
            }
            if (hit)
            {
                a = anchors[k];
            }
            else if (end >= through)
            {
                return (due, dueVisited);
            }
            else
            {
                // Missed: the next n days, except that a target late before the judged days is due on their first.
                a = end < from && end.AddDays(interval) > from ? from.AddDays(-interval) : end;
            }
        }
    }
}
