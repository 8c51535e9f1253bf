using Outreach.Planning;
using Outreach.Policies;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Reports;

/// <summary>
/// What the reports compute from: the report's scope (period, today, grids, the visitors who cover them,
/// policies) and a slice of rows, usually one grid's: its targets, its visits dated in the period widened by the
/// longest interval of its targets on both sides (so a target's last visit before the period and its next
/// planned one are seen), and its problems. See <see cref="IReportFold{T}"/>.
/// </summary>
/// <param name="AsOf">Today in China time: planned visits dated before it with no outcome count as overdue.</param>
public sealed record ReportData(
    ReportPeriod Period,
    DateOnly AsOf,
    IReadOnlyList<Grid> Grids,
    IReadOnlyList<Visitor> Visitors,
    IReadOnlyList<Target> Targets,
    PolicyBook Policies,
    IReadOnlyList<Visit> Visits,
    IReadOnlyList<Problem> Problems)
{
    /// <summary>The longest interval of any reported target (and at least 1 day).</summary>
    public int LongestInterval => Targets.Select(Interval).DefaultIfEmpty(1).Max();

    /// <summary>The target's cadence in days: its policy's interval, or the default 30 days when no policy matches.</summary>
    public int Interval(Target target) => Policies.Match(target)?.IntervalDays ?? DefaultIntervalDays;

    /// <summary>What an unmatched target is held to, the enterprise default of DESIGN.md §2.</summary>
    public const int DefaultIntervalDays = 30;
}
