using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Outreach.Reminders;

namespace Outreach.Functions.Reminders;

/// <summary>
/// Every minute of the day (app setting <c>DrainSchedule</c>, default <c>0 * 0-13 * * *</c>, UTC: 08:00 to 21:59
/// China time): sends what is due in the outbox. Without it, a reminder deferred by quiet hours or a retry after a
/// failure would wait for the next composing timer, hours later; and every minute, a drain that died after sending is
/// retried while the gateway still remembers the request (<see cref="OutboxDrainer.ClaimLease"/>).
/// </summary>
public sealed class DrainOutbox(ReminderService reminders, TimeProvider clock, ILogger<DrainOutbox> logger)
{
    [Function(nameof(DrainOutbox))]
    public async Task Run([TimerTrigger("%DrainSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var drained = await reminders.DrainAsync(clock.GetUtcNow(), cancellationToken);
        logger.LogInformation("Drained the outbox{Late}: {Drained}", timer.IsPastDue ? " (late)" : "", drained);
    }
}
