using System.Collections.Concurrent;
using CsCheck;
using Outreach.Problems;
using Outreach.Roster;
using static Outreach.Core.Tests.Problems.Given;

namespace Outreach.Core.Tests.Problems;

/// <summary>
/// Random sequences of random steps (legal, illegal, malformed, and the escalation timer's) applied to a
/// fresh report: the workflow accepts exactly the legal steps, never reaches an inconsistent problem, keeps
/// a complete history and changes nothing when it refuses.
/// </summary>
public class ProblemWorkflowPropertyTests
{
    private const long Iterations = 3000;

    private static readonly ProblemOptions Options = new() { TriageHours = 48, AcceptHours = 24 };

    /// <summary>One step: <paramref name="Command"/> null means "the escalation timer runs now".</summary>
    public sealed record Step(ProblemCommand? Command, string Actor, int MinutesLater);

    /// <summary>The legal moves, written out independently of <see cref="ProblemWorkflow"/>.</summary>
    private static readonly Dictionary<(ProblemStatus, ProblemAction), ProblemStatus> Legal = new()
    {
        [(ProblemStatus.Reported, ProblemAction.Dispatch)] = ProblemStatus.Dispatched,
        [(ProblemStatus.Returned, ProblemAction.Dispatch)] = ProblemStatus.Dispatched,
        [(ProblemStatus.Dispatched, ProblemAction.Accept)] = ProblemStatus.Accepted,
        [(ProblemStatus.Dispatched, ProblemAction.Return)] = ProblemStatus.Returned,
        [(ProblemStatus.Accepted, ProblemAction.Return)] = ProblemStatus.Returned,
        [(ProblemStatus.Accepted, ProblemAction.Resolve)] = ProblemStatus.Resolved,
        [(ProblemStatus.Resolved, ProblemAction.Evaluate)] = ProblemStatus.Evaluated,
        [(ProblemStatus.Resolved, ProblemAction.Reopen)] = ProblemStatus.Returned,
    };

    private static readonly Gen<string> Text = Gen.Frequency(
        (8, "修好了"), (2, ""), (1, " "), (1, new string('x', ProblemLimits.MaxText)), (1, new string('x', ProblemLimits.MaxText + 1)));

    private static readonly Gen<ProblemCommand> Commands = Gen.Frequency(
        (4, Gen.Select(Gen.Frequency((4, "urban"), (4, "water"), (1, "城管局"), (1, ""), (1, "a~b")),
                       Gen.Frequency((8, Gen.Int[1, 30]), (1, Gen.Int[-3, 0]), (1, Gen.Int[365, 366])),
                       (department, days) => (ProblemCommand)new Dispatch(department, days))),
        (4, Gen.Const<ProblemCommand>(new Accept())),
        (2, Text.Select(reason => (ProblemCommand)new Return(reason))),
        (4, Text.Select(resolution => (ProblemCommand)new Resolve(resolution))),
        (3, Gen.Select(Gen.Int[0, 6], Gen.Frequency((1, Gen.Const((string?)null)), (2, Text.Select(t => (string?)t))),
                       (rating, comment) => (ProblemCommand)new Evaluate(rating, comment))),
        (1, Gen.Select(Gen.Int[1, 5], Gen.Enum<Evaluator>(), (rating, by) => (ProblemCommand)new Evaluate(rating, "好", by))),
        (2, Text.Select(reason => (ProblemCommand)new Reopen(reason))),
        (1, Gen.Int[0, 24 * 20].Select(hours => (ProblemCommand)new EvaluateByDefault(T0.AddHours(hours)))),
        (1, Gen.Select(Gen.Enum<ProblemStatus>(), Gen.Int[0, 24 * 20],
                       (stage, hours) => (ProblemCommand)new Escalate(stage, T0.AddHours(hours)))));

    private static readonly Gen<Step> Steps = Gen.Select(
        Gen.Frequency((6, Commands.Select(c => (ProblemCommand?)c)), (1, Gen.Const((ProblemCommand?)null))),
        Gen.Frequency((20, "urban"), (1, ""), (1, new string('a', 65))),
        Gen.Frequency((8, Gen.Int[0, 60 * 48]), (1, Gen.Int[-60, 0])),
        (command, actor, minutes) => new Step(command, actor, minutes));

