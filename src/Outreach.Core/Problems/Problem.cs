namespace Outreach.Problems;

/// <summary>
/// A problem (问题) found on a visit or brought to a coordinator directly, and where it is on its way
/// from report to the reporter's rating. Immutable: <see cref="ProblemWorkflow"/> returns a new instance
/// for every step, with the step appended to <see cref="History"/>.
/// </summary>
/// <remarks>
/// The stage and the escalation are kept apart so that an escalated problem still knows whether it was
/// dispatched or accepted; <see cref="Status"/> combines them for the wire. Fields belonging to a later
/// stage are null until it is reached; a return clears the acceptance (the SLA clock stops) and a
/// re-dispatch clears the return.
/// </remarks>
public sealed record Problem
{
    /// <summary>A <see cref="ProblemIds">{grid}~{local}</see> id (or any valid <see cref="Roster.Ids">id</see> in pure use): it becomes Table Storage keys and a URL segment.</summary>
    public required string Id { get; init; }

    /// <summary>The target's grid.</summary>
    public required string Grid { get; init; }

    /// <summary>The enterprise or household the problem concerns.</summary>
    public required string TargetId { get; init; }

    /// <summary>The visit that raised it; null when a coordinator opened it directly (12345 hotline, walk-in) or the target asked through its request link.</summary>
    public string? VisitId { get; init; }

    /// <summary>Where it came from: a visit, a coordinator (direct), or the target's own request (企业下单、居民点单).</summary>
    public ProblemSource Source { get; init; }

    /// <summary>When the requester would like someone to come (free text, a request's only), e.g. 工作日上午.</summary>
    public string? PreferredTime { get; init; }

    /// <summary>Free text, 1–64 characters (e.g. 用工, 融资, 道路).</summary>
    public required string Category { get; init; }

    /// <summary>What is wrong, at most 2,000 characters.</summary>
    public required string Description { get; init; }

    /// <summary>As reported.</summary>
    public ProblemUrgency Urgency { get; init; }

    /// <summary>When it was reported.</summary>
    public required DateTimeOffset ReportedAt { get; init; }

    /// <summary>Who reported it (a visitor or coordinator id).</summary>
    public required string ReportedBy { get; init; }

    /// <summary>Where the problem is; never <see cref="ProblemStatus.Escalated"/>.</summary>
    public required ProblemStatus Stage { get; init; }

    /// <summary>The department it was (last) dispatched to, from dispatch on.</summary>
    public string? Department { get; init; }

    /// <summary>Days the department has to resolve it once accepted, from dispatch on.</summary>
    public int? DueDays { get; init; }

    /// <summary>When it was (last) dispatched.</summary>
    public DateTimeOffset? DispatchedAt { get; init; }

    /// <summary>When the department accepted it; null again after a return.</summary>
    public DateTimeOffset? AcceptedAt { get; init; }

    /// <summary>The SLA deadline: acceptance starts the clock, <c>AcceptedAt + DueDays</c> (calendar days).</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>When the department returned it; null again once it is re-dispatched.</summary>
    public DateTimeOffset? ReturnedAt { get; init; }

    /// <summary>Why the department returned it; null again once it is re-dispatched (the history keeps it).</summary>
    public string? ReturnReason { get; init; }

    /// <summary>When it was resolved.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>What the department did.</summary>
    public string? Resolution { get; init; }

    /// <summary>The reporter's rating, 1 (poor) to 5 (very satisfied).</summary>
    public int? Rating { get; init; }

    /// <summary>The reporter's comment on the fix, if any.</summary>
    public string? Comment { get; init; }

    /// <summary>Who rated it, once evaluated: the requester through their link, a coordinator, or nobody in time (默认满意).</summary>
    public Evaluator? EvaluatedBy { get; init; }

    /// <summary>When it was evaluated.</summary>
    public DateTimeOffset? EvaluatedAt { get; init; }

    /// <summary>How many times the requester said a fix did not solve it (不满意), each reopening it.</summary>
    public int Dissatisfied { get; init; }

    /// <summary>Whether it was ever escalated (督办). Stays true after it is resolved, as a record of the fact.</summary>
    public bool Escalated { get; init; }

    /// <summary>When it was escalated.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>Every step, oldest first, starting with the report.</summary>
    public required IReadOnlyList<ProblemEvent> History { get; init; }

    /// <summary>Whether it can still move on (and be escalated): reported, dispatched, accepted or returned.</summary>
    public bool IsOpen => Stage.IsOpen();

    /// <summary>
    /// The wire status: <see cref="ProblemStatus.Escalated"/> while open and escalated in its current stage, else
    /// <see cref="Stage"/>. (<see cref="Escalated"/> and <see cref="EscalatedAt"/> remember any escalation: a problem
    /// escalated at one department and then dispatched to another is <c>dispatched</c> again.)
    /// </summary>
    public ProblemStatus Status => IsOpen && ProblemWorkflow.EscalatedInStage(this) ? ProblemStatus.Escalated : Stage;
}

/// <summary>
/// One step in a problem's history: who did what, when, and the stage before and after. An escalation
/// leaves the stage as it was, so <see cref="FromStatus"/> equals <see cref="ToStatus"/> for it.
/// </summary>
/// <param name="FromStatus">The stage before; null for the report that opened the problem.</param>
/// <param name="ToStatus">The stage after; never <see cref="ProblemStatus.Escalated"/>.</param>
/// <param name="Detail">What a reader needs: department and due days, the reason, the resolution, the rating and comment.</param>
public sealed record ProblemEvent(
    DateTimeOffset At,
    string Actor,
    ProblemAction Action,
    ProblemStatus? FromStatus,
    ProblemStatus ToStatus,
    string Detail);
