using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Roster;

namespace Outreach.Reminders;

/// <summary>An SMS someone sent to our number, as the gateway reported it.</summary>
/// <param name="From">The sender as the gateway gives it, normally E.164.</param>
/// <param name="MessageId">The gateway's id of the message, kept with a deny-list entry so it can be traced.</param>
public sealed record InboundSms(string From, string Text, DateTimeOffset ReceivedAt, string MessageId = "");

/// <summary>What a reply asks for.</summary>
public enum ReplyIntent
{
    /// <summary>Anything else: a question, thanks, a typo. Nothing changes.</summary>
    None,

    /// <summary>退订, TD, T, STOP, UNSUBSCRIBE, 取消: never send to this number again.</summary>
    Unsubscribe,

    /// <summary>订阅, START: the number may receive reminders again.</summary>
    Resubscribe,
}

/// <summary>
/// Recognises unsubscribe and resubscribe replies. Full-width letters (ＴＤ), case, surrounding spaces and trailing
/// punctuation (退订。 Stop!) are ignored. Every keyword must be the whole reply, except 退订, which also counts inside a
/// sentence (我要退订): it means nothing else, whereas T, TD, 取消 and STOP are parts of ordinary words and replies
/// (T恤, 取消明天的走访吗, STOPPED BY), which must not cost anyone their reminders.
/// </summary>
public static class ReplyKeywords
{
    /// <summary>Exact-match unsubscribe words, in their normalised (half-width, upper-case) form.</summary>
    public static IReadOnlySet<string> Unsubscribe { get; } = new HashSet<string>(StringComparer.Ordinal) { "退订", "TD", "T", "STOP", "UNSUBSCRIBE", "取消" };

    public static IReadOnlySet<string> Resubscribe { get; } = new HashSet<string>(StringComparer.Ordinal) { "订阅", "START" };

    private const string AnywhereUnsubscribe = "退订";

    public static ReplyIntent Classify(string? text) => Classify(text, out _);

    /// <param name="keyword">The keyword recognised (normalised), never the rest of the reply; empty for <see cref="ReplyIntent.None"/>.</param>
    public static ReplyIntent Classify(string? text, out string keyword)
    {
        var reply = Normalize(text);
        keyword = reply;
        if (Unsubscribe.Contains(reply))
        {
            return ReplyIntent.Unsubscribe;
        }
        if (reply.Contains(AnywhereUnsubscribe, StringComparison.Ordinal))
        {
            keyword = AnywhereUnsubscribe;
            return ReplyIntent.Unsubscribe;
        }
        if (Resubscribe.Contains(reply))
        {
            return ReplyIntent.Resubscribe;
        }
        keyword = "";
        return ReplyIntent.None;
    }

    /// <summary>Half-width (NFKC folds ＳＴＯＰ to STOP and the ideographic space to a space), upper case, no outer spaces or punctuation.</summary>
    public static string Normalize(string? text)
    {
        var folded = (text ?? "").Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        return folded.Trim().Trim(TrailingMarks).Trim();
    }

    private static readonly char[] TrailingMarks = ['.', '!', '?', ',', ';', '。', '、', '～', '~', '"', '\'', '“', '”'];
}

/// <summary>What handling one inbound SMS did.</summary>
public enum InboundSmsOutcome
{
    Unsubscribed,
    Resubscribed,

    /// <summary>Not a keyword: nothing changed.</summary>
    Ignored,

    /// <summary>A resubscribe from a number a coordinator denied: their decision stands.</summary>
    StillDenied,

    /// <summary>The sender is not a phone number we could ever send to: nothing changed.</summary>
    BadSender,

    /// <summary>A newer reply (or a coordinator's decision) for the number was handled first: this older one changes nothing.</summary>
    Superseded,
}

