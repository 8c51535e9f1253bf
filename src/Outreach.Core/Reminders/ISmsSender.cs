namespace Outreach.Reminders;

/// <summary>
/// One SMS to one number. <paramref name="RepeatabilityId"/> and <paramref name="FirstSent"/> are chosen once,
/// stored with the message and passed unchanged on every retry, so the gateway can drop a duplicate.
/// </summary>
/// <remarks>
/// ACS wants the id to be a GUID and tracks it for a limited time after <paramref name="FirstSent"/> (documented as
/// five minutes for its repeatable requests); a retry after that is refused (412), so it cannot double-send, but
/// it cannot send either.
/// </remarks>
/// <param name="To">E.164, e.g. <c>+8613800138000</c>.</param>
public sealed record SmsMessage(string To, string Text, string RepeatabilityId, DateTimeOffset FirstSent);

public enum SmsSendStatus
{
    Sent,

    /// <summary>Worth trying again later with the same repeatability id (throttled, gateway down).</summary>
    RetryableFailure,

    /// <summary>Trying again will not help (bad number, rejected content, bad credentials).</summary>
    PermanentFailure,
}

/// <summary>What happened to one <see cref="SmsMessage"/>. <see cref="MessageId"/> is the gateway's id when it gave one.</summary>
public sealed record SmsSendResult(SmsSendStatus Status, string? MessageId, string? Reason)
{
    public static SmsSendResult Sent(string messageId) => new(SmsSendStatus.Sent, messageId, null);

    public static SmsSendResult Failed(bool retryable, string reason, string? messageId = null) =>
        new(retryable ? SmsSendStatus.RetryableFailure : SmsSendStatus.PermanentFailure, messageId, reason);
}

/// <summary>The port through which reminders leave the machine.</summary>
public interface ISmsSender
{
    /// <summary>Sends one message. Failures the gateway reports are results, not exceptions.</summary>
    Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default);
}
