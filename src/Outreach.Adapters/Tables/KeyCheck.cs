using Outreach.Roster;

namespace Outreach.Adapters;

/// <summary>
/// Ids become PartitionKey and RowKey values, where '/', '\', '#', '?' and control characters are
/// rejected by the service with an unhelpful 400 for the whole batch; check them first and name the culprit.
/// </summary>
internal static class KeyCheck
{
    /// <summary>The id itself when valid, for use inside entity initialisers.</summary>
    public static string Id(string? id, string what) =>
        Ids.IsValid(id) ? id! : throw new ArgumentException($"{what} id '{id}' cannot be stored: {Ids.Rule}.");

    /// <summary>
    /// An outbox subject: an id, a problem id (<c>grid~local</c>), or a problem id and the number of its dispatch
    /// (<c>grid~local~2</c>, which may be longer than a problem id may be), all of which the RowKey holds as they are.
    /// </summary>
    public static string Subject(string? subject) =>
        Ids.IsValid(subject) || Problems.ProblemIds.TryParse(subject, out _, out _) || IsDispatchOfProblem(subject)
            ? subject!
            : throw new ArgumentException($"Subject '{subject}' cannot be stored: {Ids.Rule}, or a problem id (optionally followed by ~N).");

    private static bool IsDispatchOfProblem(string? subject) =>
        subject?.LastIndexOf(Problems.ProblemIds.Separator) is > 0 and var at
        && int.TryParse(subject.AsSpan(at + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
        && Problems.ProblemIds.TryParse(subject[..at], out _, out _);
}
