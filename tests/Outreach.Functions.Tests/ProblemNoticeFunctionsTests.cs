using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Functions.Problems;
using Outreach.Links;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Functions.Tests;

/// <summary>
/// On the app's container and Azurite: a dispatch through the function and the escalation timer write their notices,
/// and the by-link problem functions bind the notice's signed link and give each of its answers over HTTP.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public class ProblemNoticeFunctionsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 10, 0, 0, ChinaTime.Offset);
    private readonly FakeTimeProvider _clock = new(MondayMorning);

    [Fact]
    public async Task A_dispatch_writes_the_departments_notice_and_its_link_lets_the_department_accept()
    {
        var app = await StartAsync();
        var id = await app.OpenAsync();

        var dispatched = await app.StepAsync(id, "dispatch", """{"department":"urban-management","dueDays":5}""");
        var again = await app.StepAsync(id, "dispatch", """{"department":"urban-management","dueDays":5}""");

        Assert.Equal((200, 409), (dispatched.Status, again.Status));
        var row = Assert.Single(await app.Stores.Outbox.ListAsync(new OutboxFilter()));
        Assert.Equal((MessageKind.DispatchNotice, "urban-management"), (row.Kind, row.RecipientId));
        var token = row.Text.Split("/v/")[^1];

        Assert.Equal(401, (await app.GetByLinkAsync(id, null)).Status);
        Assert.Equal(403, (await app.GetByLinkAsync(app.OtherId, token)).Status);
        Assert.Equal("dispatched", Assert.IsType<ProblemDocument>((await app.GetByLinkAsync(id, token)).Value).Status);
        var accepted = await app.StepByLinkAsync(id, "accept", token, "");

        Assert.Equal(200, accepted.Status);
        Assert.Equal("accepted", Assert.IsType<ProblemDocument>(accepted.Value).Status);
        Assert.Equal(["action"], Fields(await app.StepByLinkAsync(id, "evaluate", token, """{"rating":5}""")));
    }

    [Fact]
    public async Task The_escalation_timer_writes_the_escalation_notices_and_the_supervisors_copy_reads_the_problem_but_cannot_step()
    {
        var app = await StartAsync();
        var id = await app.OpenAsync();
        await app.StepAsync(id, "dispatch", """{"department":"urban-management","dueDays":5}""");

        // Not accepted within ProblemOptions:AcceptHours (24): escalated at the next run, late or not.
        _clock.Advance(TimeSpan.FromHours(25));
        await app.Timer.Run(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        var rows = await app.Stores.Outbox.ListAsync(new OutboxFilter());
        Assert.Equal([MessageKind.DispatchNotice, MessageKind.EscalationCopy, MessageKind.EscalationNotice], rows.Select(r => r.Kind));
        var supervisorToken = rows.Single(r => r.RecipientId == "s1").Text.Split("/v/")[^1];
        var read = await app.GetByLinkAsync(id, supervisorToken);
        Assert.Equal(200, read.Status);
        var document = Assert.IsType<ProblemDocument>(read.Value);
        Assert.Equal(("escalated", "dispatched"), (document.Status, document.Stage));
        var step = await app.StepByLinkAsync(id, "accept", supervisorToken, "");
        Assert.Equal((403, "The link only reads"), (step.Status, Assert.IsType<ProblemDetails>(step.Value).Title));
    }

    [Fact]
    public async Task A_link_of_a_department_the_problem_was_taken_from_is_a_403()
    {
        var app = await StartAsync();
        var id = await app.OpenAsync();
        await app.StepAsync(id, "dispatch", """{"department":"urban-management","dueDays":5}""");
        var token = Assert.Single(await app.Stores.Outbox.ListAsync(new OutboxFilter())).Text.Split("/v/")[^1];

        // Between the department opening its link and posting, the coordinator moves the problem to another department.
        await app.StepAsync(id, "return", """{"reason":"不属于本科室","actor":"coordinator"}""");
        await app.StepAsync(id, "dispatch", """{"department":"emergency","dueDays":3}""");
        var response = await app.StepByLinkAsync(id, "accept", token, "");

        Assert.Equal((403, "The problem is not with you"), (response.Status, Assert.IsType<ProblemDetails>(response.Value).Title));
    }

    [Fact]
    public async Task Once_the_problem_is_resolved_its_links_are_a_410()
    {
        var app = await StartAsync();
        var id = await app.OpenAsync();
        await app.StepAsync(id, "dispatch", """{"department":"urban-management","dueDays":5}""");
        var token = Assert.Single(await app.Stores.Outbox.ListAsync(new OutboxFilter())).Text.Split("/v/")[^1];
        Assert.Equal(200, (await app.StepByLinkAsync(id, "accept", token, "")).Status);
        Assert.Equal(200, (await app.StepByLinkAsync(id, "resolve", token, """{"resolution":"已修复路面"}""")).Status);

        var read = await app.GetByLinkAsync(id, token);
        var step = await app.StepByLinkAsync(id, "return", token, """{"reason":"再看看"}""");

        Assert.Equal((410, 410), (read.Status, step.Status));
        Assert.Equal("The problem is closed", Assert.IsType<ProblemDetails>(read.Value).Title);
        Assert.Contains("is resolved", Assert.IsType<ProblemDetails>(read.Value).Detail);
    }

    private static List<string> Fields(Response response)
    {
        Assert.Equal(400, response.Status);
        var problem = Assert.IsType<ProblemDetails>(response.Value);
        return ((IEnumerable<object>)problem.Extensions["errors"]!).Select(e => (string)e.GetType().GetProperty("field")!.GetValue(e)!).ToList();
    }

    private async Task<App> StartAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = AzuriteFixture.NewPrefix(),
            ["Links:SigningKey"] = Convert.ToBase64String(new byte[32]),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton<TimeProvider>(_clock);
        services.AddOutreach(configuration);
        var provider = services.BuildServiceProvider();
        var stores = provider.GetRequiredService<TableStores>();
        await stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山", Supervisor: "s1")]);
        await stores.Roster.SaveVisitorsAsync([new Visitor("s1", "陈主任", "+8613800138009", "party-affairs", [], 10, [])]);
        await stores.Roster.SaveTargetsAsync([
            new Target("e1", TargetKind.Enterprise, "和平商店", "g1", []),
            new Target("e2", TargetKind.Enterprise, "幸福超市", "g1", []),
        ]);
        await stores.Roster.SaveDepartmentsAsync([
            new Department("urban-management", "城管科", "+8613953621408"),
            new Department("emergency", "应急管理局", "+8618765330917"),
        ]);
        var problems = provider.GetRequiredService<ProblemService>();
        var other = await problems.OpenAsync(new DirectReport("g1", "e2", "消防", "通道堵塞", ProblemUrgency.Normal, "hotline-12345"));
        return new App(provider, stores, problems, other.Problem!.Id,
            new EscalateOverdue(provider.GetRequiredService<EscalationService>(), NullLogger<EscalateOverdue>.Instance));
    }

    private sealed record Response(int Status, object? Value);

    private sealed record App(ServiceProvider Provider, TableStores Stores, ProblemService Problems, string OtherId, EscalateOverdue Timer)
    {
        public async Task<string> OpenAsync() =>
            (await Problems.OpenAsync(new DirectReport("g1", "e1", "道路", "门前路面塌陷", ProblemUrgency.Normal, "hotline-12345"))).Problem!.Id;

        public async Task<Response> StepAsync(string id, string action, string body) =>
            Map(await Function<AdvanceProblem>().Run(Http(body, null), id, action, CancellationToken.None));

        public async Task<Response> GetByLinkAsync(string id, string? token) =>
            Map(await Function<GetProblemByLink>().Run(Http(null, token), id, CancellationToken.None));

        public async Task<Response> StepByLinkAsync(string id, string action, string token, string body) =>
            Map(await Function<AdvanceProblemByLink>().Run(Http(body, token), id, action, CancellationToken.None));

        private T Function<T>() => ActivatorUtilities.CreateInstance<T>(Provider);

        private static HttpRequest Http(string? body, string? token)
        {
            var request = new DefaultHttpContext().Request;
            request.Method = body is null ? "GET" : "POST";
            if (token is not null)
            {
                request.Headers.Authorization = $"Bearer {token}";
            }
            var bytes = Encoding.UTF8.GetBytes(body ?? "");
            request.ContentLength = bytes.Length;
            request.Body = new MemoryStream(bytes);
            return request;
        }

        private static Response Map(IActionResult result)
        {
            var objectResult = Assert.IsType<ObjectResult>(result);
            return new Response(objectResult.StatusCode ?? 200, objectResult.Value);
        }
    }
}
