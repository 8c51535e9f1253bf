namespace Outreach.Outcomes;

/// <summary>A problem a visitor brought back from a visit (问题上报).</summary>
public sealed record ReportedProblem(string Category, string Description, bool Urgent);

/// <summary>
/// What happened at a visit, as the visitor reported it. <paramref name="Status"/> is one of completed,
/// not-reachable, refused, rescheduled.
/// </summary>
/// <param name="VisitedAt">When the visit took place, with its offset.</param>
/// <param name="RecordedAt">When the outcome reached us.</param>
public sealed record VisitOutcome(
    string VisitorId,
    Planning.VisitStatus Status,
    DateTimeOffset VisitedAt,
    string? Notes,
    IReadOnlyList<ReportedProblem> Problems,
    DateTimeOffset RecordedAt)
{
    /// <summary>Same report, whenever it arrived: what makes a retried post a replay rather than a conflict.</summary>
    public bool SameReportAs(VisitOutcome other) =>
        VisitorId == other.VisitorId && Status == other.Status && VisitedAt == other.VisitedAt
        && (Notes ?? "") == (other.Notes ?? "") && Problems.SequenceEqual(other.Problems);
}
