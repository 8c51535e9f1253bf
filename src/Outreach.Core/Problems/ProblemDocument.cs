namespace Outreach.Problems;

/// <summary>A problem as the HTTP API and <c>problems --format json</c> show it (camelCase, wire enum names).</summary>
public sealed record ProblemDocument(
    string Id,
    string? VisitId,
    string TargetId,
    string Grid,
    string Category,
    string Description,
    string Urgency,
    string Status,
    string Stage,
    string? Department,
    int? DueDays,
    DateTimeOffset? DueAt,
    DateTimeOffset ReportedAt,
    string ReportedBy,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? ReturnedAt,
    string? ReturnReason,
    DateTimeOffset? ResolvedAt,
    string? Resolution,
    int? Rating,
    string? Comment,
    bool Escalated,
    DateTimeOffset? EscalatedAt,
    IReadOnlyList<ProblemEventDocument> History)
{
    /// <summary><c>visit</c>, <c>direct</c> or <c>request</c> (the target's own, 企业下单、居民点单).</summary>
    public string Source { get; init; } = "direct";

    /// <summary>A request's preferred time, as the requester wrote it.</summary>
    public string? PreferredTime { get; init; }

    /// <summary>Once evaluated: <c>requester</c>, <c>coordinator</c> or <c>default</c> (默认满意, no rating).</summary>
    public string? EvaluatedBy { get; init; }

    /// <summary>When it was evaluated.</summary>
    public DateTimeOffset? EvaluatedAt { get; init; }

    /// <summary>How many times the requester said a fix did not solve it (不满意).</summary>
    public int Dissatisfied { get; init; }

    public static ProblemDocument From(Problem p) => new(
        p.Id, p.VisitId, p.TargetId, p.Grid, p.Category, p.Description, p.Urgency.ToWire(), p.Status.ToWire(), p.Stage.ToWire(),
        p.Department, p.DueDays, p.DueAt, p.ReportedAt, p.ReportedBy, p.DispatchedAt, p.AcceptedAt, p.ReturnedAt, p.ReturnReason,
        p.ResolvedAt, p.Resolution, p.Rating, p.Comment, p.Escalated, p.EscalatedAt,
        p.History.Select(e => new ProblemEventDocument(e.At, e.Actor, e.Action.ToWire(), e.FromStatus?.ToWire(), e.ToStatus.ToWire(), e.Detail)).ToList())
    {
        Source = p.Source.ToWire(),
        PreferredTime = p.PreferredTime,
        EvaluatedBy = p.EvaluatedBy?.ToWire(),
        EvaluatedAt = p.EvaluatedAt,
        Dissatisfied = p.Dissatisfied,
    };
}

/// <summary>One history entry on the wire.</summary>
public sealed record ProblemEventDocument(DateTimeOffset At, string Actor, string Action, string? FromStatus, string ToStatus, string Detail);
