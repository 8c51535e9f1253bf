using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Outreach.Reminders;

namespace Outreach.Adapters.Sms;

/// <summary>
/// Reads the <c>Microsoft.Communication.SMSReceived</c> events that the ACS system topic writes to the
/// <c>sms-inbound</c> queue. The event subscription uses the Event Grid schema and a storage-queue destination, which
/// writes one event per message, base64-encoded; the queue trigger decodes the base64, so the text here is the event's
/// JSON.
/// </summary>
public static class SmsReceivedEvents
{
    /// <summary>The SMS, or null with <paramref name="problem"/> saying why the message is not one we can act on.</summary>
    public static InboundSms? TryParse(string? message, out string problem)
    {
        problem = "";
        if (string.IsNullOrWhiteSpace(message))
        {
            problem = "the message is empty";
            return null;
        }
        EventGridEvent received;
        try
        {
            // The SDK throws NullReferenceException on JSON that is not an object (42, "text", [1]): check first.
            using (var document = JsonDocument.Parse(message))
            {
                var root = document.RootElement;
                var single = root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 1 ? root[0] : root;
                if (single.ValueKind != JsonValueKind.Object)
                {
                    problem = $"not an Event Grid event (a JSON {root.ValueKind})";
                    return null;
                }
            }
            // Parse takes one event (or an array of one) and refuses more.
            received = EventGridEvent.Parse(BinaryData.FromString(message));
        }
        catch (Exception e)
        {
            // Only content gets here (nothing is read from the network), and content that cannot be parsed will not
            // parse on a retry either: the SDK throws JsonException, ArgumentException, InvalidOperationException (a
            // number where a string belongs) or FormatException (a bad date), so every exception is a skip.
            problem = $"not an Event Grid event ({e.GetType().Name})";
            return null;
        }
        if (received.EventType != SystemEventNames.AcsSmsReceived)
        {
            problem = $"event type {received.EventType}, not {SystemEventNames.AcsSmsReceived}";
            return null;
        }
        // TryGetSystemEventData answers false, rather than throwing, for data that is not an SMSReceived object.
        AcsSmsReceivedEventData? data;
        try
        {
            data = received.TryGetSystemEventData(out var system) ? system as AcsSmsReceivedEventData : null;
        }
        catch (Exception e)
        {
            problem = $"event {received.Id} has unreadable SMSReceived data ({e.GetType().Name})";
            return null;
        }
        if (data is null)
        {
            problem = $"event {received.Id} has no SMSReceived data";
            return null;
        }
        if (string.IsNullOrWhiteSpace(data.From))
        {
            problem = $"event {received.Id} has no sender";
            return null;
        }
        return new InboundSms(data.From, data.Message ?? "", data.ReceivedTimestamp ?? received.EventTime, data.MessageId ?? received.Id);
    }
}
