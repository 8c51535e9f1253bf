using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Outreach.Adapters.Sms;
using Outreach.Queues;
using Outreach.Reminders;

namespace Outreach.Functions.Reminders;

/// <summary>
/// Replies to our SMS: Event Grid writes each <c>Microsoft.Communication.SMSReceived</c> event of the ACS resource to
/// the queue named by the app setting <c>SmsInboundQueue</c> (<c>sms-inbound</c>), and 退订/TD/STOP puts the sender on
/// the deny list. No webhook: Event Grid delivers with its own identity, so there is no endpoint or secret to guard.
/// </summary>
public sealed class ReceiveSms(InboundSmsService inbound, QueueFailures failures, ILogger<ReceiveSms> logger)
{
    [Function(nameof(ReceiveSms))]
    public async Task Run([QueueTrigger("%SmsInboundQueue%")] string message, CancellationToken cancellationToken)
    {
        // A message we cannot read will not read better on a retry: log it and complete. Only a store failure throws,
        // is recorded, retried maxDequeueCount times (host.json) and lands in the poison queue, where ReportPoisonMessages and
        // the CLI's poison command tell its last error.
        if (SmsReceivedEvents.TryParse(message, out var problem) is not { } sms)
        {
            logger.LogWarning("Inbound SMS queue message skipped: {Problem}", problem);
            return;
        }
        await failures.RunAsync(QueueKind.SmsInbound, message, () => inbound.HandleAsync(sms, cancellationToken), cancellationToken);
    }
}
