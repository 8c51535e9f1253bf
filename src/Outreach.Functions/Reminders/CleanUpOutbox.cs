using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Outreach.Reminders;

namespace Outreach.Functions.Reminders;

/// <summary>
/// Once a day (app setting <c>OutboxCleanupSchedule</c>, default <c>0 30 18 * * *</c>, UTC: 02:30 China time, when
/// nothing is composed or sent): deletes outbox rows in a final state dated more than
/// <c>ReminderOptions:RetentionDays</c> (90) ago. Pending and failed rows are kept whatever their age.
/// </summary>
public sealed class CleanUpOutbox(ReminderService reminders, ILogger<CleanUpOutbox> logger)
{
    [Function(nameof(CleanUpOutbox))]
    public async Task Run([TimerTrigger("%OutboxCleanupSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var before = reminders.RetentionCutoff();
        var deleted = await reminders.PurgeAsync(before, cancellationToken);
        logger.LogInformation("Outbox cleanup{Late}: {Deleted} rows in a final state dated before {Before} deleted", timer.IsPastDue ? " (late)" : "", deleted, before);
    }
}
