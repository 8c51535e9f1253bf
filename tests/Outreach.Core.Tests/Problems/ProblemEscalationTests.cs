using Outreach.Problems;
using static Outreach.Core.Tests.Problems.Given;

namespace Outreach.Core.Tests.Problems;

public class ProblemEscalationTests
{
    private static readonly ProblemOptions Defaults = new();

    [Fact]
    public void Defaults_give_48_hours_to_dispatch_and_24_to_accept()
    {
        Assert.Equal((48, 24), (Defaults.TriageHours, Defaults.AcceptHours));
    }

    [Fact]
    public void A_reported_problem_is_overdue_once_the_triage_hours_after_its_report_have_passed()
    {
        var reported = Reported();

        Assert.Equal(T0.AddHours(48), ProblemWorkflow.Deadline(reported, Defaults));
        Assert.False(ProblemWorkflow.IsOverdue(reported, T0.AddHours(48), Defaults));
        Assert.True(ProblemWorkflow.IsOverdue(reported, T0.AddHours(48).AddTicks(1), Defaults));
        Assert.True(ProblemWorkflow.IsOverdue(reported, T0.AddHours(7), new ProblemOptions { TriageHours = 6 }));
    }

    [Fact]
    public void A_dispatched_problem_is_overdue_when_the_department_has_not_accepted_within_the_accept_hours()
    {
        var dispatched = Dispatched();
        var dispatchedAt = dispatched.DispatchedAt!.Value;

        Assert.Equal(dispatchedAt.AddHours(24), ProblemWorkflow.Deadline(dispatched, Defaults));
        Assert.False(ProblemWorkflow.IsOverdue(dispatched, dispatchedAt.AddHours(24), Defaults));
        Assert.True(ProblemWorkflow.IsOverdue(dispatched, dispatchedAt.AddHours(25), Defaults));
    }

    [Fact]
    public void An_accepted_problem_is_overdue_after_its_due_time_not_before()
    {
        var accepted = Dispatched(dueDays: 3).Then(new Accept(), hoursLater: 20);

        Assert.Equal(accepted.AcceptedAt!.Value.AddDays(3), ProblemWorkflow.Deadline(accepted, Defaults));
        // Accepted 20 hours after dispatch: the accept deadline no longer applies, only the due time.
        Assert.False(ProblemWorkflow.IsOverdue(accepted, accepted.DueAt!.Value, Defaults));
        Assert.True(ProblemWorkflow.IsOverdue(accepted, accepted.DueAt!.Value.AddMinutes(1), Defaults));
    }

    [Fact]
    public void A_returned_problem_has_the_triage_hours_counted_from_its_return_not_its_report()
    {
        var returned = Dispatched().Then(new Return("不归我们管"), hoursLater: 60);
        var returnedAt = returned.ReturnedAt!.Value;

        Assert.Equal(returnedAt.AddHours(48), ProblemWorkflow.Deadline(returned, Defaults));
        Assert.True(returnedAt.AddHours(1) > T0.AddHours(48));
        Assert.False(ProblemWorkflow.IsOverdue(returned, returnedAt.AddHours(1), Defaults));
        Assert.True(ProblemWorkflow.IsOverdue(returned, returnedAt.AddHours(49), Defaults));
    }

    [Fact]
    public void Resolved_and_evaluated_problems_are_never_overdue()
    {
        var resolved = Resolved();
        var evaluated = resolved.Then(new Evaluate(3, null));
        var muchLater = T0.AddYears(1);

        Assert.Null(ProblemWorkflow.Deadline(resolved, Defaults));
        Assert.False(ProblemWorkflow.IsOverdue(resolved, muchLater, Defaults));
        Assert.False(ProblemWorkflow.IsOverdue(evaluated, muchLater, Defaults));
    }

