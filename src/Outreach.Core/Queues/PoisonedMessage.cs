using Outreach.Planning;

namespace Outreach.Queues;

/// <summary>
/// A message in a poison queue, read without taking it: what it was about (a planning unit and its dates, or an SMS
/// reply's id and masked sender), when it was poisoned, and its last failure when the function recorded one.
/// </summary>
/// <param name="MessageId">The poison copy's id (the host gives the copy a new one).</param>
/// <param name="PoisonedAt">When the host moved it (the copy's insertion time).</param>
public sealed record PoisonedMessage(QueueKind Queue, string MessageId, DateTimeOffset? PoisonedAt)
{
    /// <summary>The planning unit and dates, for a <see cref="QueueKind.PlanUnits"/> message that reads.</summary>
    public PlanUnitMessage? Unit { get; init; }

    /// <summary>The reply, for a <see cref="QueueKind.SmsInbound"/> message that reads.</summary>
    public PoisonedSms? Sms { get; init; }

    /// <summary>Why the body does not read as its queue's message; null when it does. Such a message is never re-driven.</summary>
    public string? Unreadable { get; init; }

    /// <summary>The failures its function recorded; null when none was (a crash, or a failure to record).</summary>
    public QueueFailure? LastFailure { get; init; }

    /// <summary>One line: <c>grids g1+g2 2026-12-07..2027-01-03</c>, <c>SMS abc from +86138****8001</c>, or why it does not read.</summary>
    public string Subject => (Unit, Sms) switch
    {
        ({ } unit, _) => FormattableString.Invariant($"grids {string.Join('+', unit.Grids)} {unit.From:yyyy-MM-dd}..{unit.To:yyyy-MM-dd}"),
        (_, { } sms) => $"SMS {sms.MessageId} from {sms.MaskedFrom}",
        _ => $"unreadable: {Unreadable}",
    };
}

/// <summary>An SMS reply in the poison queue, its sender masked (<see cref="Roster.Phones.Mask"/>).</summary>
public sealed record PoisonedSms(string MessageId, string MaskedFrom, DateTimeOffset ReceivedAt);

/// <summary>A poison queue's messages as read (at most 32, the most a peek returns) and how many it holds in all.</summary>
/// <param name="Poison">The poison queue's name, e.g. <c>plan-units-poison</c>.</param>
/// <param name="Total">The queue's approximate message count.</param>
public sealed record PoisonList(QueueKind Queue, string Poison, IReadOnlyList<PoisonedMessage> Messages, int Total);

/// <summary>What a re-drive moved back to the live queue, and what it left in the poison queue.</summary>
/// <param name="Moved">Put back on the live queue and deleted from the poison queue.</param>
/// <param name="Duplicated">Put back, but still in the poison queue (its delete failed): a re-drive later moves it again.</param>
/// <param name="LeftUnreadable">Left in the poison queue: a message that does not read would only fail, or be skipped, again.</param>
public sealed record RedriveResult(QueueKind Queue, string Live, IReadOnlyList<PoisonedMessage> Moved, IReadOnlyList<PoisonedMessage> Duplicated, IReadOnlyList<PoisonedMessage> LeftUnreadable);
