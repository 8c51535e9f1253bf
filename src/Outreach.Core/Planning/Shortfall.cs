namespace Outreach.Planning;

/// <summary>Why a cadence window got no visit.</summary>
public enum ShortfallReason
{
    /// <summary>No visit policy matches the target's kind and tags.</summary>
    NoPolicy,

    /// <summary>Nobody covers the target's grid with a role the policy allows (or too few for a team).</summary>
    NoEligibleVisitor,

    /// <summary>The window has no working day inside the planned range.</summary>
    NoWorkingDay,

    /// <summary>
    /// No plan fills this window without losing another: <see cref="Shortfall.Bound"/> shows which windows
    /// compete for which visitor-weeks, and how many slots they lack.
    /// </summary>
    NoCapacity,
}

/// <summary>A cadence window the planner could not fill, and why: reported, never silently dropped.</summary>
/// <param name="Bound">For <see cref="ShortfallReason.NoCapacity"/>: the proof that the window cannot be filled.</param>
public sealed record Shortfall(
    string TargetId,
    string Grid,
    DateOnly WindowStart,
    DateOnly WindowEnd,
    ShortfallReason Reason,
    string Detail,
    ShortfallBound? Bound = null);

/// <summary>
/// Why a window cannot be filled (Hall's condition, failed): the <see cref="Windows"/> need
/// <see cref="Needed"/> visitor slots, and every eligible visitor of each of them, on every working day of its
/// window they are not on leave, lies in one of the <see cref="VisitorWeeks"/>, which have only
/// <see cref="Slots"/> slots after leave and published visits. No plan fills them all; adding
/// <c>Needed - Slots</c> slots of weekly capacity to those visitors (or a visitor) would make room.
/// </summary>
public sealed record ShortfallBound(
    int Needed,
    int Slots,
    IReadOnlyList<ShortfallBound.VisitorWeek> VisitorWeeks,
    IReadOnlyList<ShortfallBound.Window> Windows)
{
    /// <summary>A visitor's ISO week, by its Monday.</summary>
    public readonly record struct VisitorWeek(string VisitorId, DateOnly Monday);

    /// <summary>A target's cadence window.</summary>
    public readonly record struct Window(string TargetId, DateOnly Start, DateOnly End);

    public bool Equals(ShortfallBound? other) =>
        other is not null && Needed == other.Needed && Slots == other.Slots
        && VisitorWeeks.SequenceEqual(other.VisitorWeeks) && Windows.SequenceEqual(other.Windows);

    public override int GetHashCode() => HashCode.Combine(Needed, Slots, VisitorWeeks.Count, Windows.Count);
}
