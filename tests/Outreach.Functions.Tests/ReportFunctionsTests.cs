using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Functions.Http;
using Outreach.Functions.Reports;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Reports;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Functions.Tests;

/// <summary><c>GET /api/reports/{kind}</c>: the function class on the real report service and Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public class ReportFunctionsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 8, 0, 0, ChinaTime.Offset);
    private readonly FakeTimeProvider _clock = new(Monday);

    [Fact]
    public async Task Coverage_has_totals_and_by_grid_in_the_cli_shape()
    {
        var function = await SeedAsync();

        var (status, body, _) = await GetAsync(function, "coverage", "?from=2026-12-07&to=2026-12-13");

        Assert.Equal(200, status);
        var json = JsonDocument.Parse(body).RootElement;
        // h1 was visited in its first week; h2 was not: one of two visited, one of their two first windows met.
        Assert.Equal((2, 1, 0.5, 2, 1, 0.5, 1, 0), Figures(json));
        var grid = Assert.Single(json.GetProperty("byGrid").EnumerateArray());
        Assert.Equal("g1", grid.GetProperty("grid").GetString());
        Assert.Equal((2, 1, 0.5, 2, 1, 0.5, 1, 0), Figures(grid));
        Assert.Equal("h2", Assert.Single(json.GetProperty("late").EnumerateArray()).GetProperty("targetId").GetString());
    }

    [Fact]
    public async Task Visitors_and_problems_answer_with_their_figures()
    {
        var function = await SeedAsync();

        var visitors = await GetAsync(function, "visitors", "?from=2026-12-07&to=2026-12-13&grid=g1");
        var problems = await GetAsync(function, "problems", "?from=2026-12-01&to=2026-12-31");

        Assert.Equal((200, 200), (visitors.Status, problems.Status));
        var v1 = Assert.Single(JsonDocument.Parse(visitors.Body).RootElement.GetProperty("visitors").EnumerateArray());
        Assert.Equal(("v1", 2, 1, 1, 1), (v1.GetProperty("visitorId").GetString(), v1.GetProperty("planned").GetInt32(), v1.GetProperty("completed").GetInt32(), v1.GetProperty("overdue").GetInt32(), v1.GetProperty("problemsFound").GetInt32()));
        Assert.Equal("2026年12月走访企业0家、居民1户，遍访率50.0%（1/2），按期率50.0%（1/2），发现问题1个，已解决0个", JsonDocument.Parse(problems.Body).RootElement.GetProperty("headline").GetString());
    }

    [Theory]
    [InlineData("coverage", "?from=2026-12-07", 400, "to")]
    [InlineData("coverage", "?from=7 Dec&to=2026-12-13", 400, "from")]
    [InlineData("visitors", "?from=2026-12-13&to=2026-12-07", 400, "to")]
    [InlineData("problems", "?from=2026-01-01&to=2027-12-31", 400, "to")]
    [InlineData("problems", "?from=2026-12-01&to=2026-12-31&grid=nowhere", 400, "grid")]
    [InlineData("problems", "?from=2026-12-01&to=2026-12-31&grid=g/1", 400, "grid")]
    [InlineData("households", "?from=2026-12-01&to=2026-12-31", 404, null)]
    public async Task Bad_requests_are_problem_json_naming_the_field(string kind, string query, int expected, string? field)
    {
        var function = await SeedAsync();

        var (status, body, contentTypes) = await GetAsync(function, kind, query);

        Assert.Equal(expected, status);
        Assert.Contains(ApiResults.ProblemJson, contentTypes);
        if (field is not null)
        {
            Assert.Equal(field, JsonDocument.Parse(body).RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
        }
    }

    private async Task<GetReport> SeedAsync()
    {
        var stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());
        await stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山")]);
        await stores.Roster.SaveVisitorsAsync([new Visitor("v1", "王芳", "+8613800138001", "grid-member", ["g1"], 10, [])]);
        await stores.Roster.SaveTargetsAsync([
            new Target("h1", TargetKind.Household, "仙山社区1号楼101", "g1", ["elderly-alone"]),
            new Target("h2", TargetKind.Household, "仙山社区1号楼102", "g1", ["elderly-alone"]),
        ]);
        var today = ChinaTime.Today(_clock);
        await new PlanningService(stores.Roster, stores.Visits, _clock).PlanAsync(today, today.AddDays(6));
        var visit = (await stores.Visits.GetGridVisitsAsync("g1", today, today.AddDays(6))).Single(v => v.TargetId == "h1");
        _clock.SetUtcNow(new DateTimeOffset(visit.Date.ToDateTime(new TimeOnly(18, 0)), ChinaTime.Offset));
        var outcome = new OutcomeRequest("v1", "completed", $"{visit.Date:yyyy-MM-dd}T10:30:00+08:00", null, [new ProblemInput("用工", "缺少技术工人", null)]);
        Assert.Equal(OutcomeResultKind.Created, (await new OutcomeService(stores.Visits, _clock).RecordAsync(visit.Id, outcome, null, null)).Kind);
        // Reported the Monday after: h2's week is over without a visit.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 14, 9, 0, 0, ChinaTime.Offset));
        return new GetReport(new ReportService(stores.Roster, stores.Visits, stores.Problems, _clock));
    }

    /// <summary>The coverage figures of the report or a group, by their JSON names.</summary>
    private static (int, int, double, int, int, double, int, int) Figures(JsonElement json) => (
        json.GetProperty("targets").GetInt32(), json.GetProperty("visited").GetInt32(), json.GetProperty("visitedRatio").GetDouble(),
        json.GetProperty("due").GetInt32(), json.GetProperty("dueVisited").GetInt32(), json.GetProperty("onTimeRatio").GetDouble(),
        json.GetProperty("lateNow").GetInt32(), json.GetProperty("notYetDue").GetInt32());

    private static async Task<(int Status, string Body, IReadOnlyCollection<string> ContentTypes)> GetAsync(GetReport function, string kind, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        var result = Assert.IsType<ObjectResult>(await function.Run(context.Request, kind, CancellationToken.None));
        return (result.StatusCode ?? 200, JsonSerializer.Serialize(result.Value, result.Value!.GetType(), ApiResults.Json), result.ContentTypes);
    }
}
