namespace Outreach.Reminders;

/// <summary>
/// One SMS to one number. <paramref name="RepeatabilityId"/> and <paramref name="FirstSent"/> let the gateway drop a
/// duplicate: an attempt whose outcome is unknown is retried with both unchanged while the gateway still remembers them.
/// </summary>
/// <remarks>
/// ACS wants the id to be a GUID and tracks it for a limited time after <paramref name="FirstSent"/> (five minutes,
/// learn.microsoft.com "Repeatability of requests"); a request after that is refused with 412, because the gateway
/// can no longer tell whether the first one went out.
/// </remarks>
/// <param name="To">E.164, e.g. <c>+8613800138000</c>.</param>
/// <param name="Approved">
/// The same message as the gateway's approved template and its variables, for gateways that send nothing else (the
/// mainland Chinese ones); null where the text is sent as it is (ACS).
/// </param>
public sealed record SmsMessage(string To, string Text, string RepeatabilityId, DateTimeOffset FirstSent, ApprovedSms? Approved = null);

/// <summary>
/// A message as a mainland gateway sends it: the id of a template its review approved (fixed text under the account's
/// signature) and the values of its numbered variables, in order. No variable holds a link.
/// </summary>
public sealed record ApprovedSms(string TemplateId, IReadOnlyList<string> Params);

/// <summary>What the gateway's answer says about the message, which decides how the outbox tries again.</summary>
public enum SmsSendStatus
{
    Sent,

    /// <summary>
    /// Certainly not sent, and worth trying later: throttled after every retry, a recipient the answer marks
    /// unsuccessful with a retryable status, a repeatability refusal (412). The next attempt takes a new repeatability id.
    /// </summary>
    Refused,

    /// <summary>
    /// No definite answer (timeout, 5xx, an unreadable answer): it may have been sent. The next attempt reuses the
    /// repeatability id, so the gateway drops it if the first one went out.
    /// </summary>
    Unknown,

    /// <summary>Trying again will not help (bad number, rejected content, bad credentials).</summary>
    PermanentFailure,
}

/// <summary>What happened to one <see cref="SmsMessage"/>. <see cref="MessageId"/> is the gateway's id when it gave one.</summary>
public sealed record SmsSendResult(SmsSendStatus Status, string? MessageId, string? Reason)
{
    public static SmsSendResult Sent(string messageId) => new(SmsSendStatus.Sent, messageId, null);

    /// <summary>See <see cref="SmsSendStatus.Refused"/>.</summary>
    public static SmsSendResult Refused(string reason, string? messageId = null) => new(SmsSendStatus.Refused, messageId, reason);

    /// <summary>See <see cref="SmsSendStatus.Unknown"/>.</summary>
    public static SmsSendResult Unknown(string reason) => new(SmsSendStatus.Unknown, null, reason);

    /// <summary>See <see cref="SmsSendStatus.PermanentFailure"/>.</summary>
    public static SmsSendResult Rejected(string reason, string? messageId = null) => new(SmsSendStatus.PermanentFailure, messageId, reason);
}

/// <summary>The port through which reminders leave the machine.</summary>
public interface ISmsSender
{
    /// <summary>Sends one message. Failures the gateway reports are results, not exceptions.</summary>
    Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default);
}
