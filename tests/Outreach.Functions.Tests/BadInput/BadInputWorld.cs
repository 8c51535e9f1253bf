using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Functions.Pages;
using Outreach.Functions.Problems;
using Outreach.Functions.Visits;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Pages;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Roster;
using Outreach.Testing;
using Outreach.Testing.BadInput;

namespace Outreach.Functions.Tests.BadInput;

/// <summary>
/// One grid on Tuesday 8 December 2026, 18:00: 王芳 (v1) has a visit to h1 without an outcome, and a problem from last
/// week's visit to h2 is with 城管科 (urban). The function classes run on the real services over Azurite, each request
/// answered as the host would send it: the status, the content type, and whether anything was stored.
/// </summary>
internal sealed class BadInputWorld
{
    public static readonly DateOnly Tuesday = new(2026, 12, 8);
    public static readonly DateTimeOffset Evening = new(2026, 12, 8, 18, 0, 0, ChinaTime.Offset);
    public const string ProblemId = "g1~20261201~h2~1";

    private readonly string _prefix = AzuriteFixture.NewPrefix();
    private readonly FakeTimeProvider _clock = new(Evening);
    private readonly LinkService _links;
    private readonly ProblemService _problems;
    private readonly LinkPages _pages;
    private readonly CodePages _codePages;
    private string _stored = "";

    private BadInputWorld(AzuriteFixture azurite)
    {
        Stores = TableStores.Create(azurite.ConnectionString, _prefix);
        Tokens = new LinkTokens(RandomNumberGenerator.GetBytes(32));
        _problems = new ProblemService(Stores.Problems, Stores.Roster, _clock);
        _links = new LinkService(Tokens, Stores.Roster, Stores.Visits, Stores.Problems, new OutcomeService(Stores.Visits, _clock), _problems,
            new ProblemOptions(), new Outreach.Reminders.ReminderOptions(), _clock);
        _pages = new LinkPages(_links, new PageRenderer(), new ProblemOptions(), _clock);
        Codes = new LinkCodeService(Stores.Codes, Tokens, _clock);
        _codePages = new CodePages(Codes, new PageRenderer());
    }

    public TableStores Stores { get; }

    public LinkTokens Tokens { get; }

    public LinkCodeService Codes { get; }

    public static Visit H1 { get; } = new("h1", TargetKind.Household, "g1", Tuesday, ["v1"], 1, Tuesday.AddDays(-1), Tuesday.AddDays(5), Tuesday);

    public string DayLink => Tokens.Sign(new LinkGrant("v1", LinkGrant.DayScope(Tuesday), Evening.AddDays(5)));

    public string ProblemLink => Tokens.Sign(LinkGrant.ForProblem("urban", ProblemId, Evening, Evening.AddDays(5)));

