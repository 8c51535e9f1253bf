using System.Globalization;

namespace Outreach.Problems;

/// <summary>
/// The problem workflow of the seed (问题上报 → 接收分流 → 部门接单 → 解决 → 评价反馈, 督办 when overdue)
/// as a pure state machine: no storage, no clock (callers pass <c>now</c>).
/// </summary>
/// <remarks>
/// Legal steps: reported → dispatched; returned → dispatched (to the same or another department);
/// dispatched → accepted; dispatched or accepted → returned; accepted → resolved; resolved → evaluated
/// (final: rated by the requester or a coordinator, or 默认满意 when nobody rated in time); resolved → returned
/// when the requester says it is not solved (reopen, 不满意). Escalate marks an open stage that missed its deadline and leaves the stage as it is; later steps
/// proceed from the stage. Each stage is escalated at most once, but a later stage that misses its own deadline
/// (a problem accepted late and then not resolved, or returned and dispatched to another department that does
/// not accept it) is escalated again: every department that holds a problem too long is chased. Bad input throws <see cref="BadInputException"/> listing every bad field (HTTP 400); a step the
/// stage does not allow is a refusal in the <see cref="ProblemResult"/> (HTTP 409). Either way nothing changes.
/// </remarks>
public static class ProblemWorkflow
{
    /// <summary>The name the escalation timer records in the history.</summary>
    public const string TimerActor = "escalation-timer";

    /// <summary>Opens a problem at <see cref="ProblemStatus.Reported"/> with its first history entry.</summary>
    /// <param name="actor">Who reports it (a visitor or coordinator id): non-empty, at most 64 characters.</param>
    /// <exception cref="BadInputException">Listing every bad field of <paramref name="report"/> and the actor.</exception>
    public static Problem Report(ReportProblem report, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        ThrowIfInvalid(report.Validate(), actor);
        return new Problem
        {
            Id = report.Id,
            Grid = report.Grid,
            TargetId = report.TargetId,
            VisitId = report.VisitId,
            Source = report.Source,
            PreferredTime = report.PreferredTime,
            Category = report.Category,
            Description = report.Description,
            Urgency = report.Urgency,
            ReportedAt = now,
            ReportedBy = actor,
            Stage = ProblemStatus.Reported,
            History = [new ProblemEvent(now, actor, ProblemAction.Report, null, ProblemStatus.Reported, $"{report.Category} ({report.Urgency.ToWire()})")],
        };
    }

    /// <summary>
    /// Applies <paramref name="command"/> on behalf of <paramref name="actor"/> at <paramref name="now"/>:
    /// the new problem with one more history entry, or a refusal with the same instance.
    /// </summary>
    /// <remarks>
    /// If <paramref name="now"/> is earlier than the last history entry (clocks of two instances differ by a
    /// little), the step is recorded at the last entry's time so that the history stays in order.
    /// </remarks>
    /// <exception cref="BadInputException">Listing every bad field of <paramref name="command"/> and the actor.</exception>
    public static ProblemResult Apply(Problem problem, ProblemCommand command, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(command);
        ThrowIfInvalid(command.Validate(), actor);

        var last = problem.History.Count > 0 ? problem.History[^1].At : problem.ReportedAt;
        var at = now < last ? last : now;
        var refusal = Refuse(problem, command, at);
        if (refusal is not null)
        {
            return ProblemResult.Refused(problem, refusal);
        }

        var (next, detail) = command switch
        {
            Dispatch d => (problem with
            {
                Stage = ProblemStatus.Dispatched,
                Department = d.Department,
                DueDays = d.DueDays,
                DispatchedAt = at,
                ReturnedAt = null,
                ReturnReason = null,
            }, $"to {d.Department}, {d.DueDays} day(s) from acceptance"),
            Accept => Accepted(problem, at),
            Return r => (problem with
            {
                Stage = ProblemStatus.Returned,
                AcceptedAt = null,
                DueAt = null,
                ReturnedAt = at,
                ReturnReason = r.Reason,
            }, r.Reason),
            Resolve r => (problem with { Stage = ProblemStatus.Resolved, ResolvedAt = at, Resolution = r.Resolution }, r.Resolution),
            Evaluate e => (problem with { Stage = ProblemStatus.Evaluated, Rating = e.Rating, Comment = e.Comment, EvaluatedBy = e.By, EvaluatedAt = at },
                string.IsNullOrEmpty(e.Comment) ? $"rating {e.Rating}" : $"rating {e.Rating}: {e.Comment}"),
            EvaluateByDefault => (problem with { Stage = ProblemStatus.Evaluated, EvaluatedBy = Evaluator.Default, EvaluatedAt = at }, "no answer: satisfied by default"),
            Reopen r => (problem with
            {
                Stage = ProblemStatus.Returned,
                AcceptedAt = null,
                DueAt = null,
                ResolvedAt = null,
                Resolution = null,
                ReturnedAt = at,
                ReturnReason = r.Reason,
                Dissatisfied = problem.Dissatisfied + 1,
            }, r.Reason),
            Escalate e => (problem with { Escalated = true, EscalatedAt = at }, $"{Missed(e.Stage)} by {Format(e.Deadline)}"),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
        };
        var entry = new ProblemEvent(at, actor, command.Action, problem.Stage, next.Stage, detail);
        return ProblemResult.Applied(next with { History = [.. problem.History, entry] });
    }

