using Outreach.Calendar;
using Outreach.Links;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Reports;
using Outreach.Requests;

namespace Outreach.Core.Tests.Requests;

/// <summary>
/// Requests through a target's own link (企业下单、居民点单) and the requester's rating (评价反馈), on the in-memory stores
/// with the real notices, templates and outbox rules.
/// </summary>
public class RequestServiceTests
{
    [Fact]
    public async Task A_request_enters_the_workflow_at_reported_with_its_source_grid_and_target_and_shows_on_the_page()
    {
        var world = await RequestWorld.CreateAsync();
        var token = await world.RequestLinkAsync();

        var placed = await world.PlaceAsync(token);

        Assert.Equal((ProblemStatus.Reported, ProblemSource.Request, "g1", "e1", null), (placed.Stage, placed.Source, placed.Grid, placed.TargetId, placed.VisitId));
        Assert.Equal(("用工招聘", "招工难，缺少操作工", ProblemUrgency.Urgent, "工作日上午", RequestService.Actor), (placed.Category, placed.Description, placed.Urgency, placed.PreferredTime, placed.ReportedBy));
        Assert.Matches(@"^g1~20261207~e1~r[0-9a-f]{8}$", placed.Id);
        // The coordinator's list and the escalation timer see it like any other problem.
        Assert.Equal([placed.Id], (await world.Problems.ListAsync(new ProblemFilter(OpenOnly: true))).Select(p => p.Problem.Id));
        var view = Assert.IsType<RequestView>(await world.LinkService.OpenAsync(token));
        Assert.Equal(("滨海化工", 1, 3), (view.Target.Name, view.PlacedToday, view.DailyCap));
        Assert.Equal([placed.Id], view.Requests.Select(r => r.Id));
        Assert.Equal(new Contact("陈主任", "+8613800138009"), view.AskWhom);
        Assert.Contains("用工招聘", view.Categories);
    }

    [Fact]
    public async Task A_request_nobody_dispatches_is_escalated_like_any_problem()
    {
        var world = await RequestWorld.CreateAsync();
        var placed = await world.PlaceAsync(await world.RequestLinkAsync());

        world.Clock.Advance(TimeSpan.FromHours(new ProblemOptions().TriageHours + 1));
        var run = await world.Escalation.RunAsync();

        Assert.Equal([placed.Id], run.Escalated);
        Assert.Equal(ProblemStatus.Escalated, (await world.Stores.Problems.GetAsync(placed.Id))!.Problem.Status);
    }

    [Fact]
    public async Task Bad_fields_are_all_named_and_nothing_is_written()
    {
        var world = await RequestWorld.CreateAsync();
        var token = await world.RequestLinkAsync();

        var post = await world.LinkService.PlaceRequestAsync(token, new RequestInput("修路", new string('长', 501), "high", new string('x', 65)));

        Assert.Equal(RequestOutcome.Invalid, post.Result!.Outcome);
        Assert.Equal(["category", "description", "urgency", "preferredTime"], post.Result.Errors.Select(e => e.Field));
        Assert.Equal((FieldProblem.TooLong, "500"), (post.Result.Errors[1].Problem, post.Result.Errors[1].Limit));
        var blank = await world.LinkService.PlaceRequestAsync(token, new RequestInput(null, "  ", null, null));
        Assert.Equal([FieldProblem.Required, FieldProblem.Required], blank.Result!.Errors.Select(e => e.Problem));
        Assert.Empty(await world.Stores.Problems.ListAsync(new ProblemFilter()));
    }

    [Fact]
    public async Task The_daily_cap_refuses_the_next_request_writing_nothing_while_a_second_tap_is_the_same_request_and_tomorrow_is_open()
    {
        var world = await RequestWorld.CreateAsync();
        var token = await world.RequestLinkAsync();
        var first = await world.PlaceAsync(token, "一");
        await world.PlaceAsync(token, "二");
        await world.PlaceAsync(token, "三");

        var again = await world.PlaceAsync(token, "一");
        var capped = await world.LinkService.PlaceRequestAsync(token, new RequestInput("其他", "四", null, null));
        var otherTarget = await world.PlaceAsync(await world.RequestLinkAsync("h1"), "四");
        world.Clock.SetUtcNow(RequestWorld.MondayMorning.AddDays(1));
        var tomorrow = await world.PlaceAsync(token, "四");

        Assert.Equal(first.Id, again.Id);
        Assert.Equal((RequestOutcome.Capped, null), (capped.Result!.Outcome, capped.Result.Problem));
        Assert.Equal("h1", otherTarget.TargetId);
        Assert.Equal("g1~20261208~e1", tomorrow.Id[..14]);
        Assert.Equal(5, (await world.Stores.Problems.ListAsync(new ProblemFilter())).Count);
    }

