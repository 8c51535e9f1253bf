using Outreach.Outcomes;
using Outreach.Problems;
using Outreach.Reminders;
using static Outreach.Core.Tests.ServiceWorld;

namespace Outreach.Core.Tests.Problems;

/// <summary>Problems on the in-memory stores: opening directly, steps as the API takes them, the roster's departments, lost races by ETag, and the dispatch notice.</summary>
public sealed class ProblemServiceTests
{
    [Fact]
    public async Task A_problem_raised_by_an_outcome_goes_from_report_to_rating_with_a_complete_history()
    {
        var (world, id, other) = await TwoProblemsAsync();

        var dispatched = await world.Problems.ApplyAsync(id, new ProblemStepInput("dispatch", Department: "urban-management", DueDays: 5));
        world.Clock.Advance(TimeSpan.FromHours(2));
        var accepted = await world.Problems.ApplyAsync(id, new ProblemStepInput("accept"));
        var resolved = await world.Problems.ApplyAsync(id, new ProblemStepInput("resolve", Resolution: "联系了人社局招聘会", Actor: "hr-bureau"));
        var evaluated = await world.Problems.ApplyAsync(id, new ProblemStepInput("evaluate", Rating: 5, Comment: "满意"));

        Assert.All([dispatched, accepted, resolved, evaluated], r => Assert.Equal(ProblemStepKind.Applied, r.Kind));
        var stored = (await world.Problems.GetAsync(id))!;
        Assert.Equal(evaluated.ETag, stored.ETag);
        var problem = stored.Problem;
        Assert.Equal((ProblemStatus.Evaluated, "urban-management", 5, 5, "满意"), (problem.Status, problem.Department, problem.DueDays, problem.Rating, problem.Comment));
        Assert.Equal(world.Clock.GetUtcNow().AddDays(5), problem.DueAt);
        Assert.Equal([ProblemAction.Report, ProblemAction.Dispatch, ProblemAction.Accept, ProblemAction.Resolve, ProblemAction.Evaluate], problem.History.Select(h => h.Action));
        // Nobody named: the coordinator dispatches and rates, the department does the rest.
        Assert.Equal([world.H1.VisitorIds[0], "coordinator", "department", "hr-bureau", "coordinator"], problem.History.Select(h => h.Actor));
        Assert.Equal([id], (await world.Problems.ListAsync(new ProblemFilter(Department: "urban-management"))).Select(p => p.Problem.Id));
        Assert.Equal([other], (await world.Problems.ListAsync(new ProblemFilter(Status: ProblemStatus.Reported, Grid: "g1"))).Select(p => p.Problem.Id));
    }

    [Fact]
    public async Task A_problem_opened_directly_is_stored_without_a_visit_and_the_same_report_again_returns_it()
    {
        var world = await CreateAsync();
        var report = new DirectReportInput("g1", "h2", "住房", "12345热线：楼道灯坏了", "urgent", "hotline-12345");

        var opened = await world.Problems.OpenAsync(report);
        // The hotline's client retries a minute later: the same problem comes back, no second one.
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var retried = await world.Problems.OpenAsync(report);

        Assert.Equal((true, false), (opened.Created, retried.Created));
        var problem = opened.Problem!;
        Assert.Matches(@"^g1~\d{8}~h2~d[0-9a-f]{8}$", problem.Id);
        Assert.Equal((null, ProblemUrgency.Urgent, "hotline-12345", ProblemStatus.Reported), (problem.VisitId, problem.Urgency, problem.ReportedBy, problem.Status));
        Assert.Equal(problem.Id, retried.Problem!.Id);
        Assert.Equal(problem.Id, Assert.Single(await world.Problems.ListAsync(new ProblemFilter(Grid: "g1"))).Problem.Id);
    }

    [Fact]
    public async Task Opening_a_problem_names_every_bad_field_and_a_target_missing_from_the_roster_and_stores_nothing()
    {
        var world = await CreateAsync();

        var bad = await world.Problems.OpenAsync(new DirectReportInput("g 1", null, "", null, "asap"));
        var unknownTarget = await world.Problems.OpenAsync(new DirectReportInput("g1", "h9", "住房", "楼道灯坏了"));

        Assert.Null(bad.Problem);
        Assert.Equal(["urgency", "grid", "targetId", "category", "description"], bad.Errors.Select(e => e.Field));
        Assert.Null(unknownTarget.Problem);
        var error = Assert.Single(unknownTarget.Errors);
        Assert.Equal("targetId", error.Field);
        Assert.Contains("'h9' is not a target of grid g1", error.Message);
        Assert.Empty(await world.Problems.ListAsync(new ProblemFilter()));
    }

