using Outreach.Calendar;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using static Outreach.Core.Tests.ServiceWorld;
using ProblemInput = Outreach.Outcomes.ProblemInput;

namespace Outreach.Core.Tests.Outcomes;

/// <summary>Recording a visit's outcome on the in-memory stores: replays, conflicts and corrections by ETag, lost races, who may record, bad fields, and what an outcome moves.</summary>
public sealed class OutcomeServiceTests
{
    [Fact]
    public async Task The_first_outcome_is_created_and_completes_the_visit_and_the_same_again_is_a_replay_that_writes_nothing()
    {
        var (world, visit) = await EveningAsync();
        var report = Report(visit, problems: [new ProblemInput("用工", "缺少技术工人", "urgent")]);

        var first = await world.RecordAsync(visit, report);
        var retry = await world.RecordAsync(visit, report);

        Assert.Equal((OutcomeResultKind.Created, OutcomeResultKind.Replayed), (first.Kind, retry.Kind));
        var stored = (await world.Stores.Visits.GetStoredVisitAsync(visit.Id))!;
        Assert.Equal((first.ETag, first.ETag), (retry.ETag, stored.ETag));
        Assert.Equal((VisitStatus.Completed, visit.Date), (stored.Visit.Status, stored.Visit.CompletedOn));
        Assert.Equal([new ReportedProblem("用工", "缺少技术工人", true)], stored.Visit.Outcome!.Problems);
        Assert.Equal((VisitStatus.Completed, true), (retry.Visit!.Outcome!.Status, retry.Visit.Outcome.Problems.Single().Urgent));
    }

    [Fact]
    public async Task A_different_outcome_conflicts_unless_it_names_the_stored_etag_and_then_corrects_it()
    {
        var (world, visit) = await EveningAsync();
        var first = await world.RecordAsync(visit, Report(visit, "not-reachable"));

        var conflict = await world.RecordAsync(visit, Report(visit));
        var stale = await world.RecordAsync(visit, Report(visit), ifMatch: "W/\"datetime'2000-01-01T00%3A00%3A00Z'\"");
        var corrected = await world.RecordAsync(visit, Report(visit), ifMatch: first.ETag);

        Assert.Equal((OutcomeResultKind.Conflict, OutcomeResultKind.Conflict, OutcomeResultKind.Corrected), (conflict.Kind, stale.Kind, corrected.Kind));
        Assert.Contains("already has a different outcome (not-reachable", conflict.Message);
        // A conflict carries the stored outcome's ETag: what a correction names.
        Assert.Equal((first.ETag, first.ETag), (conflict.ETag, stale.ETag));
        var stored = (await world.Stores.Visits.GetStoredVisitAsync(visit.Id))!;
        Assert.Equal((VisitStatus.Completed, visit.Date, corrected.ETag), (stored.Visit.Status, stored.Visit.CompletedOn, stored.ETag));
        Assert.NotEqual(first.ETag, corrected.ETag);
    }

    [Fact]
    public async Task A_post_that_loses_the_race_is_judged_again_a_conflict_writing_none_of_its_problems_or_a_replay()
    {
        var (world, visit) = await EveningAsync();
        var other = world.H2;
        var refusedFirst = new RacingVisitStore(world.Stores.Visits, () => world.RecordAsync(visit, Report(visit, "refused")));
        var sameFirst = new RacingVisitStore(world.Stores.Visits, () => world.RecordAsync(other, Report(other)));

        var lost = await new OutcomeService(refusedFirst, world.Clock).RecordAsync(visit.Id, Report(visit, problems: TwoProblems), null, null);
        var replayed = await new OutcomeService(sameFirst, world.Clock).RecordAsync(other.Id, Report(other), null, null);

        Assert.Equal((OutcomeResultKind.Conflict, 1), (lost.Kind, refusedFirst.Writes));
        Assert.Equal(VisitStatus.Refused, (await world.Stores.Visits.GetVisitAsync(visit.Id))!.Status);
        Assert.Empty(await world.Problems.ListAsync(new ProblemFilter()));
        Assert.Equal((OutcomeResultKind.Replayed, 1), (replayed.Kind, sameFirst.Writes));
        Assert.Equal((await world.Stores.Visits.GetStoredVisitAsync(other.Id))!.ETag, replayed.ETag);
    }