    [Fact]
    public async Task A_rotated_link_is_refused_as_replaced_saying_whom_to_ask_while_the_new_one_and_other_targets_links_work()
    {
        var world = await RequestWorld.CreateAsync();
        var old = await world.RequestLinkAsync("e1");
        var household = await world.RequestLinkAsync("h1");

        var fresh = await world.Requests.TokenAsync((await world.Stores.Roster.GetTargetAsync("g1", "e1"))!, rotate: true);

        var refused = Assert.IsType<RefusedView>(await world.LinkService.OpenAsync(old));
        Assert.Equal((LinkRefusal.Replaced, "陈主任"), (refused.Reason, refused.AskWhom?.Name));
        var post = await world.LinkService.PlaceRequestAsync(old, new RequestInput("其他", "还能提交吗", null, null));
        Assert.Equal(LinkRefusal.Replaced, post.Refused?.Reason);
        Assert.IsType<RequestView>(await world.LinkService.OpenAsync(fresh));
        Assert.IsType<RequestView>(await world.LinkService.OpenAsync(household));
        Assert.Equal(fresh, await world.RequestLinkAsync("e1"));
        Assert.Empty(await world.Stores.Problems.ListAsync(new ProblemFilter()));
    }

    [Fact]
    public async Task A_forged_link_a_target_gone_from_the_roster_and_other_scopes_open_nothing()
    {
        var world = await RequestWorld.CreateAsync();
        var token = await world.RequestLinkAsync("h2");
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.Equal(LinkRefusal.Forged, Assert.IsType<RefusedView>(await world.LinkService.OpenAsync(forged)).Reason);
        var dayLink = world.Links.Sign(new LinkGrant("s1", LinkGrant.DayScope(new DateOnly(2026, 12, 7)), RequestWorld.MondayMorning.AddDays(1)));
        Assert.Equal(LinkRefusal.OutOfScope, (await world.LinkService.PlaceRequestAsync(dayLink, new RequestInput("其他", "x", null, null))).Refused?.Reason);
        Assert.Equal(LinkRefusal.OutOfScope, (await world.LinkService.ApplyStepAsync(token, null, new ProblemStepInput("accept"))).Refused?.Reason);
        await world.Stores.Roster.DeleteTargetsAsync([(await world.Stores.Roster.GetTargetAsync("g1", "h2"))!]);
        var gone = Assert.IsType<RefusedView>(await world.LinkService.OpenAsync(token));
        Assert.Equal((LinkRefusal.NotFound, "陈主任"), (gone.Reason, gone.AskWhom?.Name));
    }

    [Fact]
    public async Task Resolving_sends_the_contact_a_rating_sms_through_the_outbox_whose_link_rates_the_fix_as_the_requester()
    {
        var world = await RequestWorld.CreateAsync();
        var request = await world.PlaceAsync(await world.RequestLinkAsync());
        world.Clock.Advance(TimeSpan.FromHours(2));

        var resolved = await world.ResolveAsync(request.Id);

        var sms = Assert.Single(await world.RatingRequestsAsync());
        Assert.Equal(("e1", RequestWorld.E1Phone, OutboxStatus.Pending), (sms.RecipientId, sms.Phone, sms.Status));
        Assert.Equal($"{request.Id}~1", sms.Subject);
        Assert.StartsWith("【评价反馈】滨海化工：关于您的用工招聘问题已办结：已对接人社局招聘会。请于12月14日前评价（1-5分），未解决也请告知：http://localhost:7071/v/", sms.Text);
        Assert.Equal(resolved.ResolvedAt!.Value.AddDays(7), sms.ExpiresAt);
        var token = RequestWorld.TokenOf(sms);
        var view = Assert.IsType<RatingView>(await world.LinkService.OpenAsync(token));
        Assert.True(view.CanRate);
        Assert.Equal(resolved.ResolvedAt.Value.AddDays(7), view.RateBy);

        var rated = await world.LinkService.RateAsync(token, new RatingInput("rate", "4", " 很及时 ", null));
        var tapAgain = await world.LinkService.RateAsync(token, new RatingInput("rate", "4", "很及时", null));

        Assert.Equal((RatingOutcome.Rated, RatingOutcome.Rated), (rated.Result!.Outcome, tapAgain.Result!.Outcome));
        var stored = (await world.Stores.Problems.GetAsync(request.Id))!.Problem;
        Assert.Equal((ProblemStatus.Evaluated, 4, "很及时", Evaluator.Requester), (stored.Stage, stored.Rating, stored.Comment, stored.EvaluatedBy));
        Assert.Equal(RequestService.Actor, stored.History[^1].Actor);
        Assert.False(Assert.IsType<RatingView>(await world.LinkService.OpenAsync(token)).CanRate);
        var changed = await world.LinkService.RateAsync(token, new RatingInput("reopen", null, null, "其实没解决"));
        Assert.Equal(RatingOutcome.NotWaiting, changed.Result!.Outcome);
    }

