using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Requests;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Pages.Tests;

/// <summary>
/// One grid (幸福里, supervised by 陈主任) on Tuesday 8 December 2026: 王芳 (v1) visits two households and, with 李明
/// (v2), an enterprise; the first household was visited a week before, and a problem from that visit is with 城管科.
/// The pages run on the real services over Azurite, with the clock at 09:00 that Tuesday; households earn points by two
/// rules and spend them on soap.
/// </summary>
internal sealed class PageWorld
{
    public static readonly DateOnly Tuesday = new(2026, 12, 8);
    public static readonly DateTimeOffset Nine = new(2026, 12, 8, 9, 0, 0, ChinaTime.Offset);
    public const string Grid = "g1";
    public const string OpenProblemId = "g1~20261201~h2~1";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    private PageWorld(AzuriteFixture azurite)
    {
        Stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());
        Links = new LinkTokens(_key);
        var outcomes = new OutcomeService(Stores.Visits, Clock);
        var problems = new ProblemService(Stores.Problems, Stores.Roster, Clock);
        Problems = problems;
        Requests = new RequestService(Stores.Roster, Stores.Problems, Stores.RequestLinks, problems, Links, new ProblemOptions(), new RequestOptions(), Clock);
        Points = new Outreach.Points.PointsService(Stores.Roster, Stores.Points, Clock);
        Service = new LinkService(Links, Stores.Roster, Stores.Visits, Stores.Problems, outcomes, problems, new ProblemOptions(), new Reminders.ReminderOptions(), Clock, Requests, Points);
        Pages = new LinkPages(Service, new PageRenderer(), new ProblemOptions(), Clock, points: Points);
        Codes = new LinkCodeService(Stores.Codes, Links, Clock);
        CodePages = new CodePages(Codes, new PageRenderer());
    }

    public FakeTimeProvider Clock { get; } = new(Nine);

    public TableStores Stores { get; }

    public LinkTokens Links { get; }

    public LinkService Service { get; }

    public ProblemService Problems { get; }

    public RequestService Requests { get; }

    public LinkPages Pages { get; }

    /// <summary>The points passbook: rules 扫楼道 (cleanup, 5, at most 10 a month) and 邻里互助 (help, 3), items 肥皂 (soap, 10, 2 left).</summary>
    public Outreach.Points.PointsService Points { get; }

    public LinkCodeService Codes { get; }

    public CodePages CodePages { get; }

    public static Visit H1 { get; } = Visit("h1", TargetKind.Household, ["v1"]);

    public static Visit H2 { get; } = Visit("h2", TargetKind.Household, ["v1"]);

    public static Visit E1 { get; } = Visit("e1", TargetKind.Enterprise, ["v1", "v2"]);

    /// <summary>李明's own visit that Tuesday: 王芳's day link must not reach it.</summary>
    public static Visit H3 { get; } = Visit("h3", TargetKind.Household, ["v2"]);

    /// <summary>The world, with <paramref name="names"/> replacing the targets' and people's names (for markup in names).</summary>
    public static async Task<PageWorld> CreateAsync(AzuriteFixture azurite, Func<string, string>? names = null)
    {
        var world = new PageWorld(azurite);
        await world.SeedAsync(names ?? (n => n));
        return world;
    }

    public string DayLink(string visitorId = "v1", DateOnly? day = null) =>
        Links.Sign(new LinkGrant(visitorId, LinkGrant.DayScope(day ?? Tuesday), Nine.AddDays(7)));

    public string VisitLink(Visit visit, string visitorId = "v1") => Links.Sign(new LinkGrant(visitorId, visit.Id, Nine.AddDays(7)));

    public string ProblemLink(string department = "urban", string problemId = OpenProblemId) =>
        Links.Sign(LinkGrant.ForProblem(department, problemId, Nine, Nine.AddDays(5)));

    public string TeamLink(string supervisorId = "lead", DateOnly? day = null) => Links.Sign(LinkGrant.ForTeam(supervisorId, day ?? Tuesday.AddDays(1)));

    /// <summary>The token of a target's current request link (企业下单、居民点单).</summary>
    public async Task<string> RequestLinkAsync(string target = "e1", bool rotate = false) =>
        await Requests.TokenAsync((await Stores.Roster.GetTargetAsync(Grid, target))!, rotate);

    /// <summary>The requester's rating link for <paramref name="problemId"/>, valid a week.</summary>
    public string RatingLink(string target, string problemId) => Links.Sign(LinkGrant.ForRating(target, problemId, Nine.AddDays(7)));

    /// <summary>
    /// A request of <paramref name="target"/> placed through its link, then dispatched, accepted and resolved by 城管科:
    /// its id, waiting for the requester's rating.
    /// </summary>
    public async Task<string> ResolvedRequestAsync(string target = "e1", string description = "门前路灯不亮")
    {
        var placed = await Service.PlaceRequestAsync(await RequestLinkAsync(target), new RequestInput("道路设施", description, null, null));
        var id = placed.Result!.Problem!.Id;
        foreach (var (command, actor) in new (ProblemCommand, string)[] { (new Dispatch("urban", 5), "coordinator"), (new Accept(), "urban"), (new Resolve("已更换路灯"), "urban") })
        {
            Assert.Equal(ProblemStepKind.Applied, (await Problems.ApplyAsync(id, command, actor)).Kind);
        }
        return id;
    }

    public string CopyLink(string problemId = OpenProblemId) => Links.Sign(LinkGrant.ForProblemCopy("lead", problemId, Nine, Nine.AddDays(5)));

    public Task<PageResponse> GetAsync(string token, PageQuery? query = null) => Pages.GetAsync(token, query ?? new PageQuery());

    /// <summary>Posts a form as a browser sends it: <c>application/x-www-form-urlencoded</c>, UTF-8.</summary>
    public Task<PageResponse> PostAsync(string token, params (string Name, string Value)[] fields) =>
        Pages.PostAsync(token, new PageQuery(), Form(fields));

    public static byte[] Form(params (string Name, string Value)[] fields) =>
        Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}")));

    public async Task<Visit> StoredAsync(Visit visit) => (await Stores.Visits.GetVisitAsync(visit.Id))!;

    private static Visit Visit(string target, TargetKind kind, string[] visitors) =>
        new(target, kind, Grid, Tuesday, visitors, 1, new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 13), Tuesday);

    private async Task SeedAsync(Func<string, string> name)
    {
        await Stores.Roster.SaveGridsAsync([new Grid(Grid, name("幸福里网格"), name("幸福里社区"), Supervisor: "lead")]);
        await Stores.Roster.SaveVisitorsAsync(
        [
            new Visitor("v1", name("王芳"), "+8613800000001", "grid-member", [Grid], 10, [], "lead"),
            new Visitor("v2", name("李明"), "+8613800000002", "grid-member", [Grid], 10, [], "lead"),
            new Visitor("lead", name("陈主任"), "+8613900000009", "party-worker", [Grid], 10, []),
        ]);
        await Stores.Roster.SaveTargetsAsync(
        [
            new Target("h1", TargetKind.Household, name("幸福里1号楼101"), Grid, ["low-income"], name("幸福里1号楼101"), name("孙阿姨"), "+8613700000001", "1号楼"),
            new Target("h2", TargetKind.Household, name("幸福里3号楼201"), Grid, ["elderly-alone"], name("幸福里3号楼201"), name("赵大爷"), "+8613700000002", "3号楼"),
            new Target("h3", TargetKind.Household, name("幸福里5号楼301"), Grid, [], name("幸福里5号楼301"), null, null, "5号楼"),
            new Target("e1", TargetKind.Enterprise, name("滨海化工有限公司"), Grid, ["key", "chain:精细化工"], null, name("王经理"), "+8653600000000"),
        ]);
        await Stores.Roster.SaveDepartmentsAsync([new Department("urban", name("城管科"), "+8613953621408", name("刘建国"))]);

        var lastWeek = new Visit("h2", TargetKind.Household, Grid, new DateOnly(2026, 12, 1), ["v1"], 0,
            new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 6), new DateOnly(2026, 12, 1), VisitStatus.Completed, new DateOnly(2026, 12, 1),
            new VisitOutcome("v1", VisitStatus.Completed, new DateTimeOffset(2026, 12, 1, 10, 0, 0, ChinaTime.Offset), name("老人腿脚不便，楼道灯坏了"),
                [new ReportedProblem("道路设施", name("楼道灯坏了"), false)], new DateTimeOffset(2026, 12, 1, 10, 5, 0, ChinaTime.Offset)));
        await Stores.Visits.ApplyAsync([lastWeek, H1, H2, E1, H3], []);
        var reported = OutcomeService.RaisedProblems(lastWeek, lastWeek.Outcome!).Single();
        var dispatched = ProblemWorkflow.Apply(reported, new Dispatch("urban", 5), "coordinator", new DateTimeOffset(2026, 12, 1, 14, 0, 0, ChinaTime.Offset)).Problem;
        await Stores.Problems.AddAsync(dispatched);
        await Stores.Points.ImportRulesAsync([new("cleanup", name("扫楼道"), 5, 10), new("help", name("邻里互助"), 3)]);
        await Stores.Points.ImportItemsAsync([new("soap", name("肥皂"), 10, 2)]);
    }
}