    [Fact]
    public async Task A_visit_that_keeps_changing_is_a_conflict_and_so_is_a_correction_that_loses_its_race()
    {
        var (world, visit) = await EveningAsync();
        var touched = new RacingVisitStore(world.Stores.Visits, () => TouchAsync(world, visit.Id), races: 2);
        var first = await world.RecordAsync(world.H2, Report(world.H2, "not-reachable"));
        var correctedFirst = new RacingVisitStore(world.Stores.Visits, () => world.RecordAsync(world.H2, Report(world.H2, "refused"), first.ETag));

        var keepsChanging = await new OutcomeService(touched, world.Clock).RecordAsync(visit.Id, Report(visit), null, null);
        var lostCorrection = await new OutcomeService(correctedFirst, world.Clock).RecordAsync(world.H2.Id, Report(world.H2), null, first.ETag);

        Assert.Equal((OutcomeResultKind.Conflict, 2), (keepsChanging.Kind, touched.Writes));
        Assert.Contains("keeps changing", keepsChanging.Message);
        Assert.Null((await world.Stores.Visits.GetVisitAsync(visit.Id))!.Outcome);
        Assert.Equal(OutcomeResultKind.Conflict, lostCorrection.Kind);
        Assert.Contains("changed while correcting it", lostCorrection.Message);
        Assert.Equal(VisitStatus.Refused, (await world.Stores.Visits.GetVisitAsync(world.H2.Id))!.Status);
    }

    [Fact]
    public async Task Only_a_visitor_assigned_to_the_visit_and_the_one_the_link_is_for_may_record_it()
    {
        var (world, visit) = await EveningAsync();
        var assigned = visit.VisitorIds[0];

        var byCoordinator = await world.Outcomes.RecordAsync(visit.Id, Report(visit, visitor: "v9"), null, null);
        var byOwnLink = await world.Outcomes.RecordAsync(visit.Id, Report(visit, visitor: "v9"), "v9", null);
        var byAnothersLink = await world.Outcomes.RecordAsync(visit.Id, Report(visit, visitor: "v9"), assigned, null);

        Assert.All([byCoordinator, byOwnLink, byAnothersLink], r => Assert.Equal(OutcomeResultKind.Forbidden, r.Kind));
        Assert.Equal($"Visitor v9 is not assigned to visit {visit.Id}.", byOwnLink.Message);
        Assert.Equal(byOwnLink.Message, byCoordinator.Message);
        Assert.Equal($"This link is for visitor {assigned}, not v9.", byAnothersLink.Message);
        Assert.Null((await world.Stores.Visits.GetVisitAsync(visit.Id))!.Outcome);
    }

    [Fact]
    public async Task A_malformed_visit_id_or_one_naming_no_visit_is_not_found()
    {
        var (world, visit) = await EveningAsync();

        var malformed = await world.Outcomes.RecordAsync("g1~tuesday~h1", Report(visit), null, null);
        var missing = await world.Outcomes.RecordAsync("g1~20261208~h9", Report(visit), null, null);

        Assert.Equal((OutcomeResultKind.NotFound, OutcomeResultKind.NotFound), (malformed.Kind, missing.Kind));
        Assert.Contains("is not a visit id", malformed.Message);
        Assert.Equal("No visit g1~20261208~h9: check the link.", missing.Message);
    }

    [Fact]
    public async Task Bad_fields_are_invalid_each_one_named_and_nothing_is_stored()
    {
        var (world, visit) = await EveningAsync();
        var request = new OutcomeRequest(visit.VisitorIds[0], "done", "2026-12-07 10:00", new string('记', 2001), [new ProblemInput("", "x", "asap")]);

        var result = await world.RecordAsync(visit, request);

        Assert.Equal(OutcomeResultKind.Invalid, result.Kind);
        Assert.Equal(["status", "visitedAt", "notes", "problems[0].category", "problems[0].urgency"], result.Errors.Select(e => e.Field));
        Assert.Null((await world.Stores.Visits.GetVisitAsync(visit.Id))!.Outcome);
    }

    [Fact]
    public async Task A_visit_time_in_the_future_or_before_the_window_is_invalid()
    {
        var (world, visit) = await EveningAsync();
        var now = world.Clock.GetUtcNow().ToOffset(ChinaTime.Offset);
        var beforeWindow = new DateTimeOffset(visit.WindowStart.AddDays(-1).ToDateTime(new TimeOnly(10, 0)), ChinaTime.Offset);

        var future = await world.RecordAsync(visit, Report(visit) with { VisitedAt = $"{now.AddMinutes(11):yyyy-MM-ddTHH:mm:sszzz}" });
        var early = await world.RecordAsync(visit, Report(visit) with { VisitedAt = $"{beforeWindow:yyyy-MM-ddTHH:mm:sszzz}" });

        var (late, soon) = (Assert.Single(future.Errors), Assert.Single(early.Errors));
        Assert.Equal(("visitedAt", FieldProblem.InFuture), (late.Field, late.Problem));
        Assert.Contains("in the future", late.Message);
        Assert.Equal(("visitedAt", FieldProblem.BeforeWindow), (soon.Field, soon.Problem));
        Assert.Contains("before this visit's window", soon.Message);
        Assert.Null((await world.Stores.Visits.GetVisitAsync(visit.Id))!.Outcome);
    }