/// <summary>
/// Acts on replies to our SMS: an unsubscribe puts the sender's E.164 number on the deny list (pending reminders to
/// it are then marked denied by the next drain), a resubscribe takes it off again unless a coordinator put it there
/// (<c>deny PHONE</c>: a wrong or shared number must not come back by SMS). Replies may be handled out of order (the
/// queue runs messages in parallel and retries them), so each entry keeps the time of the reply that made it and an
/// older reply never undoes a newer one; a resubscribe leaves an "allowed" entry rather than none, for that reason.
/// Content problems are outcomes, not exceptions; only a store failure throws, so that the caller can retry.
/// </summary>
public sealed class InboundSmsService(IOutboxStore outbox, ILogger<InboundSmsService>? logger = null)
{
    /// <summary>How the reasons of deny-list entries made by a reply start (who made an entry is <see cref="DenyEntry.ByReply"/>).</summary>
    public const string ReplyReasonPrefix = "replied ";

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public async Task<InboundSmsOutcome> HandleAsync(InboundSms sms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var intent = ReplyKeywords.Classify(sms.Text, out var keyword);
        if (!Phones.TryNormalize(sms.From, mobileOnly: false, out var phone))
        {
            _logger.LogWarning("Inbound SMS {MessageId} from {Phone} ignored: the sender is not a phone number", sms.MessageId, Phones.Mask(sms.From));
            return InboundSmsOutcome.BadSender;
        }
        if (intent == ReplyIntent.None)
        {
            // The text may be personal: log its length, not its content.
            _logger.LogInformation("Inbound SMS {MessageId} from {Phone} ({Length} characters) is not a keyword; nothing changed", sms.MessageId, Phones.Mask(phone), sms.Text.Length);
            return InboundSmsOutcome.Ignored;
        }
        // Read, decide, write if nobody wrote in between; a concurrent reply for the same number means read again.
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var entry = await outbox.GetDenyEntryAsync(phone, cancellationToken);
            var (outcome, next) = Decide(intent, keyword, sms, phone, entry);
            if (next is null || await outbox.TryPutDenyEntryAsync(next with { ETag = entry?.ETag }, cancellationToken))
            {
                _logger.LogInformation("Inbound SMS {MessageId} from {Phone} ({Keyword}): {Outcome}", sms.MessageId, Phones.Mask(phone), keyword, outcome);
                return outcome;
            }
        }
        // Only a storm of replies from one number gets here; the queue tries the message again later.
        throw new InvalidOperationException($"The deny-list entry of {Phones.Mask(phone)} kept changing under {MaxAttempts} attempts to apply SMS {sms.MessageId}; try again.");
    }

    /// <summary>How many times a reply is read and written again when other replies for the same number get there first.</summary>
    private const int MaxAttempts = 20;

    // What a keyword reply does to the number's entry; a null entry to write means nothing changes.
    private static (InboundSmsOutcome Outcome, DenyEntry? Next) Decide(ReplyIntent intent, string keyword, InboundSms sms, string phone, DenyEntry? entry)
    {
        var byCoordinator = entry is { Denied: true, ByReply: false };
        if (entry is not null && entry.At > sms.ReceivedAt)
        {
            return (InboundSmsOutcome.Superseded, null);
        }
        if (intent == ReplyIntent.Unsubscribe)
        {
            // The keyword only: the rest of a reply (我要退订，我是…) is personal and stays out of the table. A
            // coordinator's denial already stands, with its own reason.
            return byCoordinator
                ? (InboundSmsOutcome.Unsubscribed, null)
                : (InboundSmsOutcome.Unsubscribed, new DenyEntry(phone, Denied: true, Reason($"{ReplyReasonPrefix}{keyword}", sms), sms.ReceivedAt, ByReply: true));
        }
        return byCoordinator
            ? (InboundSmsOutcome.StillDenied, null)
            : (InboundSmsOutcome.Resubscribed, new DenyEntry(phone, Denied: false, Reason($"allowed again: {ReplyReasonPrefix}{keyword}", sms), sms.ReceivedAt, ByReply: true));
    }

    private static string Reason(string what, InboundSms sms) => string.Create(CultureInfo.InvariantCulture, $"{what} (SMS {sms.MessageId})");
}
