using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Outreach.Reminders;

namespace Outreach.Functions.Reminders;

/// <summary>
/// 18:00 China time (app setting <c>EveningDigestSchedule</c>, default <c>0 0 10 * * *</c>, UTC): writes the evening digest: one SMS per visitor listing tomorrow's visits
/// to the outbox, then drains it. Rows have deterministic keys, so a rerun or an overlapping run adds nothing.
/// </summary>
public sealed class SendEveningDigest(ReminderService reminders, TimeProvider clock, ILogger<SendEveningDigest> logger)
{
    [Function(nameof(SendEveningDigest))]
    public async Task Run([TimerTrigger("%EveningDigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        if (timer.IsPastDue)
        {
            // Composing late is safe: quiet hours defer what would arrive at night, and expired reminders are not sent.
            logger.LogWarning("SendEveningDigest ran late; composing as of now");
        }
        var composed = await reminders.ComposeAsync(at, [MessageKind.EveningDigest], cancellationToken);
        var drained = await reminders.DrainAsync(at, cancellationToken);
        logger.LogInformation("Composed {Added} messages ({Existing} already in the outbox); {Drained}", composed.Added.Count, composed.AlreadyThere, drained);
    }
}
