using Outreach.Adapters.Reminders;
using Outreach.Outcomes;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Requests;
using Outreach.Roster;

namespace Outreach.EndToEnd.Tests;

/// <summary>
/// One grid of the hosted app's storage for the public side: the enterprise e1 and the household h1, each with a phone,
/// the coordinator 陈主任 and the department 城管科. Request links are the app's (<see cref="RequestService"/> with its
/// key); a fix is resolved as the department does it, and its rating link taken from the SMS the real
/// <see cref="RatingNotices"/> wrote to the outbox. Ids start with <paramref name="Tag"/>.
/// </summary>
internal sealed record PublicSide(string Tag, HostedApp App)
{
    public string Department => $"{Tag}-urban";

    public static async Task<PublicSide> SeedAsync(HostedApp app, string tag, Func<string, string>? names = null)
    {
        var name = names ?? (n => n);
        await app.Stores.Roster.SaveGridsAsync([new Grid(tag, name("仙山一网格"), name("仙山社区"), Supervisor: $"{tag}-lead")]);
        await app.Stores.Roster.SaveVisitorsAsync([new Visitor($"{tag}-lead", name("陈主任"), "+8613900000009", "party-worker", [tag], 10, [])]);
        await app.Stores.Roster.SaveTargetsAsync(
        [
            new Target("e1", TargetKind.Enterprise, name("滨海化工有限公司"), tag, ["key"], null, name("王经理"), "+8613700000003"),
            new Target("h1", TargetKind.Household, name("仙山社区1号楼101"), tag, [], name("仙山社区1号楼101"), name("孙阿姨"), "+8613700000001"),
        ]);
        await app.Stores.Roster.SaveDepartmentsAsync([new Department($"{tag}-urban", name("城管科"), "+8613953621408")]);
        return new PublicSide(tag, app);
    }

    private ReminderOptions Options => new() { LinkBaseUrl = App.LinkBase };

    private ProblemService Problems => new(App.Stores.Problems, App.Stores.Roster, TimeProvider.System, new ProblemNotifierSet([
        new ProblemNotices(App.Stores.Roster, App.Stores.Outbox, new ScribanTemplateRenderer(), App.Links, Options, TimeProvider.System),
        new RatingNotices(App.Stores.Roster, App.Stores.Outbox, new ScribanTemplateRenderer(), App.Links, Options, new RequestOptions(), TimeProvider.System),
    ]));

    public RequestService Requests => new(App.Stores.Roster, App.Stores.Problems, App.Stores.RequestLinks, Problems, App.Links, new ProblemOptions(), new RequestOptions(), TimeProvider.System);

    /// <summary>The target's request link, as <c>request-link</c> prints it (with <paramref name="rotate"/>, a new one).</summary>
    public async Task<string> RequestLinkAsync(string target, bool rotate = false) =>
        App.LinkBase + await Requests.TokenAsync((await App.Stores.Roster.GetTargetAsync(Tag, target))!, rotate);

    /// <summary>The target's requests, as stored.</summary>
    public async Task<IReadOnlyList<Problem>> RequestsOfAsync(string target) =>
        (await App.Stores.Problems.ListAsync(new ProblemFilter(Grid: Tag))).Select(p => p.Problem).Where(p => p.TargetId == target && p.Source == ProblemSource.Request).ToList();

    /// <summary>Dispatches, accepts and resolves the problem as 城管科: the link of the rating SMS its requester then gets.</summary>
    public async Task<string> ResolveAsync(string problemId, string resolution = "已更换楼道灯")
    {
        foreach (var (command, actor) in new (ProblemCommand, string)[] { (new Dispatch(Department, 5), "coordinator"), (new Accept(), Department), (new Resolve(resolution), Department) })
        {
            Assert.Equal(ProblemStepKind.Applied, (await Problems.ApplyAsync(problemId, command, actor)).Kind);
        }
        var outbox = await App.Stores.Outbox.ListAsync(new OutboxFilter());
        var sms = outbox.Single(m => m.Kind == MessageKind.RatingRequest && m.Subject.StartsWith(problemId + "~", StringComparison.Ordinal));
        var start = sms.Text.IndexOf(App.LinkBase, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no link to {App.LinkBase} in: {sms.Text}");
        return sms.Text[start..].Split(' ', '\n')[0];
    }

    /// <summary>A request placed for the target straight through the service, as if from its page: the problem.</summary>
    public async Task<Problem> PlaceAsync(string target, string description)
    {
        var token = (await RequestLinkAsync(target))[App.LinkBase.Length..];
        var grant = App.Links.Verify(token, DateTimeOffset.UtcNow, out var valid) == Links.LinkCheck.Valid ? valid! : throw new InvalidOperationException("the request link does not verify");
        var placed = await Requests.PlaceAsync(grant, new RequestInput("环境卫生", description, null, null));
        return placed.Result!.Problem!;
    }
}
