using Microsoft.Playwright;
using Outreach.Problems;

namespace Outreach.EndToEnd.Tests;

/// <summary>The public side on a phone: a target's request page behind the QR code on its door, and the rating page behind the SMS sent when its problem is resolved.</summary>
public partial class PhonePagesTests
{
    [Fact]
    public async Task A_household_places_a_request_from_its_door_link_sees_where_it_stands_and_rates_the_fix_from_the_sms()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var side = await PublicSide.SeedAsync(app, "e2e-req");
        var (page, context) = await OpenAsync(browser, await side.RequestLinkAsync("h1"));

        await Shows.TextAsync(page.Page.Locator("h1"), "居民点单");
        await page.Page.GetByLabel("类别").SelectOptionAsync("生活困难");
        await page.Page.GetByLabel("需求描述").FillAsync("卫生间水管漏水，楼下已渗水");
        await page.Page.GetByLabel("紧急").CheckAsync();
        await page.Page.GetByLabel("希望上门时间（可不填）").FillAsync("今天下午");
        await page.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "request-page-form.png"), FullPage = true });
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        await page.ArrivesAtAsync("done=request");
        await Shows.TextAsync(page.Page.GetByRole(AriaRole.Status), "已提交，网格员会尽快与您联系。");
        await Shows.TextAsync(page.Page.Locator("ol li").First, "[生活困难] 已受理");
        var request = Assert.Single(await side.RequestsOfAsync("h1"));
        Assert.Equal((ProblemStatus.Reported, ProblemUrgency.Urgent, "今天下午"), (request.Stage, request.Urgency, request.PreferredTime));
        await page.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "request-page.png"), FullPage = true });
        await AssertAccessibleAsync(page.Page);
        await AssertFitsThePhoneAsync(page.Page);

        var rating = await OpenAsync(context, await side.ResolveAsync(request.Id));
        await Shows.TextAsync(rating.Page.Locator("h1"), "评价办理结果");
        await rating.Page.GetByLabel("4分 · 满意").CheckAsync();
        await rating.Page.GetByLabel("意见建议（可不填）").FillAsync("修得很快");
        await AssertAccessibleAsync(rating.Page);
        await AssertFitsThePhoneAsync(rating.Page);
        await rating.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "rating-page.png"), FullPage = true });
        await rating.Page.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();

        await rating.ArrivesAtAsync("done=rated");
        await Shows.TextAsync(rating.Page.GetByRole(AriaRole.Status), "已收到您的评价，谢谢！");
        var rated = Assert.Single(await side.RequestsOfAsync("h1"));
        Assert.Equal((ProblemStatus.Evaluated, 4, "修得很快", Evaluator.Requester), (rated.Stage, rated.Rating, rated.Comment, rated.EvaluatedBy));
        await page.Page.ReloadAsync();
        await Shows.TextAsync(page.Page.Locator("ol li").First, "您已评价 4 分");
        Assert.Empty(page.Problems.Concat(rating.Problems));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_household_opens_its_points_passbook_from_its_door_link_and_comes_back()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var side = await PublicSide.SeedAsync(app, "e2e-passbook");
        await app.Stores.Points.ImportRulesAsync([new("e2e-sorting", "垃圾分类", 2, null)]);
        var points = new Outreach.Points.PointsService(app.Stores.Roster, app.Stores.Points, TimeProvider.System);
        // Household ids are the roster's own; other tests' households share this storage, so count from what is there.
        var before = (await app.Stores.Points.GetLedgerAsync("h1")).Balance;
        Assert.True((await points.AwardAsync(new Outreach.Points.PointsAward("h1", "e2e-sorting", Resident: "孙阿姨"))).Succeeded);
        // With JavaScript: the accessibility check runs axe in the page (the passbook itself is plain links).
        var (page, context) = await OpenAsync(browser, await side.RequestLinkAsync("h1"));

        await page.Page.GetByRole(AriaRole.Link, new() { Name = "查看我家的积分" }).ClickAsync();

        await Shows.TextAsync(page.Page.Locator("h1"), "积分存折");
        await Shows.TextAsync(page.Page.Locator(".balance"), (before + 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Shows.TextAsync(page.Page.Locator("ol.entries li").First, "+2 垃圾分类");
        await page.Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "passbook-page.png"), FullPage = true });
        await AssertAccessibleAsync(page.Page);
        await AssertFitsThePhoneAsync(page.Page);
        await page.Page.GetByRole(AriaRole.Link, new() { Name = "返回下单页" }).ClickAsync();
        await Shows.TextAsync(page.Page.Locator("h1"), "居民点单");
        Assert.Empty(page.Problems);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Without_javascript_a_request_too_long_comes_back_with_the_error_and_the_text_and_not_solved_sends_it_back()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var side = await PublicSide.SeedAsync(app, "e2e-req-nojs");
        var context = await browser.NewPhoneAsync(javaScript: false);
        var page = await OpenAsync(context, await side.RequestLinkAsync("e1"));
        var tooLong = new string('缺', 501);

        await page.Page.GetByLabel("类别").SelectOptionAsync("用工招聘");
        await page.Page.GetByLabel("需求描述").FillAsync(tooLong);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Shows.TextAsync(page.Page.Locator(".err").Last, "最多 500 个字");
        Assert.Equal(tooLong, await page.Page.GetByLabel("需求描述").InputValueAsync());
        Assert.Empty(await side.RequestsOfAsync("e1"));
        await page.Page.GetByLabel("需求描述").FillAsync("扩产缺电工五名");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await page.ArrivesAtAsync("done=request");
        var request = Assert.Single(await side.RequestsOfAsync("e1"));

        var rating = await OpenAsync(context, await side.ResolveAsync(request.Id, "已推荐三名电工"));
        await rating.Page.GetByLabel("问题没有解决？请写明还有什么没解决：").FillAsync("推荐的电工没有证");
        await rating.Page.GetByRole(AriaRole.Button, new() { Name = "问题没有解决" }).ClickAsync();

        await rating.ArrivesAtAsync("done=reopened");
        await Shows.TextAsync(rating.Page.GetByRole(AriaRole.Status), "已收到，问题已退回重新办理");
        var reopened = Assert.Single(await side.RequestsOfAsync("e1"));
        Assert.Equal((ProblemStatus.Returned, "推荐的电工没有证", 1), (reopened.Stage, reopened.ReturnReason, reopened.Dissatisfied));
        Assert.Empty(page.Problems.Concat(rating.Problems));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_rotated_or_forged_request_link_opens_a_page_saying_so_and_whom_to_ask()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        var side = await PublicSide.SeedAsync(app, "e2e-req-bad");
        var old = await side.RequestLinkAsync("h1");
        var fresh = await side.RequestLinkAsync("h1", rotate: true);
        var token = fresh[app.LinkBase.Length..];
        var forged = app.LinkBase + token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        var context = await browser.NewPhoneAsync();

        var replaced = await OpenAsync(context, old);
        await Shows.TextAsync(replaced.Page.Locator("h1"), "二维码已更换");
        await Shows.TextAsync(replaced.Page.Locator("footer"), "陈主任");
        Assert.Equal(0, await replaced.Page.Locator("form").CountAsync());
        var bad = await OpenAsync(context, forged);
        await Shows.TextAsync(bad.Page.Locator("h1"), "链接无效");
        var good = await OpenAsync(context, fresh);
        await Shows.TextAsync(good.Page.Locator("h1"), "居民点单");
        Assert.Empty(replaced.Problems.Concat(bad.Problems).Concat(good.Problems));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Markup_in_the_roster_and_in_requests_shows_as_text_and_runs_nothing_on_the_public_pages()
    {
        await using var browser = await StartAsync();
        if (browser is null)
        {
            return;
        }
        const string Markup = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>{{ 7*7 }}\u202Eevil\u200B";
        var side = await PublicSide.SeedAsync(app, "e2e-req-markup", name => name + Markup);
        var request = await side.PlaceAsync("h1", "楼道堆物" + Markup);
        var ratingLink = await side.ResolveAsync(request.Id, "已清理" + Markup);
        var context = await browser.NewPhoneAsync();

        var requestPage = await OpenAsync(context, await side.RequestLinkAsync("h1"));
        Assert.Contains("<script>alert(1)</script>\"><img src=x onerror=alert(2)>{{ 7*7 }}", await requestPage.Page.Locator("header p").TextContentAsync());
        Assert.Contains("楼道堆物<script>", await requestPage.Page.Locator("ol li").First.TextContentAsync());
        var ratingPage = await OpenAsync(context, ratingLink);
        Assert.Contains("已清理<script>", await ratingPage.Page.Locator("dd").First.TextContentAsync());
        foreach (var page in new[] { requestPage, ratingPage })
        {
            Assert.Equal(0, await page.Page.Locator("img").CountAsync());
            Assert.Empty(page.Problems);
        }
        await context.CloseAsync();
    }
}
