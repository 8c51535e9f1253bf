using Microsoft.Azure.Functions.Worker;
using Outreach.Adapters.Queues;

namespace Outreach.Functions.Queues;

/// <summary>
/// Hourly (app setting <c>PoisonCheckSchedule</c>): logs an error for each message in <c>plan-units-poison</c> and
/// <c>sms-inbound-poison</c>, with the unit or reply it was about and its last exception, and the count of each, so that
/// an alert on errors sees a unit that was never planned or a reply never applied. The CLI's <c>poison</c> lists and
/// re-drives them.
/// </summary>
public sealed class ReportPoisonMessages(PoisonQueues poison)
{
    [Function(nameof(ReportPoisonMessages))]
    public async Task Run([TimerTrigger("%PoisonCheckSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        // A late run reports what is there now, which is all a missed one would have: nothing to catch up.
        await poison.ReportAsync(cancellationToken);
    }
}
