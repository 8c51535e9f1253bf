namespace Outreach.Queues;

/// <summary>
/// The queues whose messages the app works through and whose failures are surfaced: a message that fails
/// <c>maxDequeueCount</c> times (host.json) is moved by the Functions host to the queue's <c>-poison</c> twin.
/// </summary>
public enum QueueKind
{
    /// <summary><c>plan-units</c>: one message per planning unit, from the nightly <c>ScheduleRotation</c>.</summary>
    PlanUnits,

    /// <summary><c>sms-inbound</c> (app setting <c>SmsInboundQueue</c>): SMS replies, from Event Grid.</summary>
    SmsInbound,
}

/// <summary>The wire names of <see cref="QueueKind"/> (<c>plan-units</c>, <c>sms-inbound</c>), as hosts name them to people.</summary>
public static class QueueKinds
{
    /// <summary>Every queue, in the order they are reported.</summary>
    public static IReadOnlyList<QueueKind> All { get; } = [QueueKind.PlanUnits, QueueKind.SmsInbound];

    /// <summary>The choices, for messages: <c>plan-units, sms-inbound</c>.</summary>
    public static string Choices => string.Join(", ", All.Select(ToWire));

    public static string ToWire(this QueueKind queue) => queue switch
    {
        QueueKind.PlanUnits => "plan-units",
        QueueKind.SmsInbound => "sms-inbound",
        _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, null),
    };

    public static bool TryParse(string? text, out QueueKind queue)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(text?.Trim(), candidate.ToWire(), StringComparison.OrdinalIgnoreCase))
            {
                queue = candidate;
                return true;
            }
        }
        queue = default;
        return false;
    }
}
