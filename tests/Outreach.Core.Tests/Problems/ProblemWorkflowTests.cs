using Outreach.Problems;
using static Outreach.Core.Tests.Problems.Given;

namespace Outreach.Core.Tests.Problems;

public class ProblemWorkflowTests
{
    [Fact]
    public void Report_opens_a_problem_at_reported_with_its_first_history_entry()
    {
        var problem = ProblemWorkflow.Report(Report() with { Urgency = ProblemUrgency.Urgent }, "v1", T0);

        Assert.Equal(ProblemStatus.Reported, problem.Stage);
        Assert.Equal(ProblemStatus.Reported, problem.Status);
        Assert.Equal((T0, "v1", "g1~20260302~t1"), (problem.ReportedAt, problem.ReportedBy, problem.VisitId));
        Assert.Equal(ProblemUrgency.Urgent, problem.Urgency);
        var entry = Assert.Single(problem.History);
        Assert.Equal(new ProblemEvent(T0, "v1", ProblemAction.Report, null, ProblemStatus.Reported, "道路 (urgent)"), entry);
    }

    [Fact]
    public void A_coordinator_can_open_a_problem_without_a_visit()
    {
        var problem = ProblemWorkflow.Report(Report() with { VisitId = null }, "coordinator", T0);

        Assert.Null(problem.VisitId);
        Assert.Equal(ProblemStatus.Reported, problem.Status);
    }

    [Fact]
    public void Report_with_bad_fields_names_every_one_and_opens_nothing()
    {
        var bad = new ReportProblem("P 1", "g1", "t~1", null, " ", new string('x', 2001));

        var e = Assert.Throws<BadInputException>(() => ProblemWorkflow.Report(bad, "", T0));

        Assert.Contains("id 'P 1' is not a valid id", e.Message);
        Assert.Contains("targetId 't~1' is not a valid id", e.Message);
        Assert.Contains("category is required", e.Message);
        Assert.Contains("description has 2001 characters: shorten it to at most 2000", e.Message);
        Assert.Contains("actor is required", e.Message);
        Assert.DoesNotContain("grid", e.Message);
        Assert.Equal(["id", "targetId", "category", "description"], bad.Validate().Select(x => x.Field));
    }

    [Fact]
    public void Report_refuses_a_visit_of_another_target()
    {
        var e = Assert.Throws<BadInputException>(() => ProblemWorkflow.Report(Report() with { VisitId = "g1~20260302~t2" }, "v1", T0));

        Assert.Equal("visitId 'g1~20260302~t2' is a visit to t2 in g1, not to t1 in g1.", e.Message);
    }

    [Fact]
    public void Dispatch_sends_a_reported_problem_to_a_department()
    {
        var problem = Reported().Then(new Dispatch("urban", 5), hoursLater: 2, actor: "coordinator");

        Assert.Equal(ProblemStatus.Dispatched, problem.Status);
        Assert.Equal(("urban", 5, T0.AddHours(2)), (problem.Department, problem.DueDays, problem.DispatchedAt));
        Assert.Null(problem.DueAt);
        Assert.Equal(new ProblemEvent(T0.AddHours(2), "coordinator", ProblemAction.Dispatch, ProblemStatus.Reported, ProblemStatus.Dispatched,
            "to urban, 5 day(s) from acceptance"), problem.History[^1]);
    }

