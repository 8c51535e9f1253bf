using Outreach.Problems;
using static Outreach.Core.Tests.Problems.Given;

namespace Outreach.Core.Tests.Problems;

/// <summary>评价反馈 in the workflow: the requester's rating, "not solved" (reopen), 默认满意, and the coordinator's rating, each marked.</summary>
public class RequesterVerdictTests
{
    [Fact]
    public void Not_solved_sends_a_resolved_problem_back_returned_with_the_requesters_words_and_counts_a_dissatisfied_case()
    {
        var resolved = Resolved();

        var reopened = resolved.Then(new Reopen("路灯还是不亮"), actor: "requester");

        Assert.Equal((ProblemStatus.Returned, "路灯还是不亮", 1), (reopened.Stage, reopened.ReturnReason, reopened.Dissatisfied));
        Assert.Equal((null, null, null, null), (reopened.ResolvedAt, reopened.Resolution, reopened.AcceptedAt, reopened.DueAt));
        Assert.Equal(new ProblemEvent(reopened.ReturnedAt!.Value, "requester", ProblemAction.Reopen, ProblemStatus.Resolved, ProblemStatus.Returned, "路灯还是不亮"), reopened.History[^1]);
        // Back with the coordinator: triage runs again from the reopening, and 督办 follows when it is late.
        Assert.Equal(reopened.ReturnedAt!.Value.AddHours(new ProblemOptions().TriageHours), ProblemWorkflow.Deadline(reopened, new ProblemOptions()));
        var again = reopened.Then(new Dispatch("water", 3)).Then(new Accept()).Then(new Resolve("换了线路")).Then(new Evaluate(5, null, Evaluator.Requester), actor: "requester");
        Assert.Equal((ProblemStatus.Evaluated, 1, 5), (again.Stage, again.Dissatisfied, again.Rating));
    }

    [Fact]
    public void Only_a_resolved_problem_can_be_reopened_and_only_with_words()
    {
        Assert.Equal("problem P-1 is accepted, so it cannot be reopened: only resolve or return is allowed now", Accepted().Refusal(new Reopen("没修")));
        var evaluated = Resolved().Then(new Evaluate(4, null));
        Assert.Equal("problem P-1 is evaluated, so it cannot be reopened: it is closed and cannot change", evaluated.Refusal(new Reopen("没修")));
        Assert.Throws<BadInputException>(() => ProblemWorkflow.Apply(Resolved(), new Reopen(" "), "requester", T0.AddDays(2)));
    }

    [Fact]
    public void Nobody_rating_in_time_is_satisfied_by_default_with_no_rating_and_the_marker()
    {
        var resolved = Resolved();
        var deadline = resolved.ResolvedAt!.Value.AddDays(7);

        var early = ProblemWorkflow.Apply(resolved, new EvaluateByDefault(deadline), "rating-timer", deadline);
        var late = ProblemWorkflow.Apply(resolved, new EvaluateByDefault(deadline), "rating-timer", deadline.AddMinutes(1));

        Assert.False(early.IsApplied);
        Assert.StartsWith("problem P-1 waits for its requester's rating until", early.Refusal);
        Assert.True(late.IsApplied);
        Assert.Equal((ProblemStatus.Evaluated, null, Evaluator.Default, deadline.AddMinutes(1)), (late.Problem.Stage, late.Problem.Rating, late.Problem.EvaluatedBy, late.Problem.EvaluatedAt));
        Assert.Equal("no answer: satisfied by default", late.Problem.History[^1].Detail);
    }

    [Fact]
    public void A_coordinators_rating_is_marked_as_the_coordinators_and_nobody_else_may_claim_the_default()
    {
        Assert.Equal(Evaluator.Coordinator, Resolved().Then(new Evaluate(3, "电话回访")).EvaluatedBy);
        Assert.Equal(Evaluator.Requester, Resolved().Then(new Evaluate(3, null, Evaluator.Requester)).EvaluatedBy);
        var error = Assert.Throws<BadInputException>(() => ProblemWorkflow.Apply(Resolved(), new Evaluate(5, null, Evaluator.Default), "coordinator", T0.AddDays(2)));
        Assert.Contains("默认满意", error.Message);
    }

    [Fact]
    public void A_report_knows_its_source_and_a_request_takes_no_visit()
    {
        Assert.Equal(ProblemSource.Visit, Reported().Source);
        Assert.Equal(ProblemSource.Direct, ProblemWorkflow.Report(Report() with { VisitId = null }, "coordinator", T0).Source);
        var request = ProblemWorkflow.Report(Report() with { VisitId = null, Request = true, PreferredTime = "周末上午" }, "requester", T0);
        Assert.Equal((ProblemSource.Request, "周末上午"), (request.Source, request.PreferredTime));
        Assert.Contains((Report() with { Request = true }).Validate(), e => e.Field == "visitId");
        Assert.Contains((Report() with { VisitId = null, Request = true, PreferredTime = new string('x', 65) }).Validate(), e => e.Field == "preferredTime");
    }
}
