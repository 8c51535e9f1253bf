using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Outreach.Reminders;

namespace Outreach.Functions.Reminders;

/// <summary>
/// 09:00 China time (app setting <c>OverdueSchedule</c>, default <c>0 0 1 * * *</c>, UTC): writes overdue nudges to visitors and the overdue digest to their supervisors
/// to the outbox, then drains it. Rows have deterministic keys, so a rerun or an overlapping run adds nothing.
/// </summary>
public sealed class SendOverdueReminders(ReminderService reminders, TimeProvider clock, ILogger<SendOverdueReminders> logger)
{
    [Function(nameof(SendOverdueReminders))]
    public async Task Run([TimerTrigger("%OverdueSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        if (timer.IsPastDue)
        {
            // Composing late is safe: quiet hours defer what would arrive at night, and expired reminders are not sent.
            logger.LogWarning("SendOverdueReminders ran late; composing as of now");
        }
        var composed = await reminders.ComposeAsync(at, [MessageKind.OverdueNudge], cancellationToken);
        var drained = await reminders.DrainAsync(at, cancellationToken);
        logger.LogInformation("Composed {Added} messages ({Existing} already in the outbox); {Drained}", composed.Added.Count, composed.AlreadyThere, drained);
    }
}
