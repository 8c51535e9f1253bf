using System.Globalization;
using Outreach.Roster;

namespace Outreach.Reminders;

/// <summary>Where an outbox row stands. Serialised in kebab case: <c>pending</c>, <c>kept-local</c>, …</summary>
public enum OutboxStatus
{
    /// <summary>Waiting for <see cref="OutboxMessage.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>The gateway accepted it; <see cref="OutboxMessage.MessageId"/> is its id.</summary>
    Sent,

    /// <summary>
    /// The last attempt failed; retried at <see cref="OutboxMessage.NextAttemptAt"/>, with the same repeatability id
    /// when that attempt may have gone out and the gateway still remembers the id, with a new one otherwise.
    /// </summary>
    Failed,

    /// <summary>Gave up: too many attempts, a permanent failure, or a number SMS cannot reach.</summary>
    Dead,

    /// <summary>The number is on the deny list (replied STOP/退订, or a coordinator put it there).</summary>
    Denied,

    /// <summary>Every visit the message was about has an outcome: nothing left to remind of.</summary>
    Cancelled,

    /// <summary>It could no longer arrive in time (<see cref="OutboxMessage.ExpiresAt"/> passed).</summary>
    Expired,

    /// <summary>No SMS gateway is configured: rendered and stored, and nothing left the machine.</summary>
    KeptLocal,
}

/// <summary>Wire names of <see cref="OutboxStatus"/>, and which states are still open.</summary>
public static class OutboxStatuses
{
    public static string ToWire(this OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "pending",
        OutboxStatus.Sent => "sent",
        OutboxStatus.Failed => "failed",
        OutboxStatus.Dead => "dead",
        OutboxStatus.Denied => "denied",
        OutboxStatus.Cancelled => "cancelled",
        OutboxStatus.Expired => "expired",
        OutboxStatus.KeptLocal => "kept-local",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? text, out OutboxStatus status)
    {
        foreach (var candidate in Enum.GetValues<OutboxStatus>())
        {
            if (string.Equals(candidate.ToWire(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    /// <summary>Pending and failed rows may still be sent; every other state is final.</summary>
    public static bool IsOpen(this OutboxStatus status) => status is OutboxStatus.Pending or OutboxStatus.Failed;
}

/// <summary>
/// One SMS in the outbox. Its key is deterministic, <see cref="Date"/> (China local date) and
/// <c>kind~recipient~subject</c>, so a rerun or an overlapping timer finds the row already there instead of
/// writing a second one. The recipient in the key is the visitor id, never the phone number, so keys can be logged.
/// </summary>
/// <param name="RecipientId">The visitor (or supervisor) the message goes to.</param>
/// <param name="Subject">What the message is about within the day: <c>day</c> for digests, a visit id's target for single nudges.</param>
/// <param name="Phone">E.164, or empty when the roster's number is not a valid mobile number (the row is then dead).</param>
/// <param name="RepeatabilityId">
/// A GUID sent with the message (ACS repeatabilityRequestId). Chosen when the row is created and kept on retries while
/// an earlier attempt may have gone out; replaced when the gateway certainly refused the last attempt, or when it no
/// longer remembers the id (see <see cref="OutboxDrainer.RepeatabilityWindow"/>).
/// </param>
/// <param name="FirstSent">When <paramref name="RepeatabilityId"/> was first sent (ACS repeatabilityFirstSent); null until then.</param>
/// <param name="NextAttemptAt">When the row may be sent (after quiet hours, after a retry's backoff).</param>
/// <param name="ExpiresAt">After this the message is useless and is marked expired instead of sent.</param>
/// <param name="VisitIds">The visits the message is about: when each has an outcome the row is cancelled.</param>
public sealed record OutboxMessage(
    DateOnly Date,
    MessageKind Kind,
    string RecipientId,
    string Subject,
    string Phone,
    string Text,
    int Segments,
    string RepeatabilityId,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> VisitIds,
    OutboxStatus Status = OutboxStatus.Pending,
    int Attempts = 0,
    DateTimeOffset? FirstSent = null,
    string? MessageId = null,
    string? LastError = null)
{
    /// <summary>The stored row's ETag when read from a store; an update applies only if the row is unchanged.</summary>
    public string? ETag { get; init; }

    /// <summary><c>yyyyMMdd~kind~recipient~subject</c>: unique and readable back into the table keys.</summary>
    public string Id => OutboxKey.Format(Date, Kind, RecipientId, Subject);

    /// <summary>The phone masked for logs: <c>+86138****8000</c>.</summary>
    public string MaskedPhone => Phones.Mask(Phone);
}

/// <summary>The deterministic key of an outbox row, <c>yyyyMMdd~kind~recipient~subject</c>.</summary>
public static class OutboxKey
{
    public const string DaySubject = "day";

    public static string Format(DateOnly date, MessageKind kind, string recipientId, string subject) =>
        string.Join('~', date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), kind.TemplateName(), recipientId, subject);
}
