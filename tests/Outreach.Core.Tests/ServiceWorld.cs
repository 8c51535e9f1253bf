using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters.Reminders;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Roster;
using Outreach.Testing.InMemory;
using ProblemInput = Outreach.Outcomes.ProblemInput;

namespace Outreach.Core.Tests;

/// <summary>
/// One grid, 仙山一网格 (g1, supervised by 陈主任, s1), on the in-memory stores: 王芳 (v1) and 李强 (v2) visit the
/// elderly households h1 and h2 in the week from Monday 7 December 2026, as the planner plans it at 08:00; the
/// departments are 城管科 (urban-management) and 应急管理局 (emergency), unless left out. The clock stands at 10:00 that
/// Monday. The services are the app's, a step's notices written by the real <see cref="ProblemNotices"/> to the outbox.
/// </summary>
internal sealed class ServiceWorld
{
    public static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 10, 0, 0, ChinaTime.Offset);

    /// <summary>What h1's visitor found: an urgent problem and a normal one.</summary>
    public static readonly IReadOnlyList<ProblemInput> TwoProblems =
        [new ProblemInput("用工", "缺少技术工人", "urgent"), new ProblemInput("道路", "门口路灯不亮", null)];

    private ServiceWorld()
    {
    }

    public InMemoryStores Stores { get; } = new();

    public FakeTimeProvider Clock { get; } = new(MondayMorning.AddHours(-2));

    public LinkTokens Links { get; } = new(RandomNumberGenerator.GetBytes(32));

    /// <summary>The visit to h1 the planner made.</summary>
    public Visit H1 { get; private set; } = null!;

    /// <summary>The visit to h2 the planner made.</summary>
    public Visit H2 { get; private set; } = null!;

    public OutcomeService Outcomes => new(Stores.Visits, Clock);

    public ProblemNotices Notices => new(Stores.Roster, Stores.Outbox, new ScribanTemplateRenderer(), Links, new ReminderOptions(), Clock);

    public ProblemService Problems => new(Stores.Problems, Stores.Roster, Clock, Notices);

    public LinkService LinkService => new(Links, Stores.Roster, Stores.Visits, Stores.Problems, Outcomes, Problems, new ProblemOptions(), new ReminderOptions(), Clock);

    public static async Task<ServiceWorld> CreateAsync(bool departments = true)
    {
        var world = new ServiceWorld();
        await world.SeedAsync(departments);
        return world;
    }

    /// <summary>The world on the evening of the later visit's day: both visits are done or due, and are reported now.</summary>
    public static async Task<ServiceWorld> EveningAsync()
    {
        var world = await CreateAsync();
        world.Clock.SetUtcNow(EveningOf(world.H1.Date > world.H2.Date ? world.H1 : world.H2));
        return world;
    }

    /// <summary>The world on the evening of the visits, h1's outcome having raised <see cref="TwoProblems"/>: their ids, in order.</summary>
    public static async Task<(ServiceWorld World, string First, string Second)> TwoProblemsAsync()
    {
        var world = await EveningAsync();
        Assert.Equal(OutcomeResultKind.Created, (await world.RecordAsync(world.H1, Report(world.H1, problems: TwoProblems))).Kind);
        var ids = (await world.Problems.ListAsync(new ProblemFilter())).Select(p => p.Problem.Id).ToList();
        Assert.Equal(2, ids.Count);
        return (world, ids[0], ids[1]);
    }

    /// <summary>A world with a problem opened for h1 that morning and dispatched to 城管科 with five days: its id.</summary>
    public static async Task<(ServiceWorld World, string Id)> DispatchedAsync()
    {
        var world = await CreateAsync();
        var id = await world.OpenAsync();
        await world.StepAsync(id, new Dispatch("urban-management", 5));
        return (world, id);
    }

    public EscalationService Escalation(ProblemOptions? options = null) =>
        new(Stores.Problems, Stores.Visits, Stores.Roster, Clock, options ?? new ProblemOptions(), Notices);

    /// <summary>The evening of <paramref name="visit"/>'s day, when its visitor reports it.</summary>
    public static DateTimeOffset EveningOf(Visit visit) => new(visit.Date.ToDateTime(new TimeOnly(18, 0)), ChinaTime.Offset);

    /// <summary>An outcome of <paramref name="visit"/> as its first visitor posts it, visited at 10:30 that day.</summary>
    public static OutcomeRequest Report(Visit visit, string status = "completed", IReadOnlyList<ProblemInput>? problems = null, string? visitor = null) =>
        new(visitor ?? visit.VisitorIds[0], status, $"{visit.Date:yyyy-MM-dd}T10:30:00+08:00", "老人身体健康", problems ?? []);

    public Task<OutcomeResult> RecordAsync(Visit visit, OutcomeRequest request, string? ifMatch = null) =>
        Outcomes.RecordAsync(visit.Id, request, null, ifMatch);

    /// <summary>Opens a problem for <paramref name="target"/> as the 12345 hotline reports it; its id.</summary>
    public async Task<string> OpenAsync(string target = "h1", string description = "门前路面塌陷") =>
        (await Problems.OpenAsync(new DirectReport("g1", target, "道路", description, ProblemUrgency.Normal, "hotline-12345"))).Problem!.Id;

    /// <summary>Applies a step as the coordinator's API takes it, insisting that it was applied.</summary>
    public async Task<Problem> StepAsync(string id, ProblemCommand command, string actor = "coordinator")
    {
        var result = await Problems.ApplyAsync(id, command, actor);
        Assert.Equal(ProblemStepKind.Applied, result.Kind);
        return result.Problem!;
    }

    public async Task<Problem> ProblemAsync(string id) => (await Stores.Problems.GetAsync(id))!.Problem;

    public async Task<IReadOnlyList<OutboxMessage>> OutboxAsync() => await Stores.Outbox.ListAsync(new OutboxFilter());

    private async Task SeedAsync(bool departments)
    {
        await Stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山", Supervisor: "s1")]);
        await Stores.Roster.SaveVisitorsAsync([
            new Visitor("v1", "王芳", "+8613800138001", "grid-member", ["g1"], 10, []),
            new Visitor("v2", "李强", "+8613800138002", "grid-member", ["g1"], 10, []),
            new Visitor("s1", "陈主任", "+8613800138009", "party-affairs", [], 10, []),
        ]);
        await Stores.Roster.SaveTargetsAsync([
            new Target("h1", TargetKind.Household, "仙山社区1号楼101", "g1", ["elderly-alone"]),
            new Target("h2", TargetKind.Household, "仙山社区1号楼102", "g1", ["elderly-alone"]),
        ]);
        if (departments)
        {
            await Stores.Roster.SaveDepartmentsAsync([
                new Department("urban-management", "城管科", "+8613953621408"),
                new Department("emergency", "应急管理局", "+8618765330917"),
            ]);
        }
        // One week: each weekly household's first visit only.
        var today = ChinaTime.Today(Clock);
        await new PlanningService(Stores.Roster, Stores.Visits, Clock).PlanAsync(today, today.AddDays(6));
        var visits = await Stores.Visits.GetGridVisitsAsync("g1", today, today.AddDays(6));
        H1 = visits.Single(v => v.TargetId == "h1");
        H2 = visits.Single(v => v.TargetId == "h2");
        Clock.SetUtcNow(MondayMorning);
    }
}
