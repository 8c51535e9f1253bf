using System.Text.RegularExpressions;
using Outreach.Pages.Points;
using Outreach.Points;
using Outreach.Testing;

namespace Outreach.Pages.Tests;

/// <summary>
/// The points passbook on the pages: the award form on a visitor's page for the households of the link, posted through
/// <see cref="PointsService"/> (Post/Redirect/Get), and the household's passbook page.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public class PointsPagesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_day_page_offers_one_award_form_for_its_households_and_none_for_the_enterprise()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var day = (await world.GetAsync(world.DayLink())).Html!;
        var enterpriseOnly = (await world.GetAsync(world.VisitLink(PageWorld.E1))).Html!;
        var one = (await world.GetAsync(world.VisitLink(PageWorld.H1))).Html!;

        var form = Award(day);
        Assert.Contains("<summary>记积分（表现兑积分）</summary>", form);
        Assert.Equal([PageWorld.H1.Id, PageWorld.H2.Id], Regex.Matches(form, "<option value=\"(g1~[^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("<option value=\"cleanup\">扫楼道（&#x2B;5 分）</option>", form);
        Assert.Contains("<option value=\"help\">邻里互助（&#x2B;3 分）</option>", form);
        Assert.DoesNotContain("data-offline", form);
        Assert.DoesNotContain("id=\"award\"", enterpriseOnly);
        Assert.Contains($"<input type=\"hidden\" name=\"visitId\" value=\"{PageWorld.H1.Id}\"", Award(one));
    }

    [Fact]
    public async Task An_award_is_recorded_once_and_the_page_redirects_to_itself_saying_so()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = world.DayLink();
        (string, string)[] form = [("visitId", PageWorld.H2.Id), ("award", "cleanup"), ("resident", "赵大爷"), ("note", "清理楼道杂物")];

        var posted = await world.PostAsync(token, form);
        var again = await world.PostAsync(token, form);
        var page = await world.GetAsync(token, new PageQuery(Saved: PageWorld.H2.Id, Done: "award"));

        Assert.Equal((303, 303), (posted.Status, again.Status));
        Assert.Equal($"{Uri.EscapeDataString(token)}?saved=g1~20261208~h2&done=award#v-g1~20261208~h2", posted.Location);
        var entry = Assert.Single((await world.Stores.Points.GetLedgerAsync("h2")).Entries);
        Assert.Equal(("h2~1", 5, "cleanup", "v1", PageWorld.H2.Id, "赵大爷", "清理楼道杂物"), (entry.Id, entry.Points, entry.Code, entry.By, entry.VisitId, entry.Resident, entry.Note));
        Assert.Contains("<p class=\"note\" role=\"status\">已记积分：幸福里3号楼201</p>", page.Html);
    }

    [Fact]
    public async Task An_award_past_the_monthly_cap_comes_back_with_the_reason_and_writes_nothing()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = world.DayLink();
        await world.Points.AwardAsync(new PointsAward("h1", "cleanup"));
        await world.Points.AwardAsync(new PointsAward("h1", "cleanup"));

        var refused = await world.PostAsync(token, ("visitId", PageWorld.H1.Id), ("award", "cleanup"));
        var english = await world.Pages.PostAsync(token, new PageQuery(Lang: "en"), PageWorld.Form(("visitId", PageWorld.H1.Id), ("award", "cleanup")));
        var unknown = await world.PostAsync(token, ("visitId", PageWorld.H1.Id), ("award", "dancing"));

        Assert.Equal(409, refused.Status);
        var form = Award(refused.Html!);
        Assert.Contains("<details open><summary>", form);
        Assert.Contains("<p class=\"err\" role=\"alert\">本户本月此项积分已达上限，未记入。</p>", form);
        Assert.Contains($"<option value=\"{PageWorld.H1.Id}\" selected>", form);
        Assert.Contains("h1 has earned 10 of the 10 points &#x27;cleanup&#x27; allows in 2026-12", english.Html);
        Assert.Equal(400, unknown.Status);
        Assert.Equal(2, (await world.Stores.Points.GetLedgerAsync("h1")).Entries.Count);
    }

    [Fact]
    public async Task A_link_awards_only_at_its_own_household_visits_and_a_forged_one_awards_nothing()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = world.DayLink();
        var forged = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");

        var othersVisit = await world.PostAsync(token, ("visitId", PageWorld.H3.Id), ("award", "cleanup"));
        var enterprise = await world.PostAsync(token, ("visitId", PageWorld.E1.Id), ("award", "cleanup"));
        var otherVisitLink = await world.PostAsync(world.VisitLink(PageWorld.H1), ("visitId", PageWorld.H2.Id), ("award", "cleanup"));
        var bad = await world.PostAsync(forged, ("visitId", PageWorld.H1.Id), ("award", "cleanup"));
        var team = await world.PostAsync(world.TeamLink(), ("visitId", PageWorld.H1.Id), ("award", "cleanup"));

        Assert.Equal((403, 403, 403, 401), (othersVisit.Status, enterprise.Status, otherVisitLink.Status, bad.Status));
        Assert.True(team.Status >= 400, $"a team link awarded: {team.Status}");
        Assert.Empty(await world.Stores.Points.GetEntriesAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task The_passbook_shows_the_balance_entries_newest_first_and_how_to_earn_and_spend()
    {
        var world = await PageWorld.CreateAsync(azurite);
        await world.Points.AwardAsync(new PointsAward("h1", "cleanup", Note: "<script>alert(1)</script>", Resident: "孙阿姨"));
        await world.Points.AwardAsync(new PointsAward("h1", "help", At: PageWorld.Nine.AddDays(-3)));
        await world.Points.AwardAsync(new PointsAward("h1", "cleanup"));
        await world.Points.RedeemAsync("h1", "soap");
        await world.Points.ReverseAsync("h1~2", "记错了");
        var pages = new PassbookPages(world.Points, new PageRenderer());

        var h1 = (await world.Stores.Roster.GetTargetAsync(PageWorld.Grid, "h1"))!;
        var page = await pages.GetAsync(h1, new PageQuery());
        var english = await pages.GetAsync(h1, new PageQuery(Lang: "en"));
        var empty = await pages.GetAsync((await world.Stores.Roster.GetTargetAsync(PageWorld.Grid, "h2"))!, new PageQuery());

        Assert.Equal(200, page.Status);
        var html = page.Html!;
        Assert.Contains("<title>积分存折</title>", html);
        Assert.Contains("<p>幸福里1号楼101</p>", html);
        Assert.Contains("当前积分 <strong class=\"balance\">0</strong>", html);
        Assert.Equal(["e-5", "e-4", "e-3", "e-2", "e-1"], Regex.Matches(html, "<li id=\"(e-\\d)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("<strong>-3</strong> 更正：邻里互助", html);
        Assert.Contains("<strong>-10</strong> 兑换 肥皂", html);
        Assert.Matches("<li id=\"e-2\" class=\"muted\">.*已更正", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("<bdi>孙阿姨</bdi>：5", html);
        Assert.Contains("扫楼道：+5（每月最多 10 分）", html);
        Assert.Contains("肥皂：10 分 <span class=\"muted\">余 1 件</span>", html);
        Assert.Contains("Points passbook", english.Html);
        Assert.Contains("还没有积分记录", empty.Html);
    }

    [Fact]
    public async Task A_household_opens_its_passbook_from_its_own_request_link_and_an_enterprise_has_none()
    {
        var world = await PageWorld.CreateAsync(azurite);
        await world.Points.AwardAsync(new PointsAward("h1", "cleanup"));
        await world.Points.AwardAsync(new PointsAward("h2", "help"));
        var household = await world.RequestLinkAsync("h1");
        var enterprise = await world.RequestLinkAsync("e1");

        var request = (await world.GetAsync(household)).Html!;
        var passbook = await world.GetAsync(household, new PageQuery(Show: "passbook"));
        var english = (await world.GetAsync(household, new PageQuery(Lang: "en", Show: "passbook"))).Html!;
        var enterprisePage = await world.GetAsync(enterprise, new PageQuery(Show: "passbook"));

        Assert.Contains("<a class=\"btn\" href=\"?show=passbook\">查看我家的积分</a>", request);
        Assert.Equal(200, passbook.Status);
        Assert.Contains("<title>积分存折</title>", passbook.Html);
        // h1's own points, not h2's: the link says whose passbook it opens.
        Assert.Contains("当前积分 <strong class=\"balance\">5</strong>", passbook.Html);
        Assert.Contains("<a class=\"btn\" href=\"?\">返回下单页</a>", passbook.Html);
        Assert.Contains("<a class=\"btn\" href=\"?lang=en\">Back to requests</a>", english);
        // Switching language stays on the passbook.
        Assert.Contains("<a href=\"?show=passbook&amp;lang=en\" lang=\"en\">English</a>", passbook.Html);
        Assert.Contains("<a href=\"?show=passbook&amp;lang=zh\" lang=\"zh-CN\">", english);
        Assert.Contains("<title>企业下单</title>", enterprisePage.Html);
        Assert.DoesNotContain("show=passbook", enterprisePage.Html);
        // A rotated household link opens no passbook either.
        await world.RequestLinkAsync("h1", rotate: true);
        var rotated = await world.GetAsync(household, new PageQuery(Show: "passbook"));
        Assert.DoesNotContain("当前积分", rotated.Html);
        Assert.Equal(410, rotated.Status);
    }

    /// <summary>The award form's section of a page.</summary>
    private static string Award(string html)
    {
        var start = html.IndexOf("<section id=\"award\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no award form");
        return html[start..(html.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length)];
    }
}
