using Outreach.Roster;

namespace Outreach.Azure;

/// <summary>
/// Ids become PartitionKey and RowKey values, where '/', '\', '#', '?' and control characters are
/// rejected by the service with an unhelpful 400 for the whole batch; check them first and name the culprit.
/// </summary>
internal static class KeyCheck
{
    /// <summary>The id itself when valid, for use inside entity initialisers.</summary>
    public static string Id(string? id, string what) =>
        Ids.IsValid(id) ? id! : throw new ArgumentException($"{what} id '{id}' cannot be stored: {Ids.Rule}.");

    /// <summary>An outbox subject: an id, or a problem id (<c>grid~local</c>), which the RowKey can hold as it is.</summary>
    public static string Subject(string? subject) =>
        Ids.IsValid(subject) || Problems.ProblemIds.TryParse(subject, out _, out _) ? subject! : throw new ArgumentException($"Subject '{subject}' cannot be stored: {Ids.Rule}, or a problem id.");
}
