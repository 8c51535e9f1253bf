using System.ComponentModel.DataAnnotations;

namespace Outreach.Problems;

/// <summary>
/// How long a problem may wait at each open stage before the escalation timer marks it (督办). Bound from
/// the <c>ProblemOptions</c> configuration section (environment: <c>ProblemOptions__TriageHours</c>).
/// An accepted problem waits until its own <see cref="Problem.DueAt"/>.
/// </summary>
public sealed class ProblemOptions
{
    /// <summary>Hours a reported or returned problem may wait to be dispatched.</summary>
    [Range(1, 8760)]
    public int TriageHours { get; set; } = 48;

    /// <summary>Hours a dispatched problem may wait for the department to accept it.</summary>
    [Range(1, 8760)]
    public int AcceptHours { get; set; } = 24;
}