    [Fact]
    public void Random_steps_never_reach_an_inconsistent_problem_and_history_records_exactly_the_applied_ones()
    {
        var seen = new ConcurrentDictionary<string, int>();
        Gen.Select(Gen.Enum<ProblemUrgency>(), Gen.Bool, Steps.Array[0, 40]).Sample((urgency, direct, steps) =>
        {
            var report = Report() with { Urgency = urgency, VisitId = direct ? null : Report().VisitId };
            var problem = ProblemWorkflow.Report(report, "v1", T0);
            var now = T0;
            var applied = new List<(ProblemAction, string)> { (ProblemAction.Report, "v1") };
            AssertConsistent(problem);

            foreach (var step in steps)
            {
                now = now.AddMinutes(step.MinutesLater);
                var command = step.Command ?? ProblemWorkflow.EscalationsDue([problem], now, Options).SingleOrDefault()?.Command;
                if (command is null)
                {
                    Assert.False(!EscalatedInStage(problem) && ProblemWorkflow.IsOverdue(problem, now, Options), "the timer missed an overdue problem");
                    continue;
                }

                var malformed = command.Validate().Count > 0 || step.Actor is not { Length: > 0 and <= ProblemLimits.MaxActor };
                ProblemResult result;
                try
                {
                    result = ProblemWorkflow.Apply(problem, command, step.Actor, now);
                }
                catch (BadInputException)
                {
                    Assert.True(malformed, $"{command} by '{step.Actor}' was taken for bad input");
                    seen.AddOrUpdate("bad input", 1, (_, n) => n + 1);
                    continue;
                }
                Assert.False(malformed, $"{command} by '{step.Actor}' was not taken for bad input");

                var at = now < problem.History[^1].At ? problem.History[^1].At : now;
                Assert.Equal(IsLegal(problem, command, at), result.IsApplied);
                if (result.IsApplied)
                {
                    var next = result.Problem;
                    Assert.Equal(problem.History.Count + 1, next.History.Count);
                    Assert.Equal(problem.History, next.History.Take(problem.History.Count));
                    var expectedStage = command is Escalate ? problem.Stage : Legal[(problem.Stage, command.Action)];
                    Assert.Equal(new ProblemEvent(at, step.Actor, command.Action, problem.Stage, expectedStage, next.History[^1].Detail), next.History[^1]);
                    applied.Add((command.Action, step.Actor));
                    seen.AddOrUpdate(next.Status.ToWire(), 1, (_, n) => n + 1);
                    if (command is Reopen or EvaluateByDefault)
                    {
                        seen.AddOrUpdate(command is Reopen ? "reopened" : "default", 1, (_, n) => n + 1);
                    }
                }
                else
                {
                    Assert.Same(problem, result.Problem);
                    Assert.StartsWith($"problem {problem.Id} ", result.Refusal);
                    Assert.True(step.Command is not null, $"the timer's own escalation was refused: {result.Refusal}");
                    seen.AddOrUpdate("refused", 1, (_, n) => n + 1);
                }
                problem = result.Problem;
                AssertConsistent(problem);
            }

            Assert.Equal(applied, problem.History.Select(e => (e.Action, e.Actor)));
        }, iter: Iterations);

        // A property that never reaches the late stages proves little: check that the generator gets there.
        foreach (var outcome in new[] { "dispatched", "accepted", "returned", "resolved", "evaluated", "escalated", "refused", "bad input", "reopened", "default" })
        {
            Assert.True(seen.GetValueOrDefault(outcome) > 10, $"only {seen.GetValueOrDefault(outcome)} sequences reached '{outcome}'");
        }
    }

    private static bool IsLegal(Problem problem, ProblemCommand command, DateTimeOffset at) => command switch
    {
        Escalate e => problem.IsOpen && !EscalatedInStage(problem) && e.Stage == problem.Stage && at > e.Deadline,
        EvaluateByDefault d => problem.Stage == ProblemStatus.Resolved && at > d.Deadline,
        _ => Legal.ContainsKey((problem.Stage, command.Action)),
    };

    /// <summary>Read off the history: an escalation since the last step that changed the stage.</summary>
    private static bool EscalatedInStage(Problem problem)
    {
        var escalated = false;
        foreach (var step in problem.History)
        {
            escalated = step.Action == ProblemAction.Escalate || (escalated && step.FromStatus == step.ToStatus);
        }
        return escalated;
    }