    [Fact]
    public void The_timer_escalates_each_overdue_problem_once_at_its_stage_and_leaves_the_others()
    {
        var now = T0.AddDays(3);
        var reported = Reported("P-reported");                                                   // due T0+48h: overdue
        var fresh = ProblemWorkflow.Report(Report("P-fresh"), "v1", now.AddHours(-1));           // due in 47h
        var dispatched = Reported("P-dispatched").Then(new Dispatch("urban", 5));                // due T0+25h: overdue
        var accepted = Reported("P-accepted").Then(new Dispatch("urban", 5)).Then(new Accept()); // due T0+5d+2h
        var resolved = Reported("P-resolved").Then(new Dispatch("urban", 1)).Then(new Accept()).Then(new Resolve("好了"));
        var already = Reported("P-already").Then(new Escalate(ProblemStatus.Reported, T0.AddHours(48)), hoursLater: 49);

        var due = ProblemWorkflow.EscalationsDue([reported, fresh, dispatched, accepted, resolved, already], now, Defaults);

        Assert.Equal(
            [("P-reported", new Escalate(ProblemStatus.Reported, T0.AddHours(48))), ("P-dispatched", new Escalate(ProblemStatus.Dispatched, T0.AddHours(25)))],
            due.Select(e => (e.Problem.Id, e.Command)));

        var escalated = due.Select(e => ProblemWorkflow.Apply(e.Problem, e.Command, ProblemWorkflow.TimerActor, now)).ToList();
        Assert.All(escalated, r => Assert.True(r.IsApplied, r.Refusal));
        Assert.All(escalated, r => Assert.Equal(ProblemStatus.Escalated, r.Problem.Status));
        Assert.Equal("not dispatched by 2026-03-04 09:00 +08:00", escalated[0].Problem.History[^1].Detail);
        Assert.Equal("not accepted by 2026-03-03 10:00 +08:00", escalated[1].Problem.History[^1].Detail);

        Assert.Empty(ProblemWorkflow.EscalationsDue(escalated.Select(r => r.Problem), now.AddDays(30), Defaults));
        Assert.Equal(["P-accepted"], ProblemWorkflow.EscalationsDue([accepted], now.AddDays(3), Defaults).Select(e => e.Problem.Id));
    }

    [Fact]
    public void An_escalation_applied_at_the_deadline_itself_is_refused()
    {
        var dispatched = Dispatched();
        var deadline = ProblemWorkflow.Deadline(dispatched, Defaults)!.Value;

        var atDeadline = ProblemWorkflow.Apply(dispatched, new Escalate(ProblemStatus.Dispatched, deadline), ProblemWorkflow.TimerActor, deadline);
        var after = ProblemWorkflow.Apply(dispatched, new Escalate(ProblemStatus.Dispatched, deadline), ProblemWorkflow.TimerActor, deadline.AddSeconds(1));

        Assert.Equal("problem P-1 is not overdue until 2026-03-03 10:00 +08:00", atDeadline.Refusal);
        Assert.True(after.IsApplied);
    }

    [Fact]
    public void A_stale_escalation_is_refused_when_the_department_accepted_in_the_meantime()
    {
        var dispatched = Dispatched();
        var now = dispatched.DispatchedAt!.Value.AddHours(30);
        var escalation = Assert.Single(ProblemWorkflow.EscalationsDue([dispatched], now, Defaults));
        var acceptedMeanwhile = ProblemWorkflow.Apply(dispatched, new Accept(), "urban", now).Problem;

        var result = ProblemWorkflow.Apply(acceptedMeanwhile, escalation.Command, ProblemWorkflow.TimerActor, now);

        Assert.False(result.IsApplied);
        Assert.Same(acceptedMeanwhile, result.Problem);
        Assert.StartsWith("problem P-1 is accepted, no longer dispatched", result.Refusal);
    }

    [Fact]
    public void An_escalation_for_a_closed_stage_is_bad_input()
    {
        var e = Assert.Throws<BadInputException>(() => ProblemWorkflow.Apply(Reported(), new Escalate(ProblemStatus.Escalated, T0), ProblemWorkflow.TimerActor, T0));

        Assert.Equal("stage must be an open stage (reported, dispatched, accepted or returned), not escalated.", e.Message);
    }
}
