using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Functions.Http;
using Outreach.Functions.Problems;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Functions.Tests;

/// <summary>The problem functions on real services and Azurite: what each binds, and the HTTP answer to each result.</summary>
[Collection(AzuriteFixture.Collection)]
public class ProblemFunctionsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 8, 0, 0, ChinaTime.Offset);
    private readonly FakeTimeProvider _clock = new(Monday);

    [Fact]
    public async Task A_problem_is_listed_stepped_and_read_through_the_functions_with_each_field_bound()
    {
        var world = await SeedAsync();
        Assert.Equal(OutcomeResultKind.Created, (await world.RecordAsync(world.Visit, TwoProblems)).Kind);

        var listed = Documents(await world.ListAsync(""));
        Assert.All(listed, p => Assert.Equal((world.Visit.Id, "reported", world.Visit.TargetId), (p.VisitId, p.Status, p.TargetId)));
        var id = listed[0].Id;

        Assert.Equal(200, (await world.StepAsync(id, "dispatch", """{"department":"urban","dueDays":5}""")).Status);
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(200, (await world.StepAsync(id, "accept", "")).Status);
        Assert.Equal(200, (await world.StepAsync(id, "resolve", """{"resolution":"联系了人社局招聘会","actor":"hr-bureau"}""")).Status);
        var evaluated = await world.StepAsync(id, "evaluate", """{"rating":5,"comment":"满意"}""");

        Assert.Equal(200, evaluated.Status);
        Assert.Equal("evaluated", Assert.IsType<ProblemDocument>(evaluated.Value).Status);
        var document = Assert.IsType<ProblemDocument>((await world.GetAsync(id)).Value);
        Assert.Equal(("evaluated", "urban", 5), (document.Status, document.Department, document.DueDays));
        Assert.Equal(("联系了人社局招聘会", 5, "满意"), (document.Resolution, document.Rating, document.Comment));
        Assert.Equal(["report", "dispatch", "accept", "resolve", "evaluate"], document.History.Select(h => h.Action));
        Assert.Equal("hr-bureau", document.History[3].Actor);
        Assert.Equal(["urban"], Documents(await world.ListAsync("?department=urban")).Select(p => p.Department));
        Assert.Equal([listed[1].Id], Documents(await world.ListAsync("?status=reported&grid=g1")).Select(p => p.Id));
    }

    [Fact]
    public async Task A_coordinator_opens_a_problem_directly_with_a_201_and_the_same_report_again_is_a_200()
    {
        var world = await SeedAsync();
        var body = """{"grid":"g1","targetId":"h2","category":"住房","description":"12345热线：楼道灯坏了","urgency":"urgent","reportedBy":"hotline-12345"}""";

        var opened = await world.OpenAsync(body);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var retried = await world.OpenAsync(body);

        Assert.Equal((201, 200), (opened.Status, retried.Status));
        var problem = Assert.IsType<ProblemDocument>(opened.Value);
        Assert.Equal(("g1", "h2", "住房", "12345热线：楼道灯坏了"), (problem.Grid, problem.TargetId, problem.Category, problem.Description));
        Assert.Equal((null, "urgent", "hotline-12345"), (problem.VisitId, problem.Urgency, problem.ReportedBy));
        Assert.Equal(problem.Id, Assert.IsType<ProblemDocument>(retried.Value).Id);
    }

    [Fact]
    public async Task Every_bad_request_is_a_4xx_problem_json()
    {
        var world = await SeedAsync();
        await world.RecordAsync(world.Visit, TwoProblems);
        var id = Documents(await world.ListAsync(""))[0].Id;

        var illegal = await world.StepAsync(id, "accept", "");
        var badFields = await world.StepAsync(id, "dispatch", """{"department":"a/b","dueDays":0,"actor":""}""");
        var missing = await world.StepAsync(id, "dispatch", """{"dueDays":"five"}""");
        var unknownId = await world.StepAsync("g1~20261207~h1~9", "accept", "");
        var badId = await world.GetAsync("not an id");
        var notFound = await world.GetAsync("g1~20261207~h9~1");
        var badList = await world.ListAsync("?status=open&grid=g/1");
        var malformed = await world.OpenAsync("{\"grid\":");
        var unknownTarget = await world.OpenAsync("""{"grid":"g1","targetId":"h9","category":"住房","description":"楼道灯坏了"}""");
        var large = await world.OpenAsync("{\"description\":\"" + new string('x', 70_000) + "\"}");

        Assert.Equal(409, illegal.Status);
        Assert.Equal("The step is not allowed now", Assert.IsType<ProblemDetails>(illegal.Value).Title);
        Assert.Equal(["actor", "department", "dueDays"], Fields(badFields));
        Assert.Equal(["dueDays", "department"], Fields(missing));
        Assert.Equal(404, unknownId.Status);
        Assert.Equal(["id"], Fields(badId));
        Assert.Equal(404, notFound.Status);
        Assert.Equal(["status", "grid"], Fields(badList));
        Assert.Equal(["body"], Fields(malformed));
        Assert.Equal(["targetId"], Fields(unknownTarget));
        Assert.Equal(413, large.Status);
        foreach (var response in new[] { illegal, badFields, unknownId, badList, unknownTarget, large })
        {
            Assert.Contains(ApiResults.ProblemJson, response.ContentTypes);
        }
    }

    [Fact]
    public async Task Of_two_concurrent_accepts_one_is_applied_and_the_other_refused()
    {
        var world = await SeedAsync();
        await world.RecordAsync(world.Visit, TwoProblems);
        var id = Documents(await world.ListAsync(""))[0].Id;
        await world.StepAsync(id, "dispatch", """{"department":"urban","dueDays":5}""");

        var results = await Task.WhenAll(world.StepAsync(id, "accept", ""), world.StepAsync(id, "accept", """{"actor":"urban-2"}"""));

        Assert.Equal([200, 409], results.Select(r => r.Status).Order());
        var stored = Assert.IsType<ProblemDocument>((await world.GetAsync(id)).Value);
        Assert.Equal(["report", "dispatch", "accept"], stored.History.Select(h => h.Action));
    }

    private static readonly IReadOnlyList<ProblemInput> TwoProblems =
        [new ProblemInput("用工", "缺少技术工人", "urgent"), new ProblemInput("道路", "门口路灯不亮", null)];

    private static string At(Visit visit) => $"{visit.Date:yyyy-MM-dd}T10:30:00+08:00";

    private static OutcomeRequest Request(Visit visit, IReadOnlyList<ProblemInput> problems) =>
        new("v1", "completed", At(visit), "企业生产正常", problems);

    private static List<ProblemDocument> Documents(Response response)
    {
        Assert.Equal(200, response.Status);
        return Assert.IsType<List<ProblemDocument>>(response.Value);
    }

    private static List<string> Fields(Response response)
    {
        Assert.Equal(400, response.Status);
        var problem = Assert.IsType<ProblemDetails>(response.Value);
        return ((IEnumerable<object>)problem.Extensions["errors"]!).Select(e => (string)e.GetType().GetProperty("field")!.GetValue(e)!).ToList();
    }

    private async Task<World> SeedAsync()
    {
        var stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());
        await stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山")]);
        await stores.Roster.SaveVisitorsAsync([new Visitor("v1", "王芳", "+8613800138001", "grid-member", ["g1"], 10, [])]);
        await stores.Roster.SaveTargetsAsync([
            new Target("h1", TargetKind.Household, "仙山社区1号楼101", "g1", ["elderly-alone"]),
            new Target("h2", TargetKind.Household, "仙山社区1号楼102", "g1", ["elderly-alone"]),
        ]);
        // One week: each weekly household's first visit only.
        await new PlanningService(stores.Roster, stores.Visits, _clock).PlanAsync(ChinaTime.Today(_clock), ChinaTime.Today(_clock).AddDays(6));
        var visit = (await stores.Visits.GetGridVisitsAsync("g1", ChinaTime.Today(_clock), ChinaTime.Today(_clock).AddDays(6))).Single(v => v.TargetId == "h1");
        // The evening of the visit's day: its visitor reports it.
        _clock.SetUtcNow(new DateTimeOffset(visit.Date.ToDateTime(new TimeOnly(18, 0)), ChinaTime.Offset));
        return new World(visit, new OutcomeService(stores.Visits, _clock), new ProblemService(stores.Problems, stores.Roster, _clock));
    }

    private sealed record Response(int Status, object? Value, IList<string> ContentTypes);

    private sealed record World(Visit Visit, OutcomeService Outcomes, ProblemService Problems)
    {
        public Task<OutcomeResult> RecordAsync(Visit visit, IReadOnlyList<ProblemInput> problems) =>
            Outcomes.RecordAsync(visit.Id, Request(visit, problems), null, null);

        public async Task<Response> ListAsync(string query) =>
            Map(await new ListProblems(Problems).Run(Http("GET", query, null), CancellationToken.None));

        public async Task<Response> GetAsync(string id) =>
            Map(await new GetProblem(Problems).Run(Http("GET", "", null), id, CancellationToken.None));

        public async Task<Response> OpenAsync(string body) =>
            Map(await new OpenProblem(Problems).Run(Http("POST", "", body), CancellationToken.None));

        public async Task<Response> StepAsync(string id, string action, string body) =>
            Map(await new AdvanceProblem(Problems).Run(Http("POST", "", body), id, action, CancellationToken.None));

        private static HttpRequest Http(string method, string query, string? body)
        {
            var context = new DefaultHttpContext();
            context.Request.Method = method;
            context.Request.QueryString = new QueryString(query);
            if (body is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(body);
                context.Request.ContentType = "application/json";
                context.Request.ContentLength = bytes.Length;
                context.Request.Body = new MemoryStream(bytes);
            }
            return context.Request;
        }

        private static Response Map(IActionResult result)
        {
            var objectResult = Assert.IsType<ObjectResult>(result);
            return new Response(objectResult.StatusCode ?? 200, objectResult.Value, objectResult.ContentTypes);
        }
    }
}