    /// <summary>What must hold of every problem the workflow hands out.</summary>
    private static void AssertConsistent(Problem p)
    {
        var history = p.History;
        Assert.NotEmpty(history);
        Assert.Equal(new ProblemEvent(p.ReportedAt, p.ReportedBy, ProblemAction.Report, null, ProblemStatus.Reported, history[0].Detail), history[0]);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.True(history[i].At >= history[i - 1].At, $"history goes back in time at entry {i}");
            Assert.Equal(history[i - 1].ToStatus, history[i].FromStatus);
            Assert.NotEqual(ProblemAction.Report, history[i].Action);
            if (history[i].Action == ProblemAction.Escalate)
            {
                Assert.Equal(history[i].FromStatus, history[i].ToStatus);
            }
        }
        Assert.DoesNotContain(history, e => e.ToStatus == ProblemStatus.Escalated || e.FromStatus == ProblemStatus.Escalated);
        Assert.Equal(p.Stage, history[^1].ToStatus);

        // At most one escalation between two steps that change the stage; the problem remembers the latest.
        var inStage = 0;
        foreach (var step in history.Skip(1))
        {
            inStage = step.Action == ProblemAction.Escalate ? inStage + 1 : step.FromStatus == step.ToStatus ? inStage : 0;
            Assert.True(inStage <= 1, "escalated twice in one stage");
        }
        var escalations = history.Where(e => e.Action == ProblemAction.Escalate).ToList();
        Assert.Equal(escalations.Count > 0, p.Escalated);
        Assert.Equal(escalations.LastOrDefault()?.At, p.EscalatedAt);
        Assert.Equal(EscalatedInStage(p) && p.IsOpen ? ProblemStatus.Escalated : p.Stage, p.Status);

        var stage = p.Stage;
        var dispatched = stage is not ProblemStatus.Reported;
        var accepted = stage is ProblemStatus.Accepted or ProblemStatus.Resolved or ProblemStatus.Evaluated;
        var resolved = stage is ProblemStatus.Resolved or ProblemStatus.Evaluated;
        Assert.Equal(dispatched, Ids.IsValid(p.Department));
        Assert.Equal(dispatched, p.DueDays is >= 1 and <= 365);
        Assert.Equal(dispatched, p.DispatchedAt is not null);
        Assert.Equal(accepted, p.AcceptedAt is not null);
        Assert.Equal(accepted, p.DueAt is not null);
        Assert.Equal(stage == ProblemStatus.Returned, p.ReturnedAt is not null);
        Assert.Equal(stage == ProblemStatus.Returned, !string.IsNullOrWhiteSpace(p.ReturnReason));
        Assert.Equal(resolved, p.ResolvedAt is not null);
        Assert.Equal(resolved, !string.IsNullOrWhiteSpace(p.Resolution));
        // A rating, unless nobody gave one in time (默认满意); the evaluator marked once evaluated.
        Assert.Equal(stage == ProblemStatus.Evaluated && p.EvaluatedBy != Evaluator.Default, p.Rating is >= 1 and <= 5);
        Assert.Equal(stage == ProblemStatus.Evaluated, p.EvaluatedBy is not null);
        Assert.Equal(history.Count(e => e.Action == ProblemAction.Reopen), p.Dissatisfied);
        if (stage != ProblemStatus.Evaluated)
        {
            Assert.Null(p.Comment);
        }

        if (dispatched)
        {
            Assert.Equal(history.Last(e => e.Action == ProblemAction.Dispatch).At, p.DispatchedAt);
            Assert.True(p.DispatchedAt >= p.ReportedAt);
        }
        if (accepted)
        {
            Assert.True(p.AcceptedAt >= p.DispatchedAt);
            Assert.Equal(p.AcceptedAt!.Value.AddDays(p.DueDays!.Value), p.DueAt);
        }
        if (resolved)
        {
            Assert.True(p.ResolvedAt >= p.AcceptedAt);
        }
        if (stage == ProblemStatus.Returned)
        {
            Assert.True(p.ReturnedAt >= p.DispatchedAt);
        }
    }
}
