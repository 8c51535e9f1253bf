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
    public static ProblemDocument From(Problem p) => new(
        p.Id, p.VisitId, p.TargetId, p.Grid, p.Category, p.Description, p.Urgency.ToWire(), p.Status.ToWire(), p.Stage.ToWire(),
        p.Department, p.DueDays, p.DueAt, p.ReportedAt, p.ReportedBy, p.DispatchedAt, p.AcceptedAt, p.ReturnedAt, p.ReturnReason,
        p.ResolvedAt, p.Resolution, p.Rating, p.Comment, p.Escalated, p.EscalatedAt,
        p.History.Select(e => new ProblemEventDocument(e.At, e.Actor, e.Action.ToWire(), e.FromStatus?.ToWire(), e.ToStatus.ToWire(), e.Detail)).ToList());
}

/// <summary>One history entry on the wire.</summary>
public sealed record ProblemEventDocument(DateTimeOffset At, string Actor, string Action, string? FromStatus, string ToStatus, string Detail);
