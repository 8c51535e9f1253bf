using Microsoft.Azure.Functions.Worker;
using Outreach.Planning;
using Outreach.Queues;

namespace Outreach.Functions.Planning;

/// <summary>Plans one unit of grids over the rolling horizon named in its queue message.</summary>
public sealed class PlanUnit(PlanningService planning, QueueFailures failures)
{
    [Function(nameof(PlanUnit))]
    public Task Run([QueueTrigger(ScheduleRotation.QueueName)] string message, CancellationToken cancellationToken) =>
        // A failure (a malformed message included) is recorded and rethrown: retried maxDequeueCount times (host.json), the
        // message lands in plan-units-poison, where ReportPoisonMessages and the CLI's poison command tell its last error.
        failures.RunAsync(QueueKind.PlanUnits, message, async () =>
        {
            var request = PlanUnitMessages.Parse(message);
            await planning.PlanUnitAsync(new PlanningUnit(request.Grids), request.From, request.To, cancellationToken);
        }, cancellationToken);
}
