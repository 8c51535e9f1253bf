using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Roster;

namespace Outreach.Problems;

/// <summary>What one escalation run changed.</summary>
/// <param name="Escalated">Ids of the problems marked escalated (督办).</param>
/// <param name="OverdueVisits">Ids of the visits marked overdue.</param>
public sealed record EscalationSummary(IReadOnlyList<string> Escalated, IReadOnlyList<string> OverdueVisits)
{
    /// <summary>Ids of the resolved problems nobody rated in time, evaluated as 默认满意.</summary>
    public IReadOnlyList<string> DefaultSatisfied { get; init; } = [];
}

/// <summary>
/// What the hourly timer does (and the CLI could): marks open problems past their stage's deadline as
/// escalated, and visits past their day with no outcome as <see cref="VisitStatus.Overdue"/>, so reports and
/// reminders can see them. Every write is ETag-guarded: a problem or visit that moved on since it was read is
/// left for the next run to judge again. With a <paramref name="notifier"/>, each escalation's notice is written, and
/// so is any dispatch or escalation notice of the last <see cref="NoticeCatchUpHours"/> hours that a step stored
/// but could not write. With <paramref name="ratings"/>, resolved problems nobody rated within
/// <see cref="Requests.RequestOptions.RatingDays"/> are evaluated as 默认满意 (<see cref="EvaluateByDefault"/>), and a
/// recent resolve's rating request is written if it is missing.
/// </summary>
public sealed class EscalationService(
    IProblemStore problems,
    IVisitStore visits,
    IRosterStore roster,
    TimeProvider clock,
    ProblemOptions options,
    IProblemNotifier? notifier = null,
    ILogger<EscalationService>? logger = null,
    Requests.RequestOptions? ratings = null)
{
    /// <summary>The name the history records for a 默认满意 evaluation.</summary>
    public const string RatingTimerActor = "rating-timer";

    /// <summary>How far back a run looks for visits left without an outcome; older ones were marked by earlier runs.</summary>
    public const int VisitLookbackDays = 60;

    /// <summary>
    /// How old a step may be for a run to still write its missing notice. Bounded so that a notice the outbox has
    /// since cleaned up is not sent a second time.
    /// </summary>
    public const int NoticeCatchUpHours = 24;

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public async Task<EscalationSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToOffset(ChinaTime.Offset);
        var escalated = new List<string>();
        var open = await problems.ListAsync(new ProblemFilter(OpenOnly: true), cancellationToken);
        var etags = open.ToDictionary(p => p.Problem.Id, p => p.ETag, StringComparer.Ordinal);
        foreach (var due in ProblemWorkflow.EscalationsDue(open.Select(p => p.Problem), now, options))
        {
            var result = ProblemWorkflow.Apply(due.Problem, due.Command, ProblemWorkflow.TimerActor, now);
            if (result.IsApplied && await problems.TryReplaceAsync(result.Problem, etags[due.Problem.Id], cancellationToken) is not null)
            {
                escalated.Add(due.Problem.Id);
                await notifier.TryNotifyAsync(result.Problem, ProblemAction.Escalate, _logger, cancellationToken);
            }
        }
        foreach (var stored in open.Where(p => !escalated.Contains(p.Problem.Id)))
        {
            var problem = stored.Problem;
            if (problem.Stage == ProblemStatus.Dispatched && Recent(problem.DispatchedAt, now))
            {
                await notifier.TryNotifyAsync(problem, ProblemAction.Dispatch, _logger, cancellationToken);
            }
            if (problem.Escalated && Recent(problem.EscalatedAt, now))
            {
                await notifier.TryNotifyAsync(problem, ProblemAction.Escalate, _logger, cancellationToken);
            }
        }

        var satisfied = ratings is null ? [] : await EvaluateUnratedAsync(ratings, now, cancellationToken);

        var overdue = new List<string>();
        var today = ChinaTime.DateOf(now);
        foreach (var grid in await roster.GetGridsAsync(cancellationToken))
        {
            var past = await visits.GetGridVisitsAsync(grid.Id, today.AddDays(-VisitLookbackDays), today.AddDays(-1), cancellationToken);
            foreach (var visit in past.Where(v => v.Status == VisitStatus.Planned && v.Outcome is null))
            {
                var stored = await visits.GetStoredVisitAsync(visit.Id, cancellationToken);
                if (stored is { Visit: { Status: VisitStatus.Planned, Outcome: null } current }
                    && await visits.TryReplaceAsync(current with { Status = VisitStatus.Overdue }, stored.ETag, cancellationToken) is not null)
                {
                    overdue.Add(visit.Id);
                }
            }
        }
        return new EscalationSummary(escalated, overdue) { DefaultSatisfied = satisfied };
    }

    /// <summary>默认满意 for every resolved problem past its rating window; the rating request of a recent resolve caught up.</summary>
    private async Task<List<string>> EvaluateUnratedAsync(Requests.RequestOptions ratings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var satisfied = new List<string>();
        foreach (var stored in await problems.ListAsync(new ProblemFilter(Status: ProblemStatus.Resolved), cancellationToken))
        {
            if (stored.Problem.ResolvedAt is not { } resolvedAt)
            {
                continue;
            }
            var deadline = resolvedAt.AddDays(ratings.RatingDays);
            if (now <= deadline)
            {
                if (Recent(resolvedAt, now))
                {
                    await notifier.TryNotifyAsync(stored.Problem, ProblemAction.Resolve, _logger, cancellationToken);
                }
                continue;
            }
            var result = ProblemWorkflow.Apply(stored.Problem, new EvaluateByDefault(deadline), RatingTimerActor, now);
            if (result.IsApplied && await problems.TryReplaceAsync(result.Problem, stored.ETag, cancellationToken) is not null)
            {
                satisfied.Add(stored.Problem.Id);
            }
        }
        return satisfied;
    }

    private static bool Recent(DateTimeOffset? at, DateTimeOffset now) => at is { } t && now - t <= TimeSpan.FromHours(NoticeCatchUpHours);
}
