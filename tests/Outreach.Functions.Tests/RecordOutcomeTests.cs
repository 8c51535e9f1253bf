using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Functions.Http;
using Outreach.Functions.Visits;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Functions.Tests;

/// <summary>Field staff report visits through signed links: the function class on real services and Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public class RecordOutcomeTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 8, 0, 0, ChinaTime.Offset);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly FakeTimeProvider _clock = new(Monday);

    [Fact]
    public async Task The_first_outcome_is_a_201_and_the_same_again_a_200_each_with_the_outcome_and_its_etag()
    {
        var (function, _, visit) = await SeedAsync();
        var body = Body(visit, "completed", visit.Date, problems: """[{"category":"用工","description":"缺少技术工人","urgency":"urgent"}]""");

        var first = await PostAsync(function, visit, body);
        var retry = await PostAsync(function, visit, body);

        Assert.Equal((201, 200), (first.Status, retry.Status));
        var document = Assert.IsType<OutcomeDocument>(retry.Value);
        Assert.Equal(("completed", "urgent"), (document.Status, document.Problems.Single().Urgency));
        Assert.NotNull(first.ETag);
        Assert.Equal(first.ETag, retry.ETag);
    }

    [Fact]
    public async Task A_different_outcome_is_a_409_and_one_naming_the_etag_in_if_match_a_200()
    {
        var (function, _, visit) = await SeedAsync();
        var first = await PostAsync(function, visit, Body(visit, "not-reachable", visit.Date));

        var conflict = await PostAsync(function, visit, Body(visit, "completed", visit.Date));
        var corrected = await PostAsync(function, visit, Body(visit, "completed", visit.Date), ifMatch: first.ETag);

        Assert.Equal((409, 200), (conflict.Status, corrected.Status));
        Assert.Contains(ApiResults.ProblemJson, conflict.ContentTypes);
        Assert.Equal("completed", Assert.IsType<OutcomeDocument>(corrected.Value).Status);
    }

    [Fact]
    public async Task Of_two_concurrent_different_posts_exactly_one_wins()
    {
        var (function, stores, visit) = await SeedAsync();

        var results = await Task.WhenAll(
            PostAsync(function, visit, Body(visit, "completed", visit.Date)),
            PostAsync(function, visit, Body(visit, "refused", visit.Date)));

        Assert.Equal([201, 409], results.Select(r => r.Status).Order());
        var winner = results.Single(r => r.Status == 201);
        Assert.Equal(((OutcomeDocument)winner.Value!).Status, (await stores.Visits.GetVisitAsync(visit.Id))!.Status.ToWire());
    }

    [Fact]
    public async Task Bad_links_are_401_a_link_or_body_for_another_visit_or_visitor_403_and_a_visit_not_there_404()
    {
        var (function, _, visit) = await SeedAsync();
        var body = Body(visit, "completed", visit.Date);
        var valid = Sign(visit.VisitorIds[0], visit.Id, visit);
        var tampered = valid[..^2] + (valid[^2] == 'A' ? "BB" : "AA");
        var otherKey = new LinkTokens(RandomNumberGenerator.GetBytes(32)).Sign(new LinkGrant(visit.VisitorIds[0], visit.Id, Monday.AddDays(3)));
        var expired = new LinkTokens(_key).Sign(new LinkGrant(visit.VisitorIds[0], visit.Id, Monday.AddMinutes(-1)));
        var anotherVisit = Sign(visit.VisitorIds[0], "g1~20261208~h9", visit);
        var gone = visit with { TargetId = "h9" };

        Assert.Equal(401, (await PostAsync(function, visit, body, token: "")).Status);
        Assert.Equal(401, (await PostAsync(function, visit, body, token: tampered)).Status);
        Assert.Equal(401, (await PostAsync(function, visit, body, token: otherKey)).Status);
        Assert.Equal(401, (await PostAsync(function, visit, body, token: expired)).Status);
        Assert.Equal(403, (await PostAsync(function, visit, body, token: anotherVisit)).Status);
        Assert.Equal(403, (await PostAsync(function, visit, Body(visit, "completed", visit.Date, visitor: "v9"))).Status);
        Assert.Equal(404, (await PostAsync(function, gone, Body(gone, "completed", visit.Date))).Status);
    }

    [Fact]
    public async Task Bad_fields_get_a_problem_json_400_naming_each_one()
    {
        var (function, _, visit) = await SeedAsync();
        var body = Body(visit, "done", visit.Date, problems: """[{"category":"用工","description":"x","urgency":"asap"}]""");

        var result = await PostAsync(function, visit, body);

        Assert.Equal(400, result.Status);
        Assert.Contains(ApiResults.ProblemJson, result.ContentTypes);
        var problem = Assert.IsType<ProblemDetails>(result.Value);
        var fields = ((IEnumerable<object>)problem.Extensions["errors"]!).Select(e => (string)e.GetType().GetProperty("field")!.GetValue(e)!).ToList();
        Assert.Equal(["status", "problems[0].urgency"], fields);
    }

    [Fact]
    public async Task Wrongly_typed_fields_are_named_with_their_path()
    {
        var (function, _, visit) = await SeedAsync();

        var result = await PostAsync(function, visit, """{"visitorId":7,"status":"completed","visitedAt":"2026-12-07T10:00:00+08:00","problems":[{"category":3,"description":"x"},"oops"]}""");

        Assert.Equal(400, result.Status);
        var detail = ((ProblemDetails)result.Value!).Detail!;
        Assert.Contains("visitorId must be a string.", detail);
        Assert.Contains("problems[0].category must be a string.", detail);
        Assert.Contains("problems[1] must be an object", detail);
    }

    [Fact]
    public async Task Bodies_over_64_KiB_malformed_json_and_bad_ids_are_refused_before_storage()
    {
        var (function, _, visit) = await SeedAsync();

        var large = await PostAsync(function, visit, "{\"notes\":\"" + new string('x', 70_000) + "\"}");
        var malformed = await PostAsync(function, visit, "{\"status\":");
        var badId = await PostAsync(function, visit with { Grid = "g/1" }, Body(visit, "completed", visit.Date));

        Assert.Equal((413, 400, 400), (large.Status, malformed.Status, badId.Status));
    }

    [Theory]
    [InlineData("""{"visitorId":"v1","visitorId":"v2","status":"completed"}""", "body")]
    [InlineData("""{"visitorId":"v1","status":"completed","notes":"\ud800"}""", "notes")]
    public async Task A_field_given_twice_or_holding_half_a_surrogate_pair_is_a_400_naming_it(string body, string field)
    {
        var (function, stores, visit) = await SeedAsync();

        var result = await PostAsync(function, visit, body);

        Assert.Equal(400, result.Status);
        var problem = Assert.IsType<ProblemDetails>(result.Value);
        Assert.Equal(field, ((IEnumerable<object>)problem.Extensions["errors"]!).Select(e => (string)e.GetType().GetProperty("field")!.GetValue(e)!).First());
        Assert.Null((await stores.Visits.GetVisitAsync(visit.Id))!.Outcome);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_a_400_not_a_crash()
    {
        var (function, stores, visit) = await SeedAsync();
        byte[] body = [.. Encoding.UTF8.GetBytes("""{"visitorId":"v1","status":"completed","notes":"a"""), 0xC3, 0x28, .. "\"}"u8];

        var result = await PostAsync(function, visit, body);

        Assert.Equal(400, result.Status);
        Assert.Contains("not UTF-8", ((ProblemDetails)result.Value!).Detail);
        Assert.Null((await stores.Visits.GetVisitAsync(visit.Id))!.Outcome);
    }

    private async Task<(RecordOutcome Function, TableStores Stores, Visit Visit)> SeedAsync()
    {
        var stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());
        await stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山")]);
        await stores.Roster.SaveVisitorsAsync([new Visitor("v1", "王芳", "+8613800138001", "grid-member", ["g1"], 10, []), new Visitor("v2", "李强", "+8613800138002", "grid-member", ["g1"], 10, [])]);
        await stores.Roster.SaveTargetsAsync([new Target("h1", TargetKind.Household, "仙山社区1号楼101", "g1", ["elderly-alone"])]);
        // One week: the weekly household's first visit only.
        await new PlanningService(stores.Roster, stores.Visits, _clock).PlanAsync(ChinaTime.Today(_clock), ChinaTime.Today(_clock).AddDays(6));
        var visit = Assert.Single(await stores.Visits.GetGridVisitsAsync("g1", ChinaTime.Today(_clock), ChinaTime.Today(_clock).AddDays(6)));
        // The evening of the visit's day: the visitor reports after the visit.
        _clock.SetUtcNow(new DateTimeOffset(visit.Date.ToDateTime(new TimeOnly(18, 0)), ChinaTime.Offset));
        var links = new LinkService(new LinkTokens(_key), stores.Roster, stores.Visits, stores.Problems, new OutcomeService(stores.Visits, _clock),
            new Outreach.Problems.ProblemService(stores.Problems, stores.Roster, _clock), new Outreach.Problems.ProblemOptions(), new Outreach.Reminders.ReminderOptions(), _clock);
        return (new RecordOutcome(links), stores, visit);
    }

    private string Sign(string visitorId, string scope, Visit visit) =>
        new LinkTokens(_key).Sign(new LinkGrant(visitorId, scope, new DateTimeOffset(visit.WindowEnd.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset)));

    private static string Body(Visit visit, string status, DateOnly? day = null, DateTimeOffset? at = null, string? visitor = null, string problems = "[]")
    {
        var visitedAt = at ?? new DateTimeOffset(day!.Value.ToDateTime(new TimeOnly(10, 30)), ChinaTime.Offset);
        return $$"""{"visitorId":"{{visitor ?? visit.VisitorIds[0]}}","status":"{{status}}","visitedAt":"{{visitedAt:yyyy-MM-ddTHH:mm:sszzz}}","notes":"老人身体健康","problems":{{problems}}}""";
    }

    private sealed record Response(int Status, object? Value, string? ETag, IList<string> ContentTypes);

    private Task<Response> PostAsync(RecordOutcome function, Visit visit, string body, string? token = null, string? ifMatch = null) =>
        PostAsync(function, visit, Encoding.UTF8.GetBytes(body), token, ifMatch);

    private async Task<Response> PostAsync(RecordOutcome function, Visit visit, byte[] bytes, string? token = null, string? ifMatch = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        var bearer = token ?? Sign(visit.VisitorIds[0], visit.Id, visit);
        if (bearer.Length > 0)
        {
            context.Request.Headers.Authorization = $"Bearer {bearer}";
        }
        if (ifMatch is not null)
        {
            context.Request.Headers.IfMatch = ifMatch;
        }
        var result = Assert.IsType<ObjectResult>(await function.Run(context.Request, visit.Id, CancellationToken.None));
        return new Response(result.StatusCode ?? 200, result.Value, context.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null, result.ContentTypes);
    }
}