    [Fact]
    public async Task Not_solved_reopens_the_problem_with_the_requesters_words_and_the_next_fix_asks_again()
    {
        var world = await RequestWorld.CreateAsync();
        var request = await world.PlaceAsync(await world.RequestLinkAsync());
        await world.ResolveAsync(request.Id);
        var token = RequestWorld.TokenOf(Assert.Single(await world.RatingRequestsAsync()));

        var empty = await world.LinkService.RateAsync(token, new RatingInput("reopen", null, null, " "));
        var reopened = await world.LinkService.RateAsync(token, new RatingInput("reopen", null, null, "还是招不到人"));

        Assert.Equal(["notSolved"], empty.Result!.Errors.Select(e => e.Field));
        Assert.Equal(RatingOutcome.Reopened, reopened.Result!.Outcome);
        var stored = (await world.Stores.Problems.GetAsync(request.Id))!.Problem;
        Assert.Equal((ProblemStatus.Returned, "还是招不到人", 1), (stored.Stage, stored.ReturnReason, stored.Dissatisfied));
        world.Clock.Advance(TimeSpan.FromDays(1));
        await world.ResolveAsync(request.Id, "已推荐三名操作工");
        var asks = await world.RatingRequestsAsync();
        Assert.Equal([$"{request.Id}~1", $"{request.Id}~2"], asks.Select(a => a.Subject).Order(StringComparer.Ordinal));
        var report = ProblemReport.Satisfied("request", [(await world.Stores.Problems.GetAsync(request.Id))!.Problem]);
        Assert.Equal((0, 1, (double?)1.0), (report.Evaluated, report.Dissatisfied, report.DissatisfiedRate));
    }

    [Fact]
    public async Task Nobody_rating_in_seven_days_is_evaluated_as_satisfied_by_default_by_the_escalation_run()
    {
        var world = await RequestWorld.CreateAsync();
        var request = await world.PlaceAsync(await world.RequestLinkAsync());
        var resolved = await world.ResolveAsync(request.Id);

        world.Clock.SetUtcNow(resolved.ResolvedAt!.Value.AddDays(7));
        var early = await world.Escalation.RunAsync();
        world.Clock.Advance(TimeSpan.FromHours(1));
        var late = await world.Escalation.RunAsync();
        var again = await world.Escalation.RunAsync();

        Assert.Empty(early.DefaultSatisfied);
        Assert.Equal([request.Id], late.DefaultSatisfied);
        Assert.Empty(again.DefaultSatisfied);
        var stored = (await world.Stores.Problems.GetAsync(request.Id))!.Problem;
        Assert.Equal((ProblemStatus.Evaluated, null, Evaluator.Default), (stored.Stage, stored.Rating, stored.EvaluatedBy));
        Assert.Equal(EscalationService.RatingTimerActor, stored.History[^1].Actor);
    }

    [Fact]
    public async Task The_rating_sms_keeps_quiet_hours_and_the_deny_list_and_a_lost_one_is_written_by_the_next_escalation_run()
    {
        var world = await RequestWorld.CreateAsync();
        await world.Stores.Outbox.DenyAsync("+8613700000002", "退订", RequestWorld.MondayMorning);
        var forHousehold = await world.PlaceAsync(await world.RequestLinkAsync("h1"));
        var noPhone = await world.PlaceAsync(await world.RequestLinkAsync("h2"));
        world.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 22, 30, 0, ChinaTime.Offset));

        await world.ResolveAsync(forHousehold.Id);
        await world.ResolveAsync(noPhone.Id);

        var denied = Assert.Single(await world.RatingRequestsAsync());
        Assert.Equal(("h1", OutboxStatus.Denied), (denied.RecipientId, denied.Status));
        // A resolve whose rating request was never written (the notifier failed): the next run writes it, once.
        var direct = (await new ProblemService(world.Stores.Problems, world.Stores.Roster, world.Clock).OpenAsync(
            new DirectReport("g1", "e1", "道路设施", "门前路灯不亮", ProblemUrgency.Normal, "hotline"))).Problem!;
        foreach (var (command, actor) in new (ProblemCommand, string)[] { (new Dispatch("urban-management", 5), "coordinator"), (new Accept(), "urban-management"), (new Resolve("已修复"), "urban-management") })
        {
            Assert.Equal(ProblemStepKind.Applied, (await new ProblemService(world.Stores.Problems, world.Stores.Roster, world.Clock).ApplyAsync(direct.Id, command, actor)).Kind);
        }
        await world.Escalation.RunAsync();
        await world.Escalation.RunAsync();
        var caught = (await world.RatingRequestsAsync()).Single(r => r.RecipientId == "e1");
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 8, 0, 0, ChinaTime.Offset), caught.NextAttemptAt);
    }

    [Fact]
    public async Task A_rating_link_opens_only_its_own_targets_problem()
    {
        var world = await RequestWorld.CreateAsync();
        var theirs = await world.PlaceAsync(await world.RequestLinkAsync("h1"));
        await world.ResolveAsync(theirs.Id);
        var wrong = world.Links.Sign(LinkGrant.ForRating("e1", theirs.Id, RequestWorld.MondayMorning.AddDays(7)));

        Assert.Equal(LinkRefusal.NotFound, Assert.IsType<RefusedView>(await world.LinkService.OpenAsync(wrong)).Reason);
        Assert.Equal(LinkRefusal.NotFound, (await world.LinkService.RateAsync(wrong, new RatingInput("rate", "1", null, null))).Refused?.Reason);
        Assert.Equal(ProblemStatus.Resolved, (await world.Stores.Problems.GetAsync(theirs.Id))!.Problem.Stage);
    }
}
