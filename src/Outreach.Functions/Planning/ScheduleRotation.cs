using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Outreach.Planning;

namespace Outreach.Functions.Planning;

/// <summary>
/// Nightly (app setting <c>PlanSchedule</c>, default 01:00 China time): one queue message per planning unit,
/// so a city's grids are planned in parallel by <see cref="PlanUnit"/>.
/// </summary>
public sealed class ScheduleRotation(PlanningService planning, ILogger<ScheduleRotation> logger)
{
    public const string QueueName = PlanUnitMessages.QueueName;

    [Function(nameof(ScheduleRotation))]
    [QueueOutput(QueueName)]
    public async Task<string[]> Run([TimerTrigger("%PlanSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            // A missed night is caught up now: the plan covers the same rolling horizon from today.
            logger.LogWarning("Planning timer ran late; planning the rolling horizon from today");
        }
        var (from, to) = planning.RollingHorizon();
        var units = await planning.StartRunAsync(cancellationToken);
        logger.LogInformation("Queued {UnitCount} planning units from {From} to {To}", units.Count, from, to);
        return units.Select(unit => PlanUnitMessages.Serialize(new PlanUnitMessage(unit.Grids, from, to))).ToArray();
    }
}
