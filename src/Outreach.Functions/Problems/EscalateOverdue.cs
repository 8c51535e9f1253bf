using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary>
/// Hourly (app setting <c>EscalationSchedule</c>, default <c>0 0 * * * *</c>): marks problems past their
/// stage's deadline as escalated (督办) and visits past their day with no outcome as overdue.
/// </summary>
public sealed class EscalateOverdue(EscalationService escalation, ILogger<EscalateOverdue> logger)
{
    [Function(nameof(EscalateOverdue))]
    public async Task Run([TimerTrigger("%EscalationSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            // Nothing is lost by running late: every deadline is judged against the clock now.
            logger.LogWarning("Escalation timer ran late; judging deadlines as of now");
        }
        var summary = await escalation.RunAsync(cancellationToken);
        logger.LogInformation("Escalated {ProblemCount} problems and marked {VisitCount} visits overdue", summary.Escalated.Count, summary.OverdueVisits.Count);
    }
}
