using System.Text.RegularExpressions;
using Outreach.Problems;
using Outreach.Testing;

namespace Outreach.Pages.Tests;

/// <summary>
/// A target's request page (企业下单、居民点单) and the requester's rating page (评价反馈): rendered, posted as a browser
/// without JavaScript posts them (Post/Redirect/Get), errors next to the field in Chinese with what was typed kept.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public class RequestPagesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_request_page_offers_the_coordinators_categories_and_says_whom_to_call()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var page = await world.GetAsync(await world.RequestLinkAsync("e1"));

        Assert.Equal(200, page.Status);
        var html = page.Html!;
        Assert.Contains("<title>企业下单</title>", html);
        Assert.Contains("<p>滨海化工有限公司</p>", html);
        Assert.Contains("<input type=\"hidden\" name=\"form\" value=\"request\">", html);
        foreach (var category in new ProblemOptions().CategoryList)
        {
            Assert.Contains($"<option>{category}</option>", html);
        }
        Assert.Contains("name=\"description\"", html);
        Assert.Contains("<input type=\"checkbox\" name=\"urgency\" value=\"urgent\" />", html);
        Assert.Contains("name=\"preferredTime\"", html);
        Assert.Contains("今天已提交 0/5 条；每条最多 500 个字。", html);
        Assert.Contains("还没有提交过诉求。", html);
        Assert.Contains("有疑问请联系 <bdi>陈主任</bdi>", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("<title>居民点单</title>", (await world.GetAsync(await world.RequestLinkAsync("h1"))).Html);
        var english = (await world.GetAsync(await world.RequestLinkAsync("e1"), new PageQuery(Lang: "en"))).Html!;
        Assert.Contains("<title>Ask us (enterprise)</title>", english);
        Assert.Contains("0 of 5 placed today; at most 500 characters each.", english);
    }

    [Fact]
    public async Task A_posted_request_redirects_back_and_the_page_lists_it_and_where_it_stands()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = await world.RequestLinkAsync();

        var posted = await world.PostAsync(token, ("form", "request"), ("category", "用工招聘"), ("description", "招工难，缺少操作工"), ("urgency", "urgent"), ("preferredTime", "工作日上午"));
        var after = await world.GetAsync(token, new PageQuery(Done: "request"));

        Assert.Equal((303, $"{Uri.EscapeDataString(token)}?done=request"), (posted.Status, posted.Location));
        Assert.Contains("已提交，网格员会尽快与您联系。", after.Html);
        Assert.Matches("<li id=\"r-g1~20261208~e1~r[0-9a-f]{8}\"><strong>\\[用工招聘\\]</strong> 已受理 · 12月8日 09:00<br>招工难，缺少操作工</li>", after.Html!);
        Assert.Contains("今天已提交 1/5 条", after.Html);
        var stored = Assert.Single(await world.Stores.Problems.ListAsync(new ProblemFilter(Grid: PageWorld.Grid)), p => p.Problem.Source == ProblemSource.Request).Problem;
        Assert.Equal((ProblemStatus.Reported, "e1", ProblemUrgency.Urgent, "工作日上午"), (stored.Stage, stored.TargetId, stored.Urgency, stored.PreferredTime));
        // The department's page says where it came from.
        var department = await world.GetAsync(world.Links.Sign(Outreach.Links.LinkGrant.ForProblem("urban", stored.Id, PageWorld.Nine, PageWorld.Nine.AddDays(5))));
        Assert.Contains("<dt>来源</dt>\n<dd>企业下单</dd>", department.Html);
        Assert.Contains("<dt>希望上门时间</dt>\n<dd>工作日上午</dd>", department.Html);
    }

    [Fact]
    public async Task Bad_fields_come_back_next_to_the_field_in_chinese_with_what_was_typed_and_nothing_is_written()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = await world.RequestLinkAsync();
        var longText = new string('漏', 501);

        var page = await world.PostAsync(token, ("form", "request"), ("category", ""), ("description", longText), ("urgency", "urgent"), ("preferredTime", "周末"));

        Assert.Equal(400, page.Status);
        var html = page.Html!;
        Assert.Contains("有 2 处需要修改，见红字。", html);
        Assert.Contains("<select name=\"category\"><option value>—</option><option>用工招聘</option>", html);
        Assert.Contains("请选择问题类别</span>", html);
        Assert.Contains($"<textarea name=\"description\" rows=\"4\">{longText}</textarea></label>\n<span class=\"err\">最多 500 个字</span>", html);
        Assert.Contains("<input type=\"checkbox\" name=\"urgency\" value=\"urgent\" checked />", html);
        Assert.Contains("value=\"周末\"", html);
        Assert.DoesNotContain((await world.Stores.Problems.ListAsync(new ProblemFilter())).Select(p => p.Problem.Source), s => s == ProblemSource.Request);
    }

    [Fact]
    public async Task Past_the_daily_cap_the_page_says_so_keeps_the_text_and_writes_nothing_and_a_body_too_large_is_refused()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = await world.RequestLinkAsync();
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(303, (await world.PostAsync(token, ("form", "request"), ("category", "其他"), ("description", $"第{i}件事"))).Status);
        }

        var capped = await world.PostAsync(token, ("form", "request"), ("category", "其他"), ("description", "第6件事"));
        var huge = await world.Pages.PostAsync(token, new PageQuery(), null);

        Assert.Equal(429, capped.Status);
        Assert.Contains("今天已提交 5 条诉求，达到每日上限，这一条没有提交。", capped.Html);
        Assert.Contains(">第6件事</textarea>", capped.Html);
        Assert.Equal(413, huge.Status);
        Assert.Contains("提交的内容太长", huge.Html);
        Assert.Equal(5, (await world.Stores.Problems.ListAsync(new ProblemFilter())).Count(p => p.Problem.Source == ProblemSource.Request));
        // A page with a day's worth of requests stays well under the 30 KB a page may weigh on one bar of signal.
        var listed = (await world.GetAsync(token)).Html!;
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(listed) < 30 * 1024, $"{System.Text.Encoding.UTF8.GetByteCount(listed)} bytes");
    }

    [Fact]
    public async Task A_rotated_or_forged_request_link_gets_a_plain_page_saying_whom_to_ask()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var old = await world.RequestLinkAsync("h1");
        var fresh = await world.RequestLinkAsync("h1", rotate: true);
        var forged = fresh[..^3] + (fresh[^3] == 'A' ? "B" : "A") + fresh[^2..];

        var replaced = await world.GetAsync(old);
        var posted = await world.PostAsync(old, ("form", "request"), ("category", "其他"), ("description", "x"));
        var bad = await world.GetAsync(forged);

        Assert.Equal((410, 410, 401), (replaced.Status, posted.Status, bad.Status));
        Assert.Contains("<title>二维码已更换</title>", replaced.Html);
        Assert.Contains("请向下方的网格负责人索取新的", replaced.Html);
        Assert.Contains("有疑问请联系 <bdi>陈主任</bdi>", replaced.Html);
        Assert.DoesNotContain("<form", replaced.Html);
        Assert.Contains("<title>链接无效</title>", bad.Html);
        Assert.Equal(200, (await world.GetAsync(fresh)).Status);
    }

    [Fact]
    public async Task The_requester_rates_the_fix_and_the_page_then_shows_the_rating()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var id = await world.ResolvedRequestAsync();
        var token = world.RatingLink("e1", id);

        var page = await world.GetAsync(token);
        var empty = await world.PostAsync(token, ("verdict", "rate"), ("comment", "还行"));
        var rated = await world.PostAsync(token, ("verdict", "rate"), ("rating", "5"), ("comment", "很及时"));
        var thanks = await world.GetAsync(token, new PageQuery(Done: "rated"));

        Assert.Equal(200, page.Status);
        Assert.Contains("<title>评价办理结果</title>", page.Html);
        Assert.Contains("<dd>已更换路灯</dd>", page.Html);
        Assert.Equal(5, Regex.Count(page.Html!, "<input type=\"radio\" name=\"rating\""));
        Assert.Contains("5分 · 很满意", page.Html);
        Assert.Contains("请于 12月15日 09:00 前评价，逾期视为满意。", page.Html);
        Assert.Contains("<input type=\"hidden\" name=\"verdict\" value=\"reopen\">", page.Html);
        Assert.Equal(400, empty.Status);
        Assert.Contains("请选择评分（1-5分）", empty.Html);
        Assert.Contains(">还行</textarea>", empty.Html);
        Assert.Equal((303, $"{Uri.EscapeDataString(token)}?done=rated"), (rated.Status, rated.Location));
        Assert.Contains("已收到您的评价，谢谢！", thanks.Html);
        Assert.Contains("您已评价 5 分，谢谢！", thanks.Html);
        Assert.DoesNotContain("<form", thanks.Html);
        var stored = (await world.Stores.Problems.GetAsync(id))!.Problem;
        Assert.Equal((ProblemStatus.Evaluated, 5, Evaluator.Requester), (stored.Stage, stored.Rating, stored.EvaluatedBy));
    }

    [Fact]
    public async Task Not_solved_sends_it_back_and_the_request_page_shows_it_being_handled_again()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var id = await world.ResolvedRequestAsync();
        var token = world.RatingLink("e1", id);

        var empty = await world.PostAsync(token, ("verdict", "reopen"), ("notSolved", " "));
        var reopened = await world.PostAsync(token, ("verdict", "reopen"), ("notSolved", "路灯晚上还是不亮"));
        var after = await world.GetAsync(token, new PageQuery(Done: "reopened"));
        var requests = await world.GetAsync(await world.RequestLinkAsync());

        Assert.Equal(400, empty.Status);
        Assert.Contains("请写明还有什么没有解决", empty.Html);
        Assert.Equal(303, reopened.Status);
        Assert.Contains("已收到，问题已退回重新办理", after.Html);
        Assert.Contains("您反映问题未解决，正在重新办理（重新派单中）。", after.Html);
        Assert.Contains("重新派单中", requests.Html);
        var stored = (await world.Stores.Problems.GetAsync(id))!.Problem;
        Assert.Equal((ProblemStatus.Returned, "路灯晚上还是不亮", 1), (stored.Stage, stored.ReturnReason, stored.Dissatisfied));
    }

    [Fact]
    public async Task Markup_in_names_and_requests_is_shown_as_text_never_run()
    {
        const string Attack = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>{{ 7*7 }}\u202Eevil\u200B";
        var world = await PageWorld.CreateAsync(azurite, name => name + Attack);
        var id = await world.ResolvedRequestAsync(description: "水管漏水" + Attack);

        var request = (await world.GetAsync(await world.RequestLinkAsync())).Html!;
        var rating = (await world.GetAsync(world.RatingLink("e1", id))).Html!;
        var typed = (await world.PostAsync(await world.RequestLinkAsync(), ("form", "request"), ("category", Attack), ("description", Attack), ("preferredTime", Attack))).Html!;

        foreach (var html in new[] { request, rating, typed })
        {
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("<img", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;{{ 7*7 }}", html);
        }
        Assert.DoesNotContain("\u202E", Regex.Match(request, "<title>(.*)</title>").Groups[1].Value, StringComparison.Ordinal);
    }
}
