using Outreach.Calendar;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Planning;

/// <summary>
/// Everything the planner needs, and nothing it has to fetch: the planner is a pure function of this.
/// </summary>
/// <param name="From">First day of the planned range (inclusive).</param>
/// <param name="To">Last day of the planned range (inclusive).</param>
/// <param name="Today">The current day in Asia/Shanghai; nothing is planned before it.</param>
/// <param name="Existing">
/// Stored visits of these targets: history (for cadence and rotation) and already published visits in the
/// range (kept unless they became infeasible).
/// </param>
/// <param name="FrozenDays">
/// Published visits from today up to this many days ahead keep their day when repaired; only the visitor
/// is replaced.
/// </param>
public sealed record PlanRequest(
    DateOnly From,
    DateOnly To,
    DateOnly Today,
    IReadOnlyList<Visitor> Visitors,
    IReadOnlyList<Target> Targets,
    PolicyBook Policies,
    WorkingCalendar Calendar,
    IReadOnlyList<Visit> Existing,
    int FrozenDays = PlanRequest.DefaultFrozenDays,
    int NotReachableLimit = PlanRequest.DefaultNotReachableLimit)
{
    public const int DefaultFrozenDays = 7;

    /// <summary>After this many not-reachable outcomes in a row, the target goes to the coordinator instead of being visited again.</summary>
    public const int DefaultNotReachableLimit = 3;

    /// <summary>The first day that may receive a visit: never before today.</summary>
    public DateOnly Start => From > Today ? From : Today;
}

/// <summary>
/// The plan for [<see cref="PlanRequest.Start"/>, <see cref="PlanRequest.To"/>] and what changed against
/// the stored visits: a store applies <see cref="Upserts"/> and <see cref="Deletes"/> and nothing else.
/// </summary>
/// <param name="Visits">Every visit in the range after planning: kept, repaired and new.</param>
/// <param name="Upserts">New visits and repaired ones (changed visitors).</param>
/// <param name="Deletes">Stored visits that no longer exist: their target left, or they moved day.</param>
/// <param name="Overdue">
/// Stored visits whose day has passed with no outcome (still planned, or already marked overdue), oldest
/// first: reported, and counted as made for cadence until an outcome says otherwise.
/// </param>
public sealed record PlanResult(
    IReadOnlyList<Visit> Visits,
    IReadOnlyList<Visit> Upserts,
    IReadOnlyList<Visit> Deletes,
    IReadOnlyList<Shortfall> Shortfalls,
    IReadOnlyList<Visit> Overdue,
    IReadOnlyList<TargetFlag> Flags);

/// <summary>Why a target is flagged to the coordinator.</summary>
public enum TargetFlagReason
{
    /// <summary>Nobody was found at the last visits: no re-visit is planned until the coordinator acts.</summary>
    Unreachable,

    /// <summary>The last visit was refused: the cadence continues, the coordinator should know.</summary>
    Refused,
}

/// <summary>A target the coordinator should look at.</summary>
public sealed record TargetFlag(string TargetId, string Grid, TargetFlagReason Reason, string Detail);