    /// <summary>
    /// When the problem's current open stage must be over: dispatched within <see cref="ProblemOptions.TriageHours"/>
    /// of being reported or returned, accepted within <see cref="ProblemOptions.AcceptHours"/> of dispatch,
    /// resolved by <see cref="Problem.DueAt"/>. Null once resolved or evaluated.
    /// </summary>
    public static DateTimeOffset? Deadline(Problem problem, ProblemOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        return problem.Stage switch
        {
            ProblemStatus.Reported => problem.ReportedAt.AddHours(options.TriageHours),
            ProblemStatus.Returned => problem.ReturnedAt?.AddHours(options.TriageHours),
            ProblemStatus.Dispatched => problem.DispatchedAt?.AddHours(options.AcceptHours),
            ProblemStatus.Accepted => problem.DueAt,
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="now"/> is past the problem's <see cref="Deadline"/> (escalated or not).</summary>
    public static bool IsOverdue(Problem problem, DateTimeOffset now, ProblemOptions options) =>
        Deadline(problem, options) is { } deadline && now > deadline;

    /// <summary>
    /// Whether the problem was escalated since it entered its current stage (so not again until it moves on), read
    /// off the history: an escalation after the last step that changed the stage. (Times cannot tell: a step recorded
    /// right after an escalation may carry the same time.)
    /// </summary>
    public static bool EscalatedInStage(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        for (var i = problem.History.Count - 1; i >= 0; i--)
        {
            var step = problem.History[i];
            if (step.Action == ProblemAction.Escalate)
            {
                return true;
            }
            if (step.FromStatus != step.ToStatus)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>
    /// The escalation for every overdue problem not yet escalated in its stage, in the order given: what the
    /// escalation timer applies (as <see cref="TimerActor"/>, at the same <paramref name="now"/>).
    /// </summary>
    public static IReadOnlyList<ProblemEscalation> EscalationsDue(IEnumerable<Problem> problems, DateTimeOffset now, ProblemOptions options)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var due = new List<ProblemEscalation>();
        foreach (var problem in problems)
        {
            if (!EscalatedInStage(problem) && Deadline(problem, options) is { } deadline && now > deadline)
            {
                due.Add(new ProblemEscalation(problem, new Escalate(problem.Stage, deadline)));
            }
        }
        return due;
    }

    private static (Problem, string) Accepted(Problem problem, DateTimeOffset at)
    {
        var dueAt = at.AddDays(problem.DueDays ?? throw new InvalidOperationException($"problem {problem.Id} is dispatched without due days"));
        return (problem with { Stage = ProblemStatus.Accepted, AcceptedAt = at, DueAt = dueAt }, $"due {Format(dueAt)}");
    }

    /// <summary>The next stage for an action, or null when the stage does not allow it.</summary>
    private static ProblemStatus? Next(ProblemStatus stage, ProblemAction action) => (stage, action) switch
    {
        (ProblemStatus.Reported or ProblemStatus.Returned, ProblemAction.Dispatch) => ProblemStatus.Dispatched,
        (ProblemStatus.Dispatched, ProblemAction.Accept) => ProblemStatus.Accepted,
        (ProblemStatus.Dispatched or ProblemStatus.Accepted, ProblemAction.Return) => ProblemStatus.Returned,
        (ProblemStatus.Accepted, ProblemAction.Resolve) => ProblemStatus.Resolved,
        (ProblemStatus.Resolved, ProblemAction.Evaluate) => ProblemStatus.Evaluated,
        (ProblemStatus.Resolved, ProblemAction.Reopen) => ProblemStatus.Returned,
        (_, ProblemAction.Escalate) when stage.IsOpen() => stage,
        _ => null,
    };

    private static string? Refuse(Problem problem, ProblemCommand command, DateTimeOffset at)
    {
        var state = problem.Stage.ToWire() + (problem.Status == ProblemStatus.Escalated ? " (escalated)" : "");
        if (Next(problem.Stage, command.Action) is null)
        {
            return $"problem {problem.Id} is {state}, so it cannot be {Participle(command.Action)}: {Allowed(problem.Stage)}";
        }
        if (command is Escalate escalate)
        {
            if (EscalatedInStage(problem))
            {
                return $"problem {problem.Id} was already escalated at {Format(problem.EscalatedAt ?? at)}: nothing to do";
            }
            if (escalate.Stage != problem.Stage)
            {
                return $"problem {problem.Id} is {state}, no longer {escalate.Stage.ToWire()} as when it was found overdue: look again whether it is overdue";
            }
            if (at <= escalate.Deadline)
            {
                return $"problem {problem.Id} is not overdue until {Format(escalate.Deadline)}";
            }
        }
        if (command is EvaluateByDefault byDefault && at <= byDefault.Deadline)
        {
            return $"problem {problem.Id} waits for its requester's rating until {Format(byDefault.Deadline)}";
        }
        return null;
    }

    private static string Allowed(ProblemStatus stage) => stage switch
    {
        ProblemStatus.Reported => "only dispatch is allowed now",
        ProblemStatus.Dispatched => "only accept or return is allowed now",
        ProblemStatus.Accepted => "only resolve or return is allowed now",
        ProblemStatus.Returned => "only dispatch (to the same or another department) is allowed now",
        ProblemStatus.Resolved => "only evaluate is allowed now",
        _ => "it is closed and cannot change",
    };

    private static string Participle(ProblemAction action) => action switch
    {
        ProblemAction.Report => "reported",
        ProblemAction.Dispatch => "dispatched",
        ProblemAction.Accept => "accepted",
        ProblemAction.Return => "returned",
        ProblemAction.Resolve => "resolved",
        ProblemAction.Evaluate => "evaluated",
        ProblemAction.Escalate => "escalated",
        ProblemAction.Reopen => "reopened",
        _ => action.ToString(),
    };

    private static string Missed(ProblemStatus stage) => stage switch
    {
        ProblemStatus.Dispatched => "not accepted",
        ProblemStatus.Accepted => "not resolved",
        _ => "not dispatched",
    };

    private static string Format(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static void ThrowIfInvalid(IReadOnlyList<FieldError> errors, string? actor)
    {
        var all = errors.ToList();
        ProblemInput.Text(all, "actor", actor, ProblemLimits.MaxActor, required: true);
        if (all.Count > 0)
        {
            throw new BadInputException(string.Join(" ", all.Select(e => e.Message)));
        }
    }
}
