using Microsoft.Azure.Functions.Worker;
using Outreach.Planning;

namespace Outreach.Functions.Planning;

/// <summary>Plans one unit of grids over the rolling horizon named in its queue message.</summary>
public sealed class PlanUnit(PlanningService planning)
{
    [Function(nameof(PlanUnit))]
    public async Task Run([QueueTrigger(ScheduleRotation.QueueName)] string message, CancellationToken cancellationToken)
    {
        // A malformed message throws, is retried maxDequeueCount times (host.json) and lands in plan-units-poison.
        var request = PlanUnitMessages.Parse(message);
        await planning.PlanUnitAsync(new PlanningUnit(request.Grids), request.From, request.To, cancellationToken);
    }
}
