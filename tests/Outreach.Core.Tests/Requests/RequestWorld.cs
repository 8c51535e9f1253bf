using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters.Reminders;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Requests;
using Outreach.Roster;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Requests;

/// <summary>
/// The public side on the in-memory stores: grid g1 (仙山一网格, coordinator 陈主任 s1) with the enterprise e1 (滨海化工,
/// contact phone) and the household h1 (孙阿姨, phone), and h2 with no phone; the department 城管科. The clock stands at
/// 10:00 on Monday 7 December 2026. Steps write their notices through the real <see cref="ProblemNotices"/> and
/// <see cref="RatingNotices"/> to the outbox, rendered by the real Scriban templates.
/// </summary>
internal sealed class RequestWorld
{
    public static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 10, 0, 0, ChinaTime.Offset);
    public const string E1Phone = "+8613700000001";

    public InMemoryStores Stores { get; } = new();

    public FakeTimeProvider Clock { get; } = new(MondayMorning);

    public LinkTokens Links { get; } = new(RandomNumberGenerator.GetBytes(32));

    public RequestOptions Options { get; } = new() { DailyCap = 3 };

    public IProblemNotifier Notifier => new ProblemNotifierSet([
        new ProblemNotices(Stores.Roster, Stores.Outbox, new ScribanTemplateRenderer(), Links, new ReminderOptions(), Clock),
        new RatingNotices(Stores.Roster, Stores.Outbox, new ScribanTemplateRenderer(), Links, new ReminderOptions(), Options, Clock),
    ]);

    public ProblemService Problems => new(Stores.Problems, Stores.Roster, Clock, Notifier);

    public RequestService Requests => new(Stores.Roster, Stores.Problems, Stores.RequestLinks, Problems, Links, new ProblemOptions(), Options, Clock);

    public LinkService LinkService => new(Links, Stores.Roster, Stores.Visits, Stores.Problems, new OutcomeService(Stores.Visits, Clock), Problems,
        new ProblemOptions(), new ReminderOptions(), Clock, Requests);

    public EscalationService Escalation => new(Stores.Problems, Stores.Visits, Stores.Roster, Clock, new ProblemOptions(), Notifier, ratings: Options);

    public static async Task<RequestWorld> CreateAsync()
    {
        var world = new RequestWorld();
        await world.Stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山", Supervisor: "s1")]);
        await world.Stores.Roster.SaveVisitorsAsync([new Visitor("s1", "陈主任", "+8613800138009", "party-affairs", ["g1"], 10, [])]);
        await world.Stores.Roster.SaveTargetsAsync([
            new Target("e1", TargetKind.Enterprise, "滨海化工", "g1", ["key"], null, "王经理", E1Phone),
            new Target("h1", TargetKind.Household, "仙山社区1号楼101", "g1", [], "仙山社区1号楼101", "孙阿姨", "+8613700000002"),
            new Target("h2", TargetKind.Household, "仙山社区1号楼102", "g1", []),
        ]);
        await world.Stores.Roster.SaveDepartmentsAsync([new Department("urban-management", "城管科", "+8613953621408")]);
        return world;
    }

    /// <summary>The token of a target's current request link.</summary>
    public async Task<string> RequestLinkAsync(string target = "e1") =>
        await Requests.TokenAsync((await Stores.Roster.GetTargetAsync("g1", target))!, rotate: false);

    /// <summary>Places a request through the link, insisting that it was placed: the problem.</summary>
    public async Task<Problem> PlaceAsync(string token, string description = "招工难，缺少操作工", string category = "用工招聘")
    {
        var post = await LinkService.PlaceRequestAsync(token, new RequestInput(category, description, "urgent", "工作日上午"));
        Assert.Null(post.Refused);
        Assert.Equal(RequestOutcome.Placed, post.Result!.Outcome);
        return post.Result.Problem!;
    }

    /// <summary>Dispatches, accepts and resolves a problem as the coordinator and the department do.</summary>
    public async Task<Problem> ResolveAsync(string id, string resolution = "已对接人社局招聘会")
    {
        foreach (var (command, actor) in new (ProblemCommand, string)[] { (new Dispatch("urban-management", 5), "coordinator"), (new Accept(), "urban-management"), (new Resolve(resolution), "urban-management") })
        {
            var result = await Problems.ApplyAsync(id, command, actor);
            Assert.Equal(ProblemStepKind.Applied, result.Kind);
        }
        return (await Stores.Problems.GetAsync(id))!.Problem;
    }

    public async Task<IReadOnlyList<OutboxMessage>> RatingRequestsAsync() =>
        (await Stores.Outbox.ListAsync(new OutboxFilter())).Where(r => r.Kind == MessageKind.RatingRequest).ToList();

    /// <summary>The token in an SMS's link.</summary>
    public static string TokenOf(OutboxMessage message) => message.Text[(message.Text.LastIndexOf("/v/", StringComparison.Ordinal) + 3)..].Trim();
}
