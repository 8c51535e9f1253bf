using System.Security.Cryptography;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Points;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Roster;
using static Outreach.Core.Tests.ServiceWorld;

namespace Outreach.Core.Tests.Links;

/// <summary>What a signed link may do on the in-memory stores: which bad link is refused as what, the visits a link records, and a department's steps through its notice's link.</summary>
public sealed class LinkServiceTests
{
    [Fact]
    public async Task Each_kind_of_bad_link_is_refused_as_such_and_records_nothing()
    {
        var world = await EveningAsync();
        var (visit, now) = (world.H1, world.Clock.GetUtcNow());
        var visitor = visit.VisitorIds[0];
        var valid = world.Links.Sign(new LinkGrant(visitor, visit.Id, now.AddDays(3)));
        string[] tokens =
        [
            "",
            valid[..^2] + (valid[^2] == 'A' ? "BB" : "AA"),
            new LinkTokens(RandomNumberGenerator.GetBytes(32)).Sign(new LinkGrant(visitor, visit.Id, now.AddDays(3))),
            world.Links.Sign(new LinkGrant(visitor, visit.Id, now.AddMinutes(-1))),
            world.Links.Sign(new LinkGrant(visitor, "g1~20261208~h9", now.AddDays(3))),
        ];

        var posts = new List<LinkPost<OutcomeResult>>();
        foreach (var token in tokens)
        {
            posts.Add(await world.LinkService.RecordOutcomeAsync(token, visit.Id, Report(visit), null));
        }

        Assert.Equal(
            [LinkRefusal.Incomplete, LinkRefusal.Forged, LinkRefusal.OtherKey, LinkRefusal.Expired, LinkRefusal.OutOfScope],
            posts.Select(p => p.Refused?.Reason));
        Assert.All(posts, p => Assert.Null(p.Result));
        Assert.Null((await world.Stores.Visits.GetVisitAsync(visit.Id))!.Outcome);
    }

    [Fact]
    public async Task A_day_link_records_any_visit_of_its_visitor_that_day_as_that_visitor()
    {
        var world = await EveningAsync();
        var visit = world.H1;
        var visitor = visit.VisitorIds[0];
        var dayLink = world.Links.Sign(new LinkGrant(visitor, LinkGrant.DayScope(visit.Date), world.Clock.GetUtcNow().AddDays(10)));

        // The pages post no visitorId: the link says who reports.
        var post = await world.LinkService.RecordOutcomeAsync(dayLink, visit.Id, Report(visit) with { VisitorId = null }, null);

        Assert.Null(post.Refused);
        Assert.Equal((OutcomeResultKind.Created, visitor), (post.Result!.Kind, post.Grant!.VisitorId));
        Assert.Equal(visitor, (await world.Stores.Visits.GetVisitAsync(visit.Id))!.Outcome!.VisitorId);
    }

    /// <summary>
    /// What a day page costs in round trips to storage does not grow with the day: the targets, their last visits and
    /// open problems are read per grid, not per visit (a dozen point reads were most of a page's cost under load).
    /// </summary>
    [Fact]
    public async Task A_day_page_of_twelve_visits_in_one_grid_costs_the_round_trips_of_one()
    {
        var world = await CreateAsync();
        var day = world.H1.Date;
        var more = Enumerable.Range(3, 11).Select(i => new Target($"h{i}", TargetKind.Household, $"仙山社区2号楼{i:D2}1", "g1", ["elderly-alone"])).ToList();
        await world.Stores.Roster.SaveTargetsAsync(more);
        // v1 visits h1 and eleven more households that day; v2 only h2.
        await world.Stores.Visits.ApplyAsync([], [world.H2]);
        await world.Stores.Visits.ApplyAsync(
            [.. new[] { world.H1 }.Concat(more.Select(t => world.H1 with { TargetId = t.Id, ETag = null })).Select(v => v with { VisitorIds = ["v1"] }), world.H1 with { TargetId = "h2", VisitorIds = ["v2"], ETag = null }],
            []);

        async Task<(int Visits, long RoundTrips)> OpenDayAsync(string visitor)
        {
            var before = world.Stores.RoundTrips;
            var view = Assert.IsType<VisitsView>(await world.LinkService.OpenAsync(world.Links.Sign(new LinkGrant(visitor, LinkGrant.DayScope(day), world.Clock.GetUtcNow().AddDays(1)))));
            Assert.All(view.Visits, v => Assert.NotNull(v.Target));
            return (view.Visits.Count, world.Stores.RoundTrips - before);
        }

        var twelve = await OpenDayAsync("v1");
        var one = await OpenDayAsync("v2");

        Assert.Equal(12, twelve.Visits);
        Assert.Equal(1, one.Visits);
        Assert.Equal(one.RoundTrips, twelve.RoundTrips);
    }