    [Fact]
    public async Task A_completed_outcome_moves_the_next_due_date_to_the_real_visit_day()
    {
        var (world, visit) = await EveningAsync();
        var planning = new PlanningService(world.Stores.Roster, world.Stores.Visits, world.Clock);
        Assert.Equal(OutcomeResultKind.Created, (await world.RecordAsync(visit, Report(visit) with { VisitedAt = "2026-12-07T10:00:00+08:00" })).Kind);

        world.Clock.Advance(TimeSpan.FromDays(1));
        await planning.PlanAsync(ChinaTime.Today(world.Clock), ChinaTime.Today(world.Clock).AddDays(27));

        var next = (await world.Stores.Visits.GetTargetVisitsAsync(visit.Grid, visit.TargetId)).First(v => v.Date > visit.Date);
        Assert.Equal(new DateOnly(2026, 12, 14), next.DueDate);
        Assert.Equal(visit.Cycle + 1, next.Cycle);
    }

    [Fact]
    public async Task The_problems_an_outcome_raises_are_stored_with_it_numbered_by_their_place_in_it()
    {
        var (world, visit) = await EveningAsync();

        Assert.Equal(OutcomeResultKind.Created, (await world.RecordAsync(visit, Report(visit, problems: TwoProblems))).Kind);

        var problems = (await world.Problems.ListAsync(new ProblemFilter())).Select(p => p.Problem).ToList();
        Assert.Equal([$"g1~{visit.Date:yyyyMMdd}~h1~1", $"g1~{visit.Date:yyyyMMdd}~h1~2"], problems.Select(p => p.Id));
        Assert.All(problems, p => Assert.Equal((visit.Id, ProblemStatus.Reported, "h1", visit.VisitorIds[0]), (p.VisitId, p.Status, p.TargetId, p.ReportedBy)));
        Assert.Equal([("用工", ProblemUrgency.Urgent), ("道路", ProblemUrgency.Normal)], problems.Select(p => (p.Category, p.Urgency)));
    }

    [Fact]
    public async Task Replaying_an_outcome_adds_no_problem_and_a_correction_keeps_the_ones_already_moving()
    {
        var (world, first, _) = await TwoProblemsAsync();
        var visit = world.H1;
        await world.StepAsync(first, new Dispatch("urban-management", 5));

        var replay = await world.RecordAsync(visit, Report(visit, problems: TwoProblems));
        var stored = (await world.Stores.Visits.GetStoredVisitAsync(visit.Id))!;
        var correction = await world.RecordAsync(visit,
            Report(visit, "not-reachable", [new ProblemInput("用工", "缺少技术工人", "normal"), new ProblemInput("道路", "门口路灯不亮", "normal"), new ProblemInput("融资", "贷款难", "normal")]),
            stored.ETag);

        Assert.Equal((OutcomeResultKind.Replayed, OutcomeResultKind.Corrected), (replay.Kind, correction.Kind));
        var problems = (await world.Problems.ListAsync(new ProblemFilter())).Select(p => p.Problem).ToList();
        Assert.Equal([ProblemStatus.Dispatched, ProblemStatus.Reported, ProblemStatus.Reported], problems.Select(p => p.Status));
        Assert.Equal(["用工", "道路", "融资"], problems.Select(p => p.Category));
    }

    /// <summary>The world on the evening of the visits, and h1's visit.</summary>
    private static async Task<(ServiceWorld World, Visit Visit)> EveningAsync()
    {
        var world = await ServiceWorld.EveningAsync();
        return (world, world.H1);
    }

    /// <summary>Writes the visit again unchanged, as a plan that touches it does: its ETag moves on.</summary>
    private static async Task TouchAsync(ServiceWorld world, string visitId)
    {
        var stored = (await world.Stores.Visits.GetStoredVisitAsync(visitId))!;
        Assert.NotNull(await world.Stores.Visits.TryReplaceAsync(stored.Visit, stored.ETag));
    }
}
