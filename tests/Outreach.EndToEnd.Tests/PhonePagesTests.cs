using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Outreach.Adapters.Reminders;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Testing;
using Xunit.Abstractions;

namespace Outreach.EndToEnd.Tests;

/// <summary>
/// The pages behind the SMS links, on a phone: the app under the Functions host, Debian's Chromium emulating a 360×640
/// Android phone in Chinese, the links taken from the messages the app composed. Each test fails on a console error,
/// a script error, a dialog, or a request to anywhere but the app.
/// </summary>
[Collection(HostedCollection.Name)]
public partial class PhonePagesTests(HostedApp app, ITestOutputHelper output) : IClassFixture<HostedApp>
{
    private static readonly string Artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    [Fact]
    public async Task A_visitor_opens_the_digest_link_records_a_visit_with_two_problems_and_sees_it_after_a_reload()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var day = await FieldDay.SeedAsync(app, "e2e-record");
        var (page, context) = await OpenAsync(browser, day.DayLink);

        await Shows.TextAsync(page.Page.Locator("h1"), $"{day.Today.Month}月{day.Today.Day}日");
        var visit = Article(page.Page, day.H2);
        await visit.Locator("summary").ClickAsync();
        await visit.GetByLabel("已走访").CheckAsync();
        await visit.GetByLabel("情况记录").FillAsync("老人精神不错，暖气不热");
        // The script copies the page's empty problem row into the form, twice.
        await visit.GetByRole(AriaRole.Button, new() { Name = "报一个问题" }).ClickAsync();
        await visit.Locator("select[name='problems[0].category']").SelectOptionAsync("生活困难");
        await visit.Locator("textarea[name='problems[0].description']").FillAsync("暖气不热，已三天");
        await visit.GetByLabel("紧急").First.CheckAsync();
        await visit.GetByRole(AriaRole.Button, new() { Name = "报一个问题" }).ClickAsync();
        await visit.Locator("select[name='problems[1].category']").SelectOptionAsync("道路设施");
        await visit.Locator("textarea[name='problems[1].description']").FillAsync("单元门锁坏了");
        await page.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "day-page-form.png"), FullPage = true });
        await visit.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await page.ArrivesAtAsync("saved=");
        await Shows.TextAsync(page.Page.GetByRole(AriaRole.Status).First, "已保存：幸福里3号楼201");
        await page.Page.ReloadAsync();
        var recorded = Article(page.Page, day.H2);
        await Shows.TextAsync(recorded.Locator("p strong"), "已登记：已走访");
        Assert.Contains("done", await recorded.GetAttributeAsync("class") ?? "");
        var stored = (await app.Stores.Visits.GetVisitAsync(day.H2.Id))!;
        Assert.Equal([("生活困难", true), ("道路设施", false)], stored.Outcome!.Problems.Select(p => (p.Category, p.Urgent)));
        await page.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "day-page.png"), FullPage = true });
        await AssertAccessibleAsync(page.Page);
        await AssertFitsThePhoneAsync(page.Page);
        Assert.Empty(page.Problems);
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_same_outcome_from_two_tabs_is_stored_once_and_a_different_one_shows_the_conflict_and_offers_a_correction()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var day = await FieldDay.SeedAsync(app, "e2e-tabs");
        var context = await browser.NewPhoneAsync();
        var (first, second, late) = (await OpenAsync(context, day.DayLink), await OpenAsync(context, day.DayLink), await OpenAsync(context, day.DayLink));
        var when = Local(DateTimeOffset.UtcNow.AddHours(-1));

        foreach (var tab in new[] { first, second })
        {
            await FillAsync(tab.Page, day.H1, "已走访", when, problem: ("用工招聘", "缺电工两名"));
        }
        foreach (var tab in new[] { first, second })
        {
            await Article(tab.Page, day.H1).GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await tab.ArrivesAtAsync("saved=");
        }
        var once = (await app.Stores.Visits.GetVisitAsync(day.H1.Id))!;
        Assert.Single(once.Outcome!.Problems);
        Assert.Single(await app.Stores.Problems.ListAsync(new ProblemFilter(Grid: day.Tag)), p => p.Problem.VisitId == day.H1.Id);

        await FillAsync(late.Page, day.H1, "无人在家", when);
        await Article(late.Page, day.H1).GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        var conflict = Article(late.Page, day.H1).GetByRole(AriaRole.Alert);
        await Shows.TextAsync(conflict, "这次走访已有另一条登记：已走访");
        Assert.Equal(VisitStatus.Completed, (await app.Stores.Visits.GetVisitAsync(day.H1.Id))!.Status);
        await Article(late.Page, day.H1).GetByRole(AriaRole.Button, new() { Name = "确认更正" }).ClickAsync();
        await late.ArrivesAtAsync("saved=");

        Assert.Equal(VisitStatus.NotReachable, (await app.Stores.Visits.GetVisitAsync(day.H1.Id))!.Status);
        Assert.Empty(first.Problems.Concat(second.Problems).Concat(late.Problems));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Without_javascript_every_step_still_works_through_plain_forms()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var day = await FieldDay.SeedAsync(app, "e2e-nojs");
        var context = await browser.NewPhoneAsync(javaScript: false);
        var page = await OpenAsync(context, day.DayLink);

        var visit = Article(page.Page, day.E1);
        await visit.Locator("summary").ClickAsync();
        await visit.GetByLabel("已走访").CheckAsync();
        // The server adds each problem row, keeping what was typed.
        await visit.GetByRole(AriaRole.Button, new() { Name = "报一个问题" }).ClickAsync();
        visit = Article(page.Page, day.E1);
        await visit.Locator("select[name='problems[0].category']").SelectOptionAsync("融资信贷");
        await visit.Locator("textarea[name='problems[0].description']").FillAsync("流动资金贷款到期");
        await visit.GetByRole(AriaRole.Button, new() { Name = "报一个问题" }).ClickAsync();
        visit = Article(page.Page, day.E1);
        await Shows.TextAsync(visit.Locator("textarea[name='problems[0].description']"), "流动资金贷款到期");
        await visit.Locator("select[name='problems[1].category']").SelectOptionAsync("用工招聘");
        await visit.Locator("textarea[name='problems[1].description']").FillAsync("缺焊工");
        await visit.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await page.ArrivesAtAsync("saved=");
        await Shows.TextAsync(page.Page.GetByRole(AriaRole.Status).First, "已保存：滨海化工有限公司");
        Assert.Equal(2, (await app.Stores.Visits.GetVisitAsync(day.E1.Id))!.Outcome!.Problems.Count);

        var department = await OpenAsync(context, day.ProblemLink);
        await department.Page.GetByRole(AriaRole.Button, new() { Name = "签收" }).ClickAsync();
        await Shows.TextAsync(department.Page.GetByRole(AriaRole.Status), "已签收");
        Assert.Empty(page.Problems.Concat(department.Problems));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_grid_member_awards_points_at_a_household_visit_with_and_without_javascript()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var day = await FieldDay.SeedAsync(app, "e2e-points");
        // Rules are the deployment's, not a grid's: the other tests' pages show the form too, outside their visits' articles.
        await app.Stores.Points.ImportRulesAsync([new("e2e-cleanup", "参加环境整治", 5, 20), new("e2e-help", "邻里互助", 3)]);
        var before = (await app.Stores.Points.GetLedgerAsync("h2")).Entries.Count;
        var (page, context) = await OpenAsync(browser, day.DayLink);

        var award = page.Page.Locator("#award");
        await award.Locator("summary").ClickAsync();
        await AssertAccessibleAsync(page.Page);
        await AssertFitsThePhoneAsync(page.Page);
        await award.GetByLabel("住户").SelectOptionAsync(day.H2.Id);
        await award.GetByLabel("积分项目").SelectOptionAsync("e2e-cleanup");
        await award.GetByLabel("居民姓名（选填）").FillAsync("赵大爷");
        await award.GetByRole(AriaRole.Button, new() { Name = "记积分" }).ClickAsync();
        await page.ArrivesAtAsync("done=award");
        await Shows.TextAsync(page.Page.GetByRole(AriaRole.Status).First, "已记积分：幸福里3号楼201");

        var plain = await browser.NewPhoneAsync(javaScript: false);
        var noScript = await OpenAsync(plain, day.DayLink);
        var form = noScript.Page.Locator("#award");
        await form.Locator("summary").ClickAsync();
        await form.GetByLabel("住户").SelectOptionAsync(day.H2.Id);
        await form.GetByLabel("积分项目").SelectOptionAsync("e2e-help");
        await form.GetByRole(AriaRole.Button, new() { Name = "记积分" }).ClickAsync();
        await noScript.ArrivesAtAsync("done=award");

        var entries = (await app.Stores.Points.GetLedgerAsync("h2")).Entries.Skip(before).ToList();
        Assert.Equal([("e2e-cleanup", 5, day.Visitor, "赵大爷"), ("e2e-help", 3, day.Visitor, (string?)null)], entries.Select(e => (e.Code!, e.Points, e.By, e.Resident)));
        Assert.Empty(page.Problems.Concat(noScript.Problems));
        await context.CloseAsync();
        await plain.CloseAsync();
    }

    [Fact]
    public async Task An_outcome_saved_without_signal_waits_on_the_phone_and_is_sent_exactly_once_when_the_signal_returns()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var day = await FieldDay.SeedAsync(app, "e2e-offline");
        var context = await browser.NewPhoneAsync();
        var page = await OpenAsync(context, day.DayLink);
        var posts = 0;
        page.Page.RequestFinished += (_, request) => posts += request.Method == "POST" ? 1 : 0;

        await context.SetOfflineAsync(true);
        await FillAsync(page.Page, day.H2, "已走访", null, problem: ("生活困难", "独居，需要助餐"));
        await Article(page.Page, day.H2).GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        var queue = page.Page.Locator("#queue");
        await Shows.TextAsync(queue, "1 条登记等待信号，恢复后自动发送（请保持本页打开）：幸福里3号楼201");
        Assert.Null((await app.Stores.Visits.GetVisitAsync(day.H2.Id))!.Outcome);
        await page.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "day-page-offline.png"), FullPage = true });

        await context.SetOfflineAsync(false);
        await Shows.TextAsync(queue, "离线登记已发送：幸福里3号楼201");

        Assert.Equal(1, posts);
        var stored = (await app.Stores.Visits.GetVisitAsync(day.H2.Id))!;
        Assert.Equal(("独居，需要助餐", VisitStatus.Completed), (stored.Outcome!.Problems.Single().Description, stored.Status));
        await page.Page.ReloadAsync();
        await Shows.TextAsync(Article(page.Page, day.H2).Locator("p strong"), "已登记：已走访");
        Assert.Equal(1, posts);
        Assert.Empty(page.Problems);
        await context.CloseAsync();
    }

    [Fact]
    public async Task An_outcome_the_server_cannot_take_just_now_stays_on_the_phone_and_is_sent_when_the_signal_comes_back()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var day = await FieldDay.SeedAsync(app, "e2e-busy");
        var context = await browser.NewPhoneAsync();
        var page = await OpenAsync(context, day.DayLink);
        // The first post meets an overloaded front end (503); the app itself never sees it.
        var busy = 1;
        await page.Page.RouteAsync("**/v/**", async route =>
        {
            if (route.Request.Method == "POST" && busy-- > 0)
            {
                await route.FulfillAsync(new() { Status = 503, Body = "busy" });
            }
            else
            {
                await route.ContinueAsync();
            }
        });

        await FillAsync(page.Page, day.H1, "无人在家", null);
        await Article(page.Page, day.H1).GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        var queue = page.Page.Locator("#queue");
        await Shows.TextAsync(queue, "1 条登记等待信号");
        Assert.Null((await app.Stores.Visits.GetVisitAsync(day.H1.Id))!.Outcome);

        await context.SetOfflineAsync(true);
        await context.SetOfflineAsync(false);
        await Shows.TextAsync(queue, "离线登记已发送：幸福里1号楼101");

        Assert.Equal(VisitStatus.NotReachable, (await app.Stores.Visits.GetVisitAsync(day.H1.Id))!.Status);
        Assert.All(page.Problems, p => Assert.StartsWith("console error: Failed to load resource: the server responded with a status of 503", p));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_visitor_types_the_code_of_an_approved_sms_on_the_entry_page_and_lands_on_their_day()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var day = await FieldDay.SeedAsync(app, "e2e-code");
        // The digest as a mainland gateway sends it: the sample approved template, a code in place of the link.
        var codes = new LinkCodeService(app.Stores.Codes, app.Links, TimeProvider.System);
        var approved = new ApprovedMessages(new ScribanApprovedTemplates().LoadFile(Path.Combine(AzuriteFixture.FindRepoRoot(), "samples", "sms-templates.csv")), codes);
        var evening = new DateTimeOffset(day.Today.AddDays(-1).ToDateTime(ReminderOptions.EveningDigestAt), ChinaTime.Offset);
        var reminders = new ReminderService(app.Stores.Roster, app.Stores.Visits, app.Stores.Outbox, new ScribanTemplateRenderer(), app.Links, null,
            new ReminderOptions { LinkBaseUrl = app.LinkBase }, new FakeTimeProvider(evening), approved: approved);
        var sms = (await reminders.PreviewAsync(MessageKind.EveningDigest, day.Visitor, day.Today))!;
        await reminders.ComposeAsync(evening, [MessageKind.EveningDigest]);
        var code = Regex.Match(sms.Text, "登记码([0-9A-Z]{4}-[0-9A-Z]{4})").Groups[1].Value;
        Assert.DoesNotContain("/v/", sms.Text, StringComparison.Ordinal);
        // Typed as a phone keyboard gives it, on a phone without JavaScript.
        var context = await browser.NewPhoneAsync(javaScript: false);
        var entry = await OpenAsync(context, new Uri(app.Host!.Url, "/c").ToString());

        await Shows.TextAsync(entry.Page.Locator("h1"), "输入短信里的登记码");
        await AssertFitsThePhoneAsync(entry.Page);
        await entry.Page.GetByLabel("登记码").FillAsync(code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        await entry.Page.GetByLabel("手机号后四位").FillAsync("9999");
        await entry.Page.GetByRole(AriaRole.Button, new() { Name = "打开" }).ClickAsync();
        await Shows.TextAsync(entry.Page.GetByRole(AriaRole.Alert), "登记码或手机尾号不对");
        await entry.Page.GetByLabel("手机号后四位").FillAsync("0001");
        await entry.Page.GetByRole(AriaRole.Button, new() { Name = "打开" }).ClickAsync();

        await entry.ArrivesAtAsync("/v/");
        await Shows.TextAsync(entry.Page.Locator("h1"), $"{day.Today.Month}月{day.Today.Day}日");
        Assert.Equal(3, await entry.Page.Locator("article").CountAsync());
        await entry.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "entry-page-day.png"), FullPage = true });
        Assert.Empty(entry.Problems);
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_entry_page_is_accessible()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var (entry, context) = await OpenAsync(browser, new Uri(app.Host!.Url, "/c").ToString());

        await Shows.TextAsync(entry.Page.Locator("h1"), "输入短信里的登记码");
        await entry.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "entry-page.png"), FullPage = true });
        await AssertAccessibleAsync(entry.Page);
        await AssertFitsThePhoneAsync(entry.Page);
        Assert.Empty(entry.Problems);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_department_opens_its_notice_link_accepts_and_resolves_the_problem()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var day = await FieldDay.SeedAsync(app, "e2e-dept");
        var (page, context) = await OpenAsync(browser, day.ProblemLink);

        await Shows.TextAsync(page.Page.Locator("h1"), "待签收 · 幸福里3号楼201");
        await page.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "department-page.png"), FullPage = true });
        await AssertAccessibleAsync(page.Page);
        await AssertFitsThePhoneAsync(page.Page);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "签收" }).ClickAsync();
        await Shows.TextAsync(page.Page.GetByRole(AriaRole.Status), "已签收，请在期限内办结。");
        await page.Page.GetByLabel("办理结果").FillAsync("已更换楼道灯");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "办结" }).ClickAsync();
        await Shows.TextAsync(page.Page.Locator("h1"), "已办结，谢谢！");

        var problem = (await app.Stores.Problems.GetAsync(day.ProblemId))!.Problem;
        Assert.Equal((ProblemStatus.Resolved, "已更换楼道灯", $"{day.Tag}-urban"), (problem.Stage, problem.Resolution, problem.History[^1].Actor));
        Assert.Empty(page.Problems);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Each_bad_link_opens_a_page_that_says_which_in_plain_words()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var day = await FieldDay.SeedAsync(app, "e2e-bad");
        var token = day.DayLink[app.LinkBase.Length..];
        var expired = app.Links.Sign(new LinkGrant(day.Visitor, LinkGrant.DayScope(day.Today), DateTimeOffset.UtcNow.AddMinutes(-5)));
        var otherKey = new LinkTokens(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Sign(new LinkGrant(day.Visitor, LinkGrant.DayScope(day.Today), DateTimeOffset.UtcNow.AddDays(1)));
        var forged = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        var context = await browser.NewPhoneAsync();

        foreach (var (link, title) in new[]
        {
            (token[..(token.Length / 2)], "链接不完整"),
            (forged, "链接无效"),
            (otherKey, "链接已失效"),
            (expired, "链接已过期"),
        })
        {
            var page = await OpenAsync(context, app.LinkBase + link);
            await Shows.TextAsync(page.Page.Locator("h1"), title);
            Assert.Empty(page.Problems);
        }
        await context.CloseAsync();
    }

    [Fact]
    public async Task Markup_in_the_roster_shows_as_text_and_runs_nothing()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        const string Markup = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>{{ 7*7 }}\u202Eevil\u200B";
        var day = await FieldDay.SeedAsync(app, "e2e-markup", name => name + Markup);
        var context = await browser.NewPhoneAsync();

        foreach (var link in new[] { day.DayLink, day.ProblemLink })
        {
            var page = await OpenAsync(context, link);
            var heading = link == day.DayLink ? Article(page.Page, day.H2).Locator("h2") : page.Page.Locator("dd bdi").First;
            Assert.Contains("<script>alert(1)</script>\"><img src=x onerror=alert(2)>{{ 7*7 }}", await heading.TextContentAsync());
            Assert.Equal(0, await page.Page.Locator("img").CountAsync());
            Assert.Empty(page.Problems);
        }
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_evening_digest_timer_composes_messages_whose_links_open_the_day_page()
    {
        if (app.Host is not { } host)
        {
            output.WriteLine($"Skipped: {app.Skipped}.");
            return;
        }
        // The day the timer's evening digest announces, as it computes it; a visit seeded for it.
        var digestDay = ChinaTime.DateOf(DateTimeOffset.UtcNow.AddHours(-6)).AddDays(1);
        await app.Stores.Roster.SaveGridsAsync([new Roster.Grid("e2e-timer", "凯地家园网格", "凯地家园")]);
        await app.Stores.Roster.SaveVisitorsAsync([new Roster.Visitor("e2e-timer-v", "周敏", "+8613600000003", "grid-member", ["e2e-timer"], 10, [])]);
        await app.Stores.Roster.SaveTargetsAsync([new Roster.Target("t1", Roster.TargetKind.Household, "凯地家园7号楼302", "e2e-timer", [])]);
        await app.Stores.Visits.ApplyAsync([new Visit("t1", Roster.TargetKind.Household, "e2e-timer", digestDay, ["e2e-timer-v"], 0, digestDay.AddDays(-2), digestDay.AddDays(4), digestDay)], []);

        Assert.Equal(HttpStatusCode.Accepted, await host.RunFunctionAsync("SendEveningDigest"));
        OutboxMessage? digest = null;
        for (var i = 0; i < 60 && digest is null; i++)
        {
            await Task.Delay(500);
            digest = (await app.Stores.Outbox.ListAsync(new OutboxFilter(From: digestDay, To: digestDay)))
                .FirstOrDefault(m => m.Kind == MessageKind.EveningDigest && m.RecipientId == "e2e-timer-v");
        }

        Assert.True(digest is not null, $"no digest in the outbox for {digestDay:yyyy-MM-dd}\n{host.LogTail()}");
        Assert.Contains("凯地家园7号楼302", digest.Text);
        var link = Regex.Match(digest.Text, Regex.Escape(app.LinkBase) + @"\S+").Value;
        using var response = await host.Client.GetAsync(new Uri(link));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("凯地家园7号楼302", await response.Content.ReadAsStringAsync());
    }

    private async Task<HeadlessChromium?> StartAsync()
    {
        if (app.Host is null)
        {
            output.WriteLine($"Skipped: {app.Skipped}.");
            return null;
        }
        var browser = await HeadlessChromium.StartAsync();
        if (browser is null)
        {
            output.WriteLine("Skipped: no chromium on PATH (apt-get install chromium fonts-noto-cjk).");
        }
        return browser;
    }

    private async Task<(OpenedPage Page, IBrowserContext Context)> OpenAsync(HeadlessChromium browser, string link)
    {
        var context = await browser.NewPhoneAsync();
        return (await OpenAsync(context, link), context);
    }

    /// <summary>A tab on <paramref name="link"/>; any request outside the app is recorded as a problem.</summary>
    private async Task<OpenedPage> OpenAsync(IBrowserContext context, string link)
    {
        var origin = app.Host!.Url.GetLeftPart(UriPartial.Authority);
        var page = new OpenedPage(await context.NewPageAsync(), url => url.StartsWith(origin, StringComparison.Ordinal));
        await page.Page.GotoAsync(link);
        return page;
    }

    private static async Task FillAsync(IPage page, Visit visit, string outcome, string? when, (string Category, string Description)? problem = null)
    {
        var article = Article(page, visit);
        await article.Locator("summary").ClickAsync();
        await article.GetByLabel(outcome).CheckAsync();
        if (when is not null)
        {
            await article.Locator("input[name=visitedAt]").FillAsync(when);
        }
        if (problem is { } p)
        {
            await article.GetByRole(AriaRole.Button, new() { Name = "报一个问题" }).ClickAsync();
            await article.Locator("select[name='problems[0].category']").SelectOptionAsync(p.Category);
            await article.Locator("textarea[name='problems[0].description']").FillAsync(p.Description);
        }
    }

    // Visit ids hold '~', a CSS combinator: select by attribute.
    private static ILocator Article(IPage page, Visit visit) => page.Locator($"article[id='v-{visit.Id}']");

    private static string Local(DateTimeOffset at) => at.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>No axe violation of serious or critical impact.</summary>
    private static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}): {v.Help}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    /// <summary>Nothing wider than the screen, and every control at least 44 px tall (a thumb, not a stylus).</summary>
    private static async Task AssertFitsThePhoneAsync(IPage page)
    {
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
        var small = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('button, summary, a, select, input:not([type=hidden]), .opt, .opts label')]
              .filter(e => e.getClientRects().length && !e.closest('.opt, .opts label, details:not([open]) > :not(summary)'))
              .filter(e => e.getBoundingClientRect().height < 44)
              .map(e => e.outerHTML.slice(0, 80))
            """);
        Assert.True(small.Length == 0, "tap targets under 44 px:\n" + string.Join("\n", small));
    }
}

/// <summary>Playwright's auto-waiting text check: the locator shows the text within Playwright's timeout.</summary>
internal static class Shows
{
    public static Task TextAsync(ILocator locator, string text) =>
        Microsoft.Playwright.Assertions.Expect(locator).ToContainTextAsync(text);
}
