using System.Diagnostics.CodeAnalysis;

namespace Outreach.Problems;

/// <summary>
/// What <see cref="ProblemWorkflow.Apply"/> did: either the step was applied (<see cref="Problem"/> is the
/// new instance) or it was refused because the problem's stage does not allow it (<see cref="Problem"/> is
/// the same instance, unchanged, and <see cref="Refusal"/> says why and what is allowed). HTTP answers a
/// refusal with 409 and the CLI exits 1; bad input never gets here (it is a <see cref="BadInputException"/>).
/// </summary>
public sealed record ProblemResult
{
    private ProblemResult(Problem problem, string? refusal)
    {
        Problem = problem;
        Refusal = refusal;
    }

    /// <summary>The problem after the step, or the unchanged problem when refused.</summary>
    public Problem Problem { get; }

    /// <summary>Why the step was refused, in words a coordinator or department can act on; null when applied.</summary>
    public string? Refusal { get; }

    /// <summary>Whether the step was applied.</summary>
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsApplied => Refusal is null;

    /// <summary>A step that was applied.</summary>
    public static ProblemResult Applied(Problem problem) => new(problem, null);

    /// <summary>A step that was refused; <paramref name="problem"/> is the unchanged instance.</summary>
    public static ProblemResult Refused(Problem problem, string refusal) => new(problem, refusal);
}

/// <summary>An overdue problem and the command that escalates it, as found by <see cref="ProblemWorkflow.EscalationsDue"/>.</summary>
public sealed record ProblemEscalation(Problem Problem, Escalate Command);