    /// <summary>
    /// A day page waits on storage three times, whatever it shows: the visitor, their visits, then everything else side by
    /// side, the points rules its award form offers among them (a fourth round trip in a row cost a page about 8 ms
    /// with storage 4 ms away: bench/README.md).
    /// </summary>
    [Fact]
    public async Task A_day_page_of_households_reads_the_points_rules_alongside_its_other_reads_in_three_round_trips_in_a_row()
    {
        var world = await CreateAsync();
        var rules = new Testing.InMemory.InMemoryPointsStore();
        await rules.ImportRulesAsync([new("cleanup", "扫楼道", 5, 10)]);
        var step = new Lockstep();
        var roster = step.Hold<IRosterStore>(world.Stores.Roster);
        var service = new LinkService(world.Links, roster, step.Hold<IVisitStore>(world.Stores.Visits), step.Hold<IProblemStore>(world.Stores.Problems),
            world.Outcomes, world.Problems, new ProblemOptions(), new ReminderOptions(), world.Clock, points: new PointsService(roster, step.Hold<IPointsStore>(rules), world.Clock));
        var token = world.Links.Sign(new LinkGrant(world.H1.VisitorIds[0], LinkGrant.DayScope(world.H1.Date), world.Clock.GetUtcNow().AddDays(1)));

        var (view, rounds) = await step.CountAsync(() => service.OpenAsync(token));

        var day = Assert.IsType<VisitsView>(view);
        Assert.Contains(day.Visits, v => v.Visit.Id == world.H1.Id && v.Target is { Kind: TargetKind.Household });
        Assert.Equal("cleanup", Assert.Single(day.Rules).Code);
        Assert.Equal(3, rounds);
        // Without a points passbook there are no rules to read, and the same three.
        var (plain, plainRounds) = await step.CountAsync(() => new LinkService(world.Links, roster, step.Hold<IVisitStore>(world.Stores.Visits),
            step.Hold<IProblemStore>(world.Stores.Problems), world.Outcomes, world.Problems, new ProblemOptions(), new ReminderOptions(), world.Clock).OpenAsync(token));
        Assert.Empty(Assert.IsType<VisitsView>(plain).Rules);
        Assert.Equal(3, plainRounds);
    }

    [Fact]
    public async Task A_department_link_opens_only_its_problem_and_takes_its_own_steps_as_that_department()
    {
        var (world, id) = await DispatchedAsync();
        var other = await world.OpenAsync("h2");
        var token = await LinkOfAsync(world, MessageKind.DispatchNotice);

        var missing = await world.LinkService.OpenProblemAsync(null, id);
        var foreign = await world.LinkService.OpenProblemAsync(token, other);
        var opened = await world.LinkService.OpenProblemAsync(token, id);
        var accepted = await world.LinkService.ApplyStepAsync(token, id, new ProblemStepInput("accept", Actor: "someone-else"));
        var evaluated = await world.LinkService.ApplyStepAsync(token, id, new ProblemStepInput("evaluate", Rating: 5));

        Assert.Equal((LinkRefusal.Incomplete, LinkRefusal.OutOfScope), (Assert.IsType<RefusedView>(missing).Reason, Assert.IsType<RefusedView>(foreign).Reason));
        var view = Assert.IsType<ProblemView>(opened);
        Assert.Equal((ProblemStatus.Dispatched, true), (view.Problem.Status, view.CanAct));
        Assert.Equal(ProblemStepKind.Applied, accepted.Result!.Kind);
        Assert.Equal((ProblemAction.Accept, "urban-management"), (accepted.Result.Problem!.History[^1].Action, accepted.Result.Problem.History[^1].Actor));
        // Rating is the coordinator's, not a step a department's link takes.
        Assert.Equal(LinkRefusal.OutOfScope, evaluated.Refused!.Reason);
        Assert.Equal(ProblemStatus.Accepted, (await world.ProblemAsync(id)).Status);
    }