    public static async Task<BadInputWorld> CreateAsync(AzuriteFixture azurite)
    {
        var world = new BadInputWorld(azurite);
        var roster = world.Stores.Roster;
        await roster.SaveGridsAsync([new Grid("g1", "幸福里网格", "幸福里社区", Supervisor: "lead")]);
        await roster.SaveVisitorsAsync(
        [
            new Visitor("v1", "王芳", "+8613800000001", "grid-member", ["g1"], 10, [], "lead"),
            new Visitor("lead", "陈主任", "+8613900000009", "party-worker", ["g1"], 10, []),
        ]);
        await roster.SaveTargetsAsync(
        [
            new Target("h1", TargetKind.Household, "幸福里1号楼101", "g1", [], "幸福里1号楼101", "孙阿姨", "+8613700000001"),
            new Target("h2", TargetKind.Household, "幸福里3号楼201", "g1", ["elderly-alone"], "幸福里3号楼201", "赵大爷", "+8613700000002"),
        ]);
        await roster.SaveDepartmentsAsync([new Department("urban", "城管科", "+8613953621408", "刘建国")]);
        var lastWeek = new Visit("h2", TargetKind.Household, "g1", new DateOnly(2026, 12, 1), ["v1"], 0, new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 6),
            new DateOnly(2026, 12, 1), VisitStatus.Completed, new DateOnly(2026, 12, 1),
            new VisitOutcome("v1", VisitStatus.Completed, new DateTimeOffset(2026, 12, 1, 10, 0, 0, ChinaTime.Offset), "楼道灯坏了",
                [new ReportedProblem("道路设施", "楼道灯坏了", false)], new DateTimeOffset(2026, 12, 1, 10, 5, 0, ChinaTime.Offset)));
        await world.Stores.Visits.ApplyAsync([lastWeek, H1], []);
        var reported = OutcomeService.RaisedProblems(lastWeek, lastWeek.Outcome!).Single();
        Assert.Equal(ProblemId, reported.Id);
        await world.Stores.Problems.AddAsync(ProblemWorkflow.Apply(reported, new Dispatch("urban", 5), "coordinator", new DateTimeOffset(2026, 12, 1, 14, 0, 0, ChinaTime.Offset)).Problem);
        world._stored = await world.SnapshotAsync();
        return world;
    }

    /// <summary>What a request answered, and whether it stored anything.</summary>
    public sealed record Answer(int Status, string? ContentType, object? Body, bool Stored);

    public Task<Answer> OutcomeAsync(byte[] body, string? token = null) =>
        AnswerAsync(request => new RecordOutcome(_links).Run(Json(request, body, token ?? DayLink), H1.Id, CancellationToken.None));

    public Task<Answer> StepAsync(string action, byte[] body) =>
        AnswerAsync(request => new AdvanceProblem(_problems).Run(Json(request, body, null), ProblemId, action, CancellationToken.None));

    public Task<Answer> StepByLinkAsync(string action, byte[] body) =>
        AnswerAsync(request => new AdvanceProblemByLink(_links).Run(Json(request, body, ProblemLink), ProblemId, action, CancellationToken.None));

    public Task<Answer> FormAsync(string token, byte[] body) =>
        AnswerAsync(request => new PostLinkForm(_pages).Run(Form(request, $"/v/{token}", body), token, CancellationToken.None));

    public Task<Answer> PageAsync(string token) =>
        AnswerAsync(request =>
        {
            request.Method = "GET";
            request.Path = $"/v/{token}";
            return new OpenLinkPage(_pages).Run(request, token, CancellationToken.None);
        });

    public Task<Answer> CodeAsync(byte[] body) =>
        AnswerAsync(request => new PostCodeForm(_codePages).Run(Form(request, "/c", body), CancellationToken.None));

    private async Task<Answer> AnswerAsync(Func<HttpRequest, Task<IActionResult>> run)
    {
        var request = new DefaultHttpContext().Request;
        var result = await run(request);
        var stored = await SnapshotAsync();
        var changed = stored != _stored;
        _stored = stored;
        return result switch
        {
            ObjectResult o => new Answer(o.StatusCode ?? 200, o.ContentTypes.FirstOrDefault(), o.Value, changed),
            ContentResult c => new Answer(c.StatusCode ?? 200, c.ContentType, c.Content, changed),
            StatusCodeResult s => new Answer(s.StatusCode, null, null, changed),
            _ => throw new InvalidOperationException($"unexpected result {result.GetType().Name}"),
        };
    }

    private Task<string> SnapshotAsync() => TableSnapshot.TakeAsync(Stores.Service, _prefix);

    private static HttpRequest Json(HttpRequest request, byte[] body, string? token)
    {
        request.Method = "POST";
        request.ContentType = "application/json";
        request.ContentLength = body.Length;
        request.Body = new MemoryStream(body);
        if (token is not null)
        {
            request.Headers.Authorization = $"Bearer {token}";
        }
        return request;
    }

    private static HttpRequest Form(HttpRequest request, string path, byte[] body)
    {
        request.Method = "POST";
        request.Path = path;
        request.ContentType = "application/x-www-form-urlencoded";
        request.ContentLength = body.Length;
        request.Body = new MemoryStream(body);
        return request;
    }

    /// <summary>The text of a body, for a failure message.</summary>
    public static string Show(byte[] bytes) => Encoding.UTF8.GetString(bytes.Length > 120 ? bytes[..120] : bytes);
}
