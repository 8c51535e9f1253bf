using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Outreach.Reminders;

namespace Outreach.Functions.Reminders;

/// <summary>
/// 07:30 China time (app setting <c>MorningReminderSchedule</c>, default <c>0 30 23 * * *</c>, UTC): writes the morning-of reminder to the
/// outbox for visitors with a visit whose policy asks for one (everyone with ReminderOptions:MorningReminder), then drains it. Rows have deterministic keys, so a rerun or an overlapping run adds nothing.
/// </summary>
public sealed class SendMorningReminder(ReminderService reminders, TimeProvider clock, ILogger<SendMorningReminder> logger)
{
    [Function(nameof(SendMorningReminder))]
    public async Task Run([TimerTrigger("%MorningReminderSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        if (timer.IsPastDue)
        {
            // Composing late is safe: quiet hours defer what would arrive at night, and expired reminders are not sent.
            logger.LogWarning("SendMorningReminder ran late; composing as of now");
        }
        var composed = await reminders.ComposeAsync(at, [MessageKind.MorningReminder], cancellationToken);
        var drained = await reminders.DrainAsync(at, cancellationToken);
        logger.LogInformation("Composed {Added} messages ({Existing} already in the outbox); {Drained}", composed.Added.Count, composed.AlreadyThere, drained);
    }
}