    [Fact]
    public void Accept_starts_the_sla_clock_due_days_after_acceptance()
    {
        var dispatched = Dispatched(dueDays: 5);
        var accepted = dispatched.Then(new Accept(), hoursLater: 30, actor: "urban");

        var acceptedAt = dispatched.DispatchedAt!.Value.AddHours(30);
        Assert.Equal(ProblemStatus.Accepted, accepted.Status);
        Assert.Equal(acceptedAt, accepted.AcceptedAt);
        Assert.Equal(acceptedAt.AddDays(5), accepted.DueAt);
        Assert.Equal("due 2026-03-08 16:00 +08:00", accepted.History[^1].Detail);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Return_sends_the_problem_back_to_the_coordinator_with_the_reason_and_stops_the_clock(bool acceptedFirst)
    {
        var before = acceptedFirst ? Accepted() : Dispatched();

        var returned = before.Then(new Return("不属于本部门职责"), actor: "urban");

        Assert.Equal(ProblemStatus.Returned, returned.Status);
        Assert.Equal("不属于本部门职责", returned.ReturnReason);
        Assert.Equal(returned.History[^1].At, returned.ReturnedAt);
        Assert.Null(returned.AcceptedAt);
        Assert.Null(returned.DueAt);
        Assert.Equal("urban", returned.Department);
        Assert.Equal((before.Stage, ProblemStatus.Returned), (returned.History[^1].FromStatus, returned.History[^1].ToStatus));
    }

    [Fact]
    public void A_returned_problem_can_be_dispatched_to_another_department()
    {
        var redispatched = Dispatched().Then(new Return("找水务")).Then(new Dispatch("water", 3), hoursLater: 4);

        Assert.Equal(ProblemStatus.Dispatched, redispatched.Status);
        Assert.Equal(("water", 3), (redispatched.Department, redispatched.DueDays));
        Assert.Equal(redispatched.History[^1].At, redispatched.DispatchedAt);
        Assert.Null(redispatched.ReturnReason);
        Assert.Null(redispatched.ReturnedAt);
        Assert.Contains(redispatched.History, e => e.Action == ProblemAction.Return && e.Detail == "找水务");
    }

    [Fact]
    public void Resolve_then_evaluate_closes_the_problem_with_a_complete_history()
    {
        var evaluated = Resolved().Then(new Evaluate(4, "很快"), actor: "t1");

        Assert.Equal(ProblemStatus.Evaluated, evaluated.Status);
        Assert.Equal(("换了灯泡", 4, "很快"), (evaluated.Resolution, evaluated.Rating, evaluated.Comment));
        Assert.NotNull(evaluated.ResolvedAt);
        Assert.Equal(
            [ProblemAction.Report, ProblemAction.Dispatch, ProblemAction.Accept, ProblemAction.Resolve, ProblemAction.Evaluate],
            evaluated.History.Select(e => e.Action));
        Assert.Equal("rating 4: 很快", evaluated.History[^1].Detail);
        Assert.False(evaluated.IsOpen);
    }

    [Fact]
    public void Escalate_marks_an_open_problem_without_moving_its_stage()
    {
        var accepted = Accepted();
        var escalated = accepted.Then(new Escalate(ProblemStatus.Accepted, accepted.DueAt!.Value), hoursLater: 24 * 6, actor: ProblemWorkflow.TimerActor);

        Assert.Equal(ProblemStatus.Escalated, escalated.Status);
        Assert.Equal(ProblemStatus.Accepted, escalated.Stage);
        Assert.True(escalated.Escalated);
        Assert.Equal(escalated.History[^1].At, escalated.EscalatedAt);
        Assert.Equal(new ProblemEvent(escalated.History[^1].At, ProblemWorkflow.TimerActor, ProblemAction.Escalate, ProblemStatus.Accepted, ProblemStatus.Accepted,
            "not resolved by 2026-03-07 11:00 +08:00"), escalated.History[^1]);
    }

    [Fact]
    public void Resolving_an_escalated_problem_proceeds_from_its_stage_and_no_longer_shows_it_escalated()
    {
        var accepted = Accepted();
        var resolved = accepted
            .Then(new Escalate(ProblemStatus.Accepted, accepted.DueAt!.Value), hoursLater: 24 * 6)
            .Then(new Resolve("修好了"));

        Assert.Equal(ProblemStatus.Resolved, resolved.Status);
        Assert.True(resolved.Escalated);
        Assert.Equal((ProblemStatus.Accepted, ProblemStatus.Resolved), (resolved.History[^1].FromStatus, resolved.History[^1].ToStatus));
    }

    [Fact]
    public void An_escalation_shows_until_the_problem_moves_to_its_next_stage_and_is_remembered_after()
    {
        var escalated = Reported().Then(new Escalate(ProblemStatus.Reported, T0.AddHours(48)), hoursLater: 49);
        var dispatched = escalated.Then(new Dispatch("urban", 2));

        Assert.Equal(ProblemStatus.Escalated, escalated.Status);
        // The department it now goes to is within its own deadline: it is not shown as escalated (督办).
        Assert.Equal((ProblemStatus.Dispatched, ProblemStatus.Dispatched), (dispatched.Stage, dispatched.Status));
        Assert.True(dispatched.Escalated);
        Assert.Equal(escalated.EscalatedAt, dispatched.EscalatedAt);
    }

    [Fact]
    public void Accepting_a_reported_problem_is_refused_until_it_is_dispatched()
    {
        Assert.Equal("problem P-1 is reported, so it cannot be accepted: only dispatch is allowed now", Reported().Refusal(new Accept()));
    }

    [Fact]
    public void Only_evaluate_is_allowed_on_a_resolved_problem()
    {
        var resolved = Resolved();

        Assert.Equal("problem P-1 is resolved, so it cannot be accepted: only evaluate is allowed now", resolved.Refusal(new Accept()));
        Assert.Equal("problem P-1 is resolved, so it cannot be returned: only evaluate is allowed now", resolved.Refusal(new Return("晚了")));
        Assert.StartsWith("problem P-1 is resolved, so it cannot be escalated", resolved.Refusal(new Escalate(ProblemStatus.Accepted, T0)));
    }

    [Fact]
    public void An_evaluated_problem_is_closed()
    {
        var evaluated = Resolved().Then(new Evaluate(5, null));

        Assert.Equal("problem P-1 is evaluated, so it cannot be evaluated: it is closed and cannot change", evaluated.Refusal(new Evaluate(1, "改主意了")));
        Assert.Equal("problem P-1 is evaluated, so it cannot be dispatched: it is closed and cannot change", evaluated.Refusal(new Dispatch("urban", 1)));
    }

    [Fact]
    public void A_dispatched_problem_must_be_accepted_before_it_is_resolved_and_cannot_be_dispatched_again()
    {
        var dispatched = Dispatched();

        Assert.Equal("problem P-1 is dispatched, so it cannot be resolved: only accept or return is allowed now", dispatched.Refusal(new Resolve("好了")));
        Assert.Equal("problem P-1 is dispatched, so it cannot be dispatched: only accept or return is allowed now", dispatched.Refusal(new Dispatch("water", 3)));
    }

    [Fact]
    public void A_refusal_shows_that_the_problem_is_escalated()
    {
        var reported = Reported();
        var escalated = reported.Then(new Escalate(ProblemStatus.Reported, T0.AddHours(48)), hoursLater: 50);

        Assert.Equal("problem P-1 is reported (escalated), so it cannot be accepted: only dispatch is allowed now", escalated.Refusal(new Accept()));
        Assert.StartsWith("problem P-1 was already escalated at 2026-03-04 11:00 +08:00", escalated.Refusal(new Escalate(ProblemStatus.Reported, T0.AddHours(48))));
    }

    [Fact]
    public void An_escalation_found_at_an_earlier_stage_or_before_the_deadline_is_refused()
    {
        var accepted = Accepted();

        Assert.Equal("problem P-1 is accepted, no longer dispatched as when it was found overdue: look again whether it is overdue",
            accepted.Refusal(new Escalate(ProblemStatus.Dispatched, T0)));
        Assert.Equal("problem P-1 is not overdue until 2026-03-07 11:00 +08:00",
            accepted.Refusal(new Escalate(ProblemStatus.Accepted, accepted.DueAt!.Value)));
    }

    [Fact]
    public void Bad_input_throws_naming_every_bad_field_even_when_the_step_is_also_illegal()
    {
        var reported = Reported();

        var dispatch = Assert.Throws<BadInputException>(() => ProblemWorkflow.Apply(reported, new Dispatch("城管局", 0), "coordinator", T0));
        Assert.Equal("department '城管局' is not a valid id: use 1-64 letters, digits, '-', '_' or '.'. dueDays must be 1 to 365, not 0.", dispatch.Message);

        var evaluate = Assert.Throws<BadInputException>(() => ProblemWorkflow.Apply(reported, new Evaluate(6, new string('x', 2001)), "t1", T0));
        Assert.Equal("rating must be 1 to 5, not 6. comment has 2001 characters: shorten it to at most 2000.", evaluate.Message);

        Assert.Equal("reason is required.", Assert.Throws<BadInputException>(() => ProblemWorkflow.Apply(Dispatched(), new Return(" "), "urban", T0)).Message);
        Assert.Equal("resolution is required.", Assert.Throws<BadInputException>(() => ProblemWorkflow.Apply(Accepted(), new Resolve(""), "urban", T0)).Message);
        Assert.Equal("actor is required.", Assert.Throws<BadInputException>(() => ProblemWorkflow.Apply(Dispatched(), new Accept(), "", T0)).Message);
    }

    [Fact]
    public void Limits_are_inclusive()
    {
        var accepted = Reported().Then(new Dispatch(new string('d', 64), 365)).Then(new Accept());
        var evaluated = accepted.Then(new Resolve(new string('r', 2000))).Then(new Evaluate(1, new string('c', 2000)));

        Assert.Equal(ProblemStatus.Evaluated, evaluated.Status);
        Assert.Equal(accepted.AcceptedAt!.Value.AddDays(365), accepted.DueAt);
    }

    [Fact]
    public void A_step_stamped_before_the_last_entry_is_recorded_at_the_last_entry_so_history_stays_in_order()
    {
        var dispatched = Dispatched();

        var accepted = ProblemWorkflow.Apply(dispatched, new Accept(), "urban", dispatched.DispatchedAt!.Value.AddSeconds(-2)).Problem;

        Assert.Equal(dispatched.DispatchedAt, accepted.AcceptedAt);
        Assert.Equal(dispatched.DispatchedAt, accepted.History[^1].At);
    }

    [Fact]
    public void Wire_names_are_kebab_case_and_parse_back_exactly()
    {
        Assert.Equal(["reported", "dispatched", "accepted", "returned", "resolved", "evaluated", "escalated"], Enum.GetValues<ProblemStatus>().Select(s => s.ToWire()));
        Assert.Equal(["normal", "urgent"], Enum.GetValues<ProblemUrgency>().Select(u => u.ToWire()));
        Assert.Equal(["report", "dispatch", "accept", "return", "resolve", "evaluate", "escalate", "reopen"], Enum.GetValues<ProblemAction>().Select(a => a.ToWire()));
        Assert.Equal(["direct", "visit", "request"], Enum.GetValues<ProblemSource>().Select(s => s.ToWire()));
        Assert.Equal(["coordinator", "requester", "default"], Enum.GetValues<Evaluator>().Select(e => e.ToWire()));
        Assert.True(ProblemSources.TryParse("request", out ProblemSource source) && source == ProblemSource.Request);
        Assert.False(ProblemSources.TryParse("Request", out ProblemSource _));
        foreach (var status in Enum.GetValues<ProblemStatus>())
        {
            Assert.True(ProblemStatuses.TryParse(status.ToWire(), out var parsed));
            Assert.Equal(status, parsed);
        }
        Assert.True(ProblemActions.TryParse("return", out var action) && action == ProblemAction.Return);
        Assert.True(ProblemUrgencies.TryParse("urgent", out var urgency) && urgency == ProblemUrgency.Urgent);
        Assert.False(ProblemStatuses.TryParse("Reported", out _));
        Assert.False(ProblemStatuses.TryParse("closed", out _));
        Assert.False(ProblemActions.TryParse(null, out _));
        Assert.False(ProblemUrgencies.TryParse("high", out _));
    }
}
