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

    /// <summary>Every eligible visitor was on leave or fully booked on every working day of the window.</summary>
    NoCapacity,
}

/// <summary>A cadence window the planner could not fill, and why: reported, never silently dropped.</summary>
public sealed record Shortfall(
    string TargetId,
    string Grid,
    DateOnly WindowStart,
    DateOnly WindowEnd,
    ShortfallReason Reason,
    string Detail);
