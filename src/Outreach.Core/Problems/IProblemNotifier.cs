using Microsoft.Extensions.Logging;

namespace Outreach.Problems;

/// <summary>
/// Tells the people a problem step concerns: the department it was dispatched to, and on escalation (督办) the
/// department and the grid's supervisor. Implemented over the SMS outbox (<see cref="Reminders.ProblemNotices"/>).
/// </summary>
/// <remarks>
/// Notices are keyed by the step's own day and the problem, so writing one again adds nothing: a step whose
/// notice could not be written is caught up by <see cref="EscalationService"/> on its next run.
/// </remarks>
public interface IProblemNotifier
{
    /// <summary>Writes the notices of <paramref name="step"/>, just stored on <paramref name="problem"/>; nothing for a step without notices.</summary>
    Task NotifyAsync(Problem problem, ProblemAction step, CancellationToken cancellationToken = default);
}

internal static class ProblemNotifiers
{
    /// <summary>
    /// Writes the notices of a step already stored. A notice that cannot be written must not undo the step or fail
    /// its caller: it is logged, and the next escalation run writes what is missing.
    /// </summary>
    public static async Task TryNotifyAsync(this IProblemNotifier? notifier, Problem problem, ProblemAction step, ILogger logger, CancellationToken cancellationToken)
    {
        if (notifier is null)
        {
            return;
        }
        try
        {
            await notifier.NotifyAsync(problem, step, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Problem {Problem}: the {Step} notice could not be written; the next escalation run writes it", problem.Id, step.ToWire());
        }
    }
}
