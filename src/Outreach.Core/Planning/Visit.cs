using Outreach.Roster;

namespace Outreach.Planning;

/// <summary>Where a visit stands. Serialised in kebab case: <c>planned</c>, <c>not-reachable</c>, …</summary>
public enum VisitStatus
{
    Planned,
    Completed,
    NotReachable,
    Refused,
    Rescheduled,
    Overdue,
}

/// <summary>
/// One planned assignment: <paramref name="VisitorIds"/> visit <paramref name="TargetId"/> on
/// <paramref name="Date"/>, for the cadence window [<paramref name="WindowStart"/>,
/// <paramref name="WindowEnd"/>] whose ideal day is <paramref name="DueDate"/>.
/// </summary>
/// <param name="Cycle">0 for the target's first planned visit, then 1, 2, …</param>
/// <param name="CompletedOn">The day the visit was actually made, once an outcome says so.</param>
/// <param name="Outcome">What the visitor reported, once they have.</param>
public sealed record Visit(
    string TargetId,
    TargetKind TargetKind,
    string Grid,
    DateOnly Date,
    IReadOnlyList<string> VisitorIds,
    int Cycle,
    DateOnly WindowStart,
    DateOnly WindowEnd,
    DateOnly DueDate,
    VisitStatus Status = VisitStatus.Planned,
    DateOnly? CompletedOn = null,
    Outcomes.VisitOutcome? Outcome = null)
{
    /// <summary>
    /// The stored row's ETag when this copy was read from a store: a change written from it applies only if
    /// nobody changed the row meanwhile (an outcome recorded while the planner was repairing the visit).
    /// </summary>
    /// <remarks>
    /// A storage word on a domain record, kept on purpose: the planner's repairs, the outcome's correction and the pages
    /// all carry "the version I read" through pure code to the store, and an opaque string on the visit is the least
    /// machinery for that. It never takes part in equality of assignments (<see cref="SameAs"/>).
    /// </remarks>
    public string? ETag { get; init; }

    /// <summary>Grid, day and target: unique, and the Table Storage keys can be read back from it.</summary>
    public string Id => VisitId.Format(Grid, Date, TargetId);

    /// <summary>Same assignment: compared field by field, the visitor list by its items.</summary>
    public bool SameAs(Visit other) =>
        this with { VisitorIds = other.VisitorIds, Outcome = other.Outcome, ETag = other.ETag } == other
        && VisitorIds.SequenceEqual(other.VisitorIds, StringComparer.Ordinal)
        && (Outcome is null ? other.Outcome is null : other.Outcome is not null && Outcome.SameReportAs(other.Outcome));
}

/// <summary>Visit ids, <c>{grid}~{yyyyMMdd}~{target}</c>: made and read back.</summary>
public static class VisitId
{
    public const char Separator = '~';

    public static string Format(string grid, DateOnly date, string targetId) =>
        FormattableString.Invariant($"{grid}{Separator}{date:yyyyMMdd}{Separator}{targetId}");

    public static bool TryParse(string? id, out string grid, out DateOnly date, out string targetId)
    {
        grid = targetId = "";
        date = default;
        var parts = id?.Split(Separator);
        if (parts is not { Length: 3 } || !Ids.IsValid(parts[0]) || !Ids.IsValid(parts[2])
            || !DateOnly.TryParseExact(parts[1], "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out date))
        {
            return false;
        }
        grid = parts[0];
        targetId = parts[2];
        return true;
    }
}

/// <summary>Wire names of <see cref="VisitStatus"/>.</summary>
public static class VisitStatuses
{
    public static string ToWire(this VisitStatus status) => status switch
    {
        VisitStatus.Planned => "planned",
        VisitStatus.Completed => "completed",
        VisitStatus.NotReachable => "not-reachable",
        VisitStatus.Refused => "refused",
        VisitStatus.Rescheduled => "rescheduled",
        VisitStatus.Overdue => "overdue",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? text, out VisitStatus status)
    {
        foreach (var candidate in Enum.GetValues<VisitStatus>())
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