    [Fact]
    public async Task A_step_the_stage_does_not_allow_with_bad_fields_or_on_no_problem_changes_nothing()
    {
        var (world, id, _) = await TwoProblemsAsync();

        var illegal = await world.Problems.ApplyAsync(id, new ProblemStepInput("accept"));
        var badRating = await world.Problems.ApplyAsync(id, new ProblemStepInput("evaluate", Rating: 9));
        var unknownAction = await world.Problems.ApplyAsync(id, new ProblemStepInput("escalate"));
        var unknownId = await world.Problems.ApplyAsync("g1~20261207~h1~9", new ProblemStepInput("accept"));
        var badId = await world.Problems.ApplyAsync("not an id", new ProblemStepInput("accept"));

        Assert.Equal(ProblemStepKind.Refused, illegal.Kind);
        Assert.Contains("only dispatch is allowed now", illegal.Message);
        Assert.Equal((ProblemStepKind.Invalid, ProblemStepKind.Invalid), (badRating.Kind, unknownAction.Kind));
        Assert.Equal(["rating"], badRating.Errors.Select(e => e.Field));
        Assert.Equal(["action"], unknownAction.Errors.Select(e => e.Field));
        Assert.Contains("dispatch|accept|return|resolve|evaluate", unknownAction.Message);
        Assert.Equal((ProblemStepKind.NotFound, ProblemStepKind.NotFound), (unknownId.Kind, badId.Kind));
        var unchanged = await world.ProblemAsync(id);
        Assert.Equal((ProblemStatus.Reported, 1), (unchanged.Status, unchanged.History.Count));
        Assert.Equal(2, (await world.Problems.ListAsync(new ProblemFilter())).Count);
    }

    [Fact]
    public async Task Before_any_department_is_imported_a_dispatch_may_name_any_id_and_after_only_one_in_the_roster()
    {
        var bare = await CreateAsync(departments: false);
        var imported = await CreateAsync();
        var (anyId, rosterId) = (await bare.OpenAsync(), await imported.OpenAsync());

        var taken = await bare.Problems.ApplyAsync(anyId, new Dispatch("urban", 5), "coordinator");
        var refused = await imported.Problems.ApplyAsync(rosterId, new Dispatch("urban", 5), "coordinator");

        Assert.Equal((ProblemStepKind.Applied, "urban"), (taken.Kind, taken.Problem!.Department));
        Assert.Equal(ProblemStepKind.Invalid, refused.Kind);
        Assert.Equal(["department"], refused.Errors.Select(e => e.Field));
        Assert.Contains("'urban' is not in the roster: use one of emergency, urban-management", refused.Message);
        Assert.Contains("departments.csv", refused.Message);
        Assert.Equal(ProblemStatus.Reported, (await imported.ProblemAsync(rosterId)).Status);
        // Nobody to notify either way: no department by that id, and the dispatch that was refused.
        Assert.Empty(await bare.OutboxAsync());
        Assert.Empty(await imported.OutboxAsync());
    }

    [Fact]
    public async Task A_dispatch_writes_one_notice_to_the_departments_phone_and_a_dispatch_again_is_refused()
    {
        var world = await CreateAsync();
        var id = await world.OpenAsync();

        var dispatched = await world.Problems.ApplyAsync(id, new Dispatch("urban-management", 5), "coordinator");
        var again = await world.Problems.ApplyAsync(id, new Dispatch("urban-management", 5), "coordinator");

        Assert.Equal((ProblemStepKind.Applied, ProblemStepKind.Refused), (dispatched.Kind, again.Kind));
        var row = Assert.Single(await world.OutboxAsync());
        Assert.Equal(($"20261207~dispatch-notice~urban-management~{id}~1", "+86139****1408", OutboxStatus.Pending), (row.Id, row.MaskedPhone, row.Status));
        Assert.Contains("城管科", row.Text);
    }