    [Fact]
    public async Task A_second_tap_on_the_step_a_department_just_took_is_done_and_adds_nothing()
    {
        var (world, id) = await DispatchedAsync();
        var token = await LinkOfAsync(world, MessageKind.DispatchNotice);
        Assert.Equal(ProblemStepKind.Applied, (await world.LinkService.ApplyStepAsync(token, id, new ProblemStepInput("accept"))).Result!.Kind);

        var again = await world.LinkService.ApplyStepAsync(token, id, new ProblemStepInput("accept"));

        Assert.Equal((ProblemStepKind.Applied, null), (again.Result!.Kind, again.Result.Message));
        Assert.Single((await world.ProblemAsync(id)).History, e => e.Action == ProblemAction.Accept);
    }

    [Fact]
    public async Task The_supervisors_copy_opens_the_problem_but_takes_no_step_even_for_a_department_of_the_same_id()
    {
        var (world, id) = await DispatchedAsync();
        await world.Stores.Roster.SaveDepartmentsAsync([new Department("s1", "督查室", "+8618765330918")]);
        world.Clock.Advance(TimeSpan.FromHours(25));
        await world.Escalation().RunAsync();
        var copy = await LinkOfAsync(world, MessageKind.EscalationCopy);
        await world.StepAsync(id, new Return("属督查室"), "urban-management");
        await world.StepAsync(id, new Dispatch("s1", 5));

        var step = await world.LinkService.ApplyStepAsync(copy, id, new ProblemStepInput("accept"));
        var read = await world.LinkService.OpenProblemAsync(copy, id);

        Assert.Equal(LinkRefusal.ReadOnly, step.Refused!.Reason);
        Assert.False(Assert.IsType<ProblemView>(read).CanAct);
        var stored = await world.ProblemAsync(id);
        Assert.Equal((ProblemStatus.Dispatched, "s1", ProblemAction.Dispatch), (stored.Stage, stored.Department, stored.History[^1].Action));
    }

    [Fact]
    public async Task A_link_of_a_department_the_problem_was_taken_from_reads_only_and_its_step_changes_nothing()
    {
        var (world, id) = await DispatchedAsync();
        var token = await LinkOfAsync(world, MessageKind.DispatchNotice);
        // Between the department opening its link and posting, the coordinator moves the problem to another department.
        await world.StepAsync(id, new Return("不属于本科室"));
        await world.StepAsync(id, new Dispatch("emergency", 3));
        var before = (await world.Stores.Problems.GetAsync(id))!;

        var step = await world.LinkService.ApplyStepAsync(token, id, new ProblemStepInput("accept"));
        var read = await world.LinkService.OpenProblemAsync(token, id);

        Assert.Equal(ProblemStepKind.NotYours, step.Result!.Kind);
        Assert.Contains("is with emergency", step.Result.Message);
        Assert.Equal(before.ETag, (await world.Stores.Problems.GetAsync(id))!.ETag);
        Assert.False(Assert.IsType<ProblemView>(read).CanAct);
    }

    [Fact]
    public async Task Once_the_problem_is_resolved_its_links_neither_open_it_nor_act_on_it_and_name_the_coordinator()
    {
        var (world, id) = await DispatchedAsync();
        var token = await LinkOfAsync(world, MessageKind.DispatchNotice);
        Assert.Equal(ProblemStepKind.Applied, (await world.LinkService.ApplyStepAsync(token, id, new ProblemStepInput("accept"))).Result!.Kind);
        Assert.Equal(ProblemStepKind.Applied, (await world.LinkService.ApplyStepAsync(token, id, new ProblemStepInput("resolve", Resolution: "已修复路面"))).Result!.Kind);

        var read = Assert.IsType<RefusedView>(await world.LinkService.OpenProblemAsync(token, id));
        var step = (await world.LinkService.ApplyStepAsync(token, id, new ProblemStepInput("return", Reason: "再看看"))).Refused!;

        Assert.Equal((LinkRefusal.Closed, LinkRefusal.Closed), (read.Reason, step.Reason));
        Assert.Equal((ProblemStatus.Resolved, ProblemStatus.Resolved), (read.Problem!.Status, step.Problem!.Status));
        Assert.Equal(new Contact("陈主任", "+8613800138009"), read.AskWhom);
        Assert.Equal(ProblemStatus.Resolved, (await world.ProblemAsync(id)).Status);
    }

    /// <summary>The token of the link in the outbox's one notice of <paramref name="kind"/>.</summary>
    private static async Task<string> LinkOfAsync(ServiceWorld world, MessageKind kind) =>
        (await world.OutboxAsync()).Single(r => r.Kind == kind).Text.Split("/v/")[^1];
}
