using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Functions.Pages;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Pages;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Functions.Tests;

/// <summary>
/// The page functions bind the request and map the page: security headers on every answer, a 303 back to the page after
/// a post, the query's language and markers passed on. (What the pages show is tested in Outreach.Pages.Tests.)
/// </summary>
[Collection(AzuriteFixture.Collection)]
public class LinkPageFunctionsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 8, 9, 0, 0, ChinaTime.Offset);
    private readonly FakeTimeProvider _clock = new(Nine);
    private readonly LinkTokens _links = new(RandomNumberGenerator.GetBytes(32));
    private TableStores? _stores;

    [Fact]
    public async Task A_page_is_html_with_the_security_headers_in_the_language_asked_for()
    {
        var (pages, token, _) = await SeedAsync();
        var request = Request("GET", token, query: "?lang=en");

        var result = Assert.IsType<ContentResult>(await new OpenLinkPage(pages).Run(request, token, CancellationToken.None));

        Assert.Equal((200, "text/html; charset=utf-8"), (result.StatusCode, result.ContentType));
        Assert.Contains("<html lang=\"en\">", result.Content);
        AssertSecurityHeaders(request.HttpContext.Response.Headers);
    }

    [Fact]
    public async Task A_phone_that_accepts_gzip_gets_the_page_compressed_with_its_status_kept()
    {
        var (pages, token, _) = await SeedAsync();
        var request = Request("GET", token[..20]);
        request.Headers.AcceptEncoding = "gzip, deflate, br";
        var response = request.HttpContext.Response;
        response.Body = new MemoryStream();

        var result = await new OpenLinkPage(pages).Run(request, token[..20], CancellationToken.None);
        await result.ExecuteResultAsync(new ActionContext(request.HttpContext, new Microsoft.AspNetCore.Routing.RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));

        Assert.Equal((400, "gzip", "Accept-Encoding"), (response.StatusCode, response.Headers.ContentEncoding.ToString(), response.Headers.Vary.ToString()));
        response.Body.Position = 0;
        using var unzipped = new StreamReader(new System.IO.Compression.GZipStream(response.Body, System.IO.Compression.CompressionMode.Decompress));
        Assert.Contains("<title>链接不完整</title>", await unzipped.ReadToEndAsync());
        AssertSecurityHeaders(response.Headers);
    }

    [Fact]
    public async Task A_posted_outcome_is_stored_and_answered_with_a_303_back_to_the_page()
    {
        var (pages, token, visit) = await SeedAsync();
        var body = $"visitId={Uri.EscapeDataString(visit.Id)}&status=completed&visitedAt=2026-12-08T08%3A30";
        var request = Request("POST", token, body);

        var result = Assert.IsType<StatusCodeResult>(await new PostLinkForm(pages).Run(request, token, CancellationToken.None));

        Assert.Equal(303, result.StatusCode);
        Assert.StartsWith($"{token}?saved=", request.HttpContext.Response.Headers.Location.ToString());
        AssertSecurityHeaders(request.HttpContext.Response.Headers);
        Assert.Equal(VisitStatus.Completed, (await _stores!.Visits.GetVisitAsync(visit.Id))!.Status);
    }

    [Fact]
    public async Task A_form_over_the_size_limit_gets_a_page_saying_so_and_nothing_is_stored()
    {
        var (pages, token, visit) = await SeedAsync();
        var body = $"visitId={Uri.EscapeDataString(visit.Id)}&status=completed&notes=" + new string('x', LinkPages.MaxFormBytes);
        var request = Request("POST", token, body);

        var result = Assert.IsType<ContentResult>(await new PostLinkForm(pages).Run(request, token, CancellationToken.None));

        Assert.Equal(413, result.StatusCode);
        Assert.Contains("提交的内容太长", result.Content);
        Assert.Null((await _stores!.Visits.GetVisitAsync(visit.Id))!.Outcome);
    }

    private async Task<(LinkPages Pages, string Token, Visit Visit)> SeedAsync()
    {
        _stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());
        await _stores.Roster.SaveVisitorsAsync([new Visitor("v1", "王芳", "+8613800138001", "grid-member", ["g1"], 10, [])]);
        await _stores.Roster.SaveTargetsAsync([new Target("h1", TargetKind.Household, "仙山社区1号楼101", "g1", ["elderly-alone"])]);
        var day = new DateOnly(2026, 12, 8);
        var visit = new Visit("h1", TargetKind.Household, "g1", day, ["v1"], 0, day.AddDays(-1), day.AddDays(5), day);
        await _stores.Visits.ApplyAsync([visit], []);
        var service = new LinkService(_links, _stores.Roster, _stores.Visits, _stores.Problems, new OutcomeService(_stores.Visits, _clock),
            new ProblemService(_stores.Problems, _stores.Roster, _clock), new ProblemOptions(), new Outreach.Reminders.ReminderOptions(), _clock);
        var token = _links.Sign(new LinkGrant("v1", LinkGrant.DayScope(day), Nine.AddDays(5)));
        return (new LinkPages(service, new PageRenderer(), new ProblemOptions(), _clock), token, visit);
    }

    private static HttpRequest Request(string method, string token, string? form = null, string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = $"/v/{token}";
        context.Request.QueryString = new QueryString(query.Length > 0 ? query : null);
        if (form is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(form);
            context.Request.ContentType = "application/x-www-form-urlencoded";
            context.Request.ContentLength = bytes.Length;
            context.Request.Body = new MemoryStream(bytes);
        }
        return context.Request;
    }

    private static void AssertSecurityHeaders(IHeaderDictionary headers)
    {
        Assert.Equal(PageAssets.ContentSecurityPolicy, headers.ContentSecurityPolicy.ToString());
        Assert.Equal("no-referrer", headers["Referrer-Policy"].ToString());
        Assert.Equal("no-store", headers.CacheControl.ToString());
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
    }
}