    [Fact]
    public async Task A_department_number_on_the_deny_list_gets_a_denied_row_and_nothing_to_send()
    {
        var world = await CreateAsync();
        await world.Stores.Outbox.DenyAsync("+8613953621408", "退订", MondayMorning);
        var id = await world.OpenAsync();

        await world.StepAsync(id, new Dispatch("urban-management", 5));

        var row = Assert.Single(await world.OutboxAsync());
        Assert.Equal((OutboxStatus.Denied, "number on the deny list"), (row.Status, row.LastError));
    }

    [Fact]
    public async Task A_step_that_loses_the_race_is_applied_on_what_won_when_still_allowed_and_refused_when_not()
    {
        var world = await CreateAsync();
        var (returning, accepting) = (await world.OpenAsync("h1"), await world.OpenAsync("h2"));
        await world.StepAsync(returning, new Dispatch("urban-management", 5));
        await world.StepAsync(accepting, new Dispatch("urban-management", 5));
        var acceptedFirst = new RacingProblemStore(world.Stores.Problems, () => world.StepAsync(returning, new Accept(), "urban-management"));
        var otherAcceptFirst = new RacingProblemStore(world.Stores.Problems, () => world.StepAsync(accepting, new Accept(), "urban-management"));

        var returned = await new ProblemService(acceptedFirst, world.Stores.Roster, world.Clock).ApplyAsync(returning, new Return("不属于本科室"), "urban-management");
        var refused = await new ProblemService(otherAcceptFirst, world.Stores.Roster, world.Clock).ApplyAsync(accepting, new Accept(), "urban-2");

        Assert.Equal((ProblemStepKind.Applied, 2), (returned.Kind, acceptedFirst.Replaces));
        Assert.Equal([ProblemAction.Report, ProblemAction.Dispatch, ProblemAction.Accept, ProblemAction.Return], (await world.ProblemAsync(returning)).History.Select(h => h.Action));
        Assert.Equal((ProblemStepKind.Refused, 1), (refused.Kind, otherAcceptFirst.Replaces));
        Assert.Equal(["hotline-12345", "coordinator", "urban-management"], (await world.ProblemAsync(accepting)).History.Select(h => h.Actor));
    }

    [Fact]
    public async Task A_problem_that_keeps_changing_under_a_step_is_a_conflict_and_the_step_is_not_applied()
    {
        var world = await CreateAsync();
        var id = await world.OpenAsync();
        var touched = new RacingProblemStore(world.Stores.Problems, async () =>
        {
            var stored = (await world.Stores.Problems.GetAsync(id))!;
            Assert.NotNull(await world.Stores.Problems.TryReplaceAsync(stored.Problem, stored.ETag));
        }, races: 2);

        var result = await new ProblemService(touched, world.Stores.Roster, world.Clock).ApplyAsync(id, new Dispatch("urban-management", 5), "coordinator");

        Assert.Equal((ProblemStepKind.Conflict, 2), (result.Kind, touched.Replaces));
        Assert.Contains("keeps changing", result.Message);
        Assert.Equal(ProblemStatus.Reported, (await world.ProblemAsync(id)).Status);
    }

    [Fact]
    public async Task A_re_dispatch_between_reading_and_replacing_the_problem_refuses_the_departments_step()
    {
        var (world, id) = await DispatchedAsync();
        var racing = new RacingProblemStore(world.Stores.Problems, async () =>
        {
            await world.StepAsync(id, new Return("不属于本科室"), "urban-management");
            await world.StepAsync(id, new Dispatch("emergency", 3));
        });
        var service = new ProblemService(racing, world.Stores.Roster, world.Clock);

        // Read with urban-management, the write loses to the re-dispatch, and the retry reads emergency's problem.
        var result = await service.ApplyAsync(id, new Accept(), "urban-management", requiredDepartment: "urban-management");

        Assert.Equal((ProblemStepKind.NotYours, 1), (result.Kind, racing.Replaces));
        var stored = await world.ProblemAsync(id);
        Assert.Equal((ProblemStatus.Dispatched, "emergency"), (stored.Status, stored.Department));
        Assert.Equal([ProblemAction.Report, ProblemAction.Dispatch, ProblemAction.Return, ProblemAction.Dispatch], stored.History.Select(h => h.Action));
    }
}
