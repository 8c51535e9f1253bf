using System.Text.RegularExpressions;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Testing;

namespace Outreach.Pages.Tests;

/// <summary>A visitor's day and visit pages: what they show at the door, and outcomes posted from their forms.</summary>
[Collection(AzuriteFixture.Collection)]
public class VisitPagesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_day_page_lists_the_visitors_visits_that_day_by_building_with_what_to_know_at_the_door()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var page = await world.GetAsync(world.DayLink());

        Assert.Equal(200, page.Status);
        var html = page.Html!;
        Assert.Contains("<title>12月8日（二）的走访</title>", html);
        Assert.Contains("王芳 · 共 3 次走访，已登记 0 次", html);
        // Enterprise (no building) first, then 1号楼, then 3号楼; 李明's own visit is not on 王芳's page.
        Assert.Equal(["v-g1~20261208~e1", "v-g1~20261208~h1", "v-g1~20261208~h2"], Regex.Matches(html, "<article id=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        var h2 = Article(html, PageWorld.H2.Id);
        Assert.Contains("<span class=\"tag\">独居老人</span>", h2);
        Assert.Contains("联系人 <bdi>赵大爷</bdi>", h2);
        Assert.Contains("href=\"tel:&#x2B;8613700000002\">拨打 137 0000 0002</a>", h2);
        Assert.Contains("上次走访：12月1日（二） 已走访：老人腿脚不便，楼道灯坏了", h2);
        Assert.Contains("<li>[道路设施] 楼道灯坏了 · 待签收</li>", h2);
        var e1 = Article(html, PageWorld.E1.Id);
        Assert.Contains("<span class=\"tag\">重点企业</span><span class=\"tag\">产业链·精细化工</span>", e1);
        Assert.Contains("同行：李明", e1);
        // The form speaks the API's language.
        Assert.Contains("name=\"visitId\" value=\"g1~20261208~h2\"", h2);
        foreach (var status in new[] { "completed", "not-reachable", "refused", "rescheduled" })
        {
            Assert.Contains($"name=\"status\" value=\"{status}\"", h2);
        }
        Assert.Contains("name=\"visitedAt\" value=\"2026-12-08T09:00\"", h2);
        // A problem row comes when asked for: the page carries one empty row, with the categories, for every form.
        Assert.Contains("<button name=\"more\" value=\"1\" formnovalidate>报一个问题</button>", h2);
        Assert.DoesNotContain("problems[0]", h2);
        var row = Regex.Match(html, "<template id=\"problem-row\">(.*?)</template>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("name=\"problems[0].category\"", row);
        Assert.Contains("<option>矛盾纠纷</option>", row);
        Assert.Contains("name=\"problems[0].urgency\" value=\"urgent\"", row);
        Assert.Equal(1, Regex.Count(html, "<option>矛盾纠纷</option>"));
    }

    [Fact]
    public async Task A_visit_link_shows_only_its_visit()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var page = await world.GetAsync(world.VisitLink(PageWorld.H1));

        Assert.Equal(200, page.Status);
        Assert.Equal([$"v-{PageWorld.H1.Id}"], Regex.Matches(page.Html!, "<article id=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("<title>走访登记</title>", page.Html);
    }

    [Fact]
    public async Task An_outcome_with_two_problems_is_stored_and_the_page_redirects_to_itself_saying_so()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = world.DayLink();
        var form = Completed(PageWorld.H2,
            ("problems[0].category", "生活困难"), ("problems[0].description", "暖气不热"), ("problems[0].urgency", "urgent"),
            ("problems[1].category", "道路设施"), ("problems[1].description", "单元门锁坏了"),
            ("problems[2].category", ""), ("problems[2].description", ""));

        var posted = await world.PostAsync(token, form);
        var again = await world.PostAsync(token, form);

        Assert.Equal((303, 303), (posted.Status, again.Status));
        Assert.Equal($"{Uri.EscapeDataString(token)}?saved=g1~20261208~h2#v-g1~20261208~h2", posted.Location);
        var stored = await world.StoredAsync(PageWorld.H2);
        Assert.Equal(VisitStatus.Completed, stored.Status);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 8, 45, 0, Calendar.ChinaTime.Offset), stored.Outcome!.VisitedAt);
        Assert.Equal([("生活困难", true), ("道路设施", false)], stored.Outcome.Problems.Select(p => (p.Category, p.Urgent)));
        var problems = await world.Stores.Problems.ListAsync(new(Grid: PageWorld.Grid));
        Assert.Equal(3, problems.Count);

        var page = await world.GetAsync(token, new PageQuery(Saved: PageWorld.H2.Id));
        Assert.Contains("<p class=\"note\" role=\"status\">已保存：幸福里3号楼201</p>", page.Html);
        var h2 = Article(page.Html!, PageWorld.H2.Id);
        Assert.Contains("class=\"done\"", h2);
        Assert.Contains("<strong>已登记：已走访</strong> 12月8日 08:45：门口聊了十分钟", h2);
        // The correction form comes with the page that asks for it (?edit=), carrying the stored outcome and its ETag.
        Assert.Contains($"<a class=\"btn\" href=\"?edit=g1~20261208~h2#v-g1~20261208~h2\">更正登记</a>", h2);
        Assert.DoesNotContain("<form", h2);
        var edit = Article((await world.GetAsync(token, new PageQuery(Edit: PageWorld.H2.Id))).Html!, PageWorld.H2.Id);
        Assert.Contains("<details open><summary>更正登记</summary>", edit);
        Assert.Contains("value=\"completed\" checked", edit);
        Assert.Contains(">单元门锁坏了</textarea>", edit);
        Assert.Equal(stored.ETag, IfMatch(edit));
    }

    [Fact]
    public async Task Bad_fields_come_back_on_the_form_in_chinese_next_to_the_field_with_what_was_typed()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var page = await world.PostAsync(world.DayLink(),
            ("visitId", PageWorld.H1.Id), ("visitedAt", "2026-12-08T09:30"), ("notes", "<b>门没开</b>"),
            ("problems[0].category", "生活困难"), ("problems[0].description", ""));

        Assert.Equal(400, page.Status);
        var h1 = Article(page.Html!, PageWorld.H1.Id);
        Assert.Contains("<details open>", h1);
        Assert.Contains("有 3 处需要修改，见红字。", h1);
        Assert.Contains("请选择走访结果", h1);
        Assert.Contains("时间晚于现在，请检查手机的时间", h1);
        Assert.Contains("请描述问题", h1);
        Assert.Contains("<textarea name=\"notes\">&lt;b&gt;门没开&lt;/b&gt;</textarea>", h1);
        Assert.Contains("<option selected>生活困难</option>", h1);
        Assert.Null((await world.StoredAsync(PageWorld.H1)).Outcome);
    }

    [Fact]
    public async Task Text_longer_than_the_service_takes_is_refused_next_to_its_field_and_kept()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var page = await world.PostAsync(world.DayLink(), ("visitId", PageWorld.H1.Id), ("status", "completed"), ("visitedAt", "2026-12-08T08:45"), ("notes", new string('长', 2001)));

        Assert.Equal(400, page.Status);
        var h1 = Article(page.Html!, PageWorld.H1.Id);
        Assert.Contains("<span class=\"err\">最多 2000 个字</span>", h1);
        Assert.Contains(new string('长', 2001), h1);
        Assert.Null((await world.StoredAsync(PageWorld.H1)).Outcome);
    }

    [Fact]
    public async Task A_different_outcome_shows_the_conflict_and_offers_a_correction_that_then_saves()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = world.DayLink();
        Assert.Equal(303, (await world.PostAsync(token, Completed(PageWorld.H1))).Status);

        var conflict = await world.PostAsync(token, ("visitId", PageWorld.H1.Id), ("status", "not-reachable"), ("visitedAt", "2026-12-08T08:50"));

        Assert.Equal(409, conflict.Status);
        var h1 = Article(conflict.Html!, PageWorld.H1.Id);
        Assert.Contains("这次走访已有另一条登记：已走访 12月8日 08:45。如要改成下面填写的内容，请点“确认更正”。", h1);
        Assert.Contains("value=\"not-reachable\" checked", h1);
        Assert.Contains(">确认更正</button>", h1);
        var etag = IfMatch(h1);
        Assert.Equal(VisitStatus.Completed, (await world.StoredAsync(PageWorld.H1)).Status);

        var corrected = await world.PostAsync(token, ("visitId", PageWorld.H1.Id), ("status", "not-reachable"), ("visitedAt", "2026-12-08T08:50"), ("ifMatch", etag));

        Assert.Equal(303, corrected.Status);
        Assert.Equal(VisitStatus.NotReachable, (await world.StoredAsync(PageWorld.H1)).Status);
    }

    [Fact]
    public async Task Without_script_another_problem_row_comes_from_the_server_keeping_what_was_typed_and_storing_nothing()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var first = await world.PostAsync(world.DayLink(), ("visitId", PageWorld.H1.Id), ("status", "completed"), ("notes", "聊了聊"), ("more", "1"));
        var page = await world.PostAsync(world.DayLink(), ("visitId", PageWorld.H1.Id), ("status", "completed"), ("notes", "聊了聊"),
            ("problems[0].category", "用工招聘"), ("problems[0].description", "缺电工"), ("more", "1"));

        Assert.Equal(200, first.Status);
        var asked = Article(first.Html!, PageWorld.H1.Id);
        // Nothing typed yet: one empty row, in the form left open, with the notes kept.
        Assert.Equal(["problems[0].category", "problems[0].description", "problems[0].urgency"], Regex.Matches(asked, "name=\"(problems[^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("<details open><summary>", asked);
        Assert.Contains(">聊了聊</textarea>", asked);
        Assert.Equal(200, page.Status);
        var h1 = Article(page.Html!, PageWorld.H1.Id);
        Assert.Contains("name=\"problems[1].description\"", h1);
        Assert.Contains(">缺电工</textarea>", h1);
        Assert.Contains("value=\"completed\" checked", h1);
        Assert.Null((await world.StoredAsync(PageWorld.H1)).Outcome);
    }

    [Fact]
    public async Task A_link_reaches_only_its_own_visits()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var othersVisit = await world.PostAsync(world.DayLink(), Completed(PageWorld.H3));
        var otherDay = await world.PostAsync(world.DayLink(day: PageWorld.Tuesday.AddDays(1)), Completed(PageWorld.H1));
        var otherVisit = await world.PostAsync(world.VisitLink(PageWorld.H2), Completed(PageWorld.H1));
        var department = await world.PostAsync(world.ProblemLink(), Completed(PageWorld.H1));

        // v1's day link covers the day, but H3 is v2's: the page says the link cannot do that, and nothing is stored.
        Assert.Equal(403, othersVisit.Status);
        Assert.Contains("这个链接不能做这件事", othersVisit.Html);
        Assert.Equal((403, 403, 403), (otherDay.Status, otherVisit.Status, department.Status));
        Assert.Contains("这个链接不能做这件事", otherVisit.Html);
        foreach (var visit in new[] { PageWorld.H1, PageWorld.H3 })
        {
            Assert.Null((await world.StoredAsync(visit)).Outcome);
        }
    }

    [Fact]
    public async Task A_visit_link_to_a_visit_given_to_someone_else_shows_nothing_of_it_and_names_the_supervisor()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var link = world.VisitLink(PageWorld.H2);
        await world.Stores.Visits.ApplyAsync([(await world.StoredAsync(PageWorld.H2)) with { VisitorIds = ["v2"], ETag = null }], []);

        var page = await world.GetAsync(link);

        Assert.Equal(404, page.Status);
        Assert.Contains("<title>找不到这次走访</title>", page.Html);
        Assert.Contains("有疑问请联系 <bdi>陈主任</bdi>", page.Html);
        Assert.DoesNotContain("赵大爷", page.Html);
        Assert.DoesNotContain("楼道灯", page.Html);
    }

    [Fact]
    public async Task A_conflict_with_the_partners_record_says_who_recorded_it()
    {
        var world = await PageWorld.CreateAsync(azurite);
        Assert.Equal(303, (await world.PostAsync(world.DayLink("v2"), Completed(PageWorld.E1))).Status);

        var conflict = await world.PostAsync(world.DayLink(), ("visitId", PageWorld.E1.Id), ("status", "refused"), ("visitedAt", "2026-12-08T08:50"));

        Assert.Equal(409, conflict.Status);
        Assert.Contains("这次走访已有另一条登记：李明 已走访 12月8日 08:45。", conflict.Html);
    }

    [Fact]
    public async Task English_is_for_a_browser_that_prefers_it_or_an_explicit_choice_kept_through_the_redirect()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = world.DayLink();

        var english = await world.GetAsync(token, new PageQuery(AcceptLanguage: "en-GB,en;q=0.9,zh;q=0.5"));
        var chinese = await world.GetAsync(token, new PageQuery(AcceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8"));
        var chosen = await world.Pages.PostAsync(token, new PageQuery(Lang: "en", AcceptLanguage: "zh-CN"), PageWorld.Form(Completed(PageWorld.H1)));

        Assert.Contains("<html lang=\"en\">", english.Html);
        Assert.Contains("Visits on Tue 8 Dec", english.Html);
        Assert.Contains("Elderly, living alone", english.Html);
        Assert.Contains("<html lang=\"zh-CN\">", chinese.Html);
        Assert.EndsWith($"?saved={PageWorld.H1.Id}&lang=en#v-{PageWorld.H1.Id}", chosen.Location);
    }

    [Fact]
    public async Task A_day_with_twelve_visits_each_with_its_last_visit_and_an_open_problem_weighs_under_thirty_kilobytes()
    {
        // The bench's day (bench/Outreach.Bench/PageBench.cs): twelve households, each visited a week before with a problem still open.
        var world = await PageWorld.CreateAsync(azurite);
        await world.Stores.Roster.SaveVisitorsAsync([new Roster.Visitor("b1", "网格员0", "+8613800000001", "grid-member", [PageWorld.Grid], 20, [])]);
        var targets = Enumerable.Range(1, 12).Select(i => new Roster.Target($"b{i:D2}", Roster.TargetKind.Household, $"幸福里{i}号楼2单元50{i % 9}", PageWorld.Grid,
            i % 3 == 0 ? ["elderly-alone", "low-income"] : ["veteran"], $"幸福里{i}号楼2单元50{i % 9}", $"孙阿姨{i}", "+8613700000011", $"{i}号楼")).ToList();
        await world.Stores.Roster.SaveTargetsAsync(targets);
        var week = PageWorld.Nine.AddDays(-7);
        var today = targets.Select(t => new Visit(t.Id, Roster.TargetKind.Household, PageWorld.Grid, PageWorld.Tuesday, ["b1"], 1,
            PageWorld.Tuesday.AddDays(-3), PageWorld.Tuesday.AddDays(3), PageWorld.Tuesday)).ToList();
        var earlier = targets.Select(t => new Visit(t.Id, Roster.TargetKind.Household, PageWorld.Grid, PageWorld.Tuesday.AddDays(-7), ["b1"], 0,
            PageWorld.Tuesday.AddDays(-10), PageWorld.Tuesday.AddDays(-4), PageWorld.Tuesday.AddDays(-7), VisitStatus.Completed, PageWorld.Tuesday.AddDays(-7),
            new VisitOutcome("b1", VisitStatus.Completed, week, "上次走访：身体不错，楼道灯坏了", [new ReportedProblem("道路设施", "楼道灯坏了", false)], week))).ToList();
        await world.Stores.Visits.ApplyAsync([.. today, .. earlier], []);
        foreach (var visit in earlier)
        {
            await world.Stores.Problems.AddAsync(OutcomeService.RaisedProblems(visit, visit.Outcome!).Single());
        }

        // As the bench's storage, no points rules: no award form.
        var pages = new LinkPages(world.Service, new PageRenderer(), new Outreach.Problems.ProblemOptions(), world.Clock);
        var html = (await pages.GetAsync(world.DayLink("b1"), new PageQuery())).Html!;

        Assert.Equal(12, Regex.Count(html, "<article "));
        Assert.Equal(12, Regex.Count(html, "<form method=\"post\" data-offline>"));
        Assert.Equal(12, Regex.Count(html, "身体不错，楼道灯坏了"));
        Assert.Equal(12, Regex.Count(html, "<li>\\[道路设施\\] 楼道灯坏了 · 待派单</li>"));
        Assert.DoesNotContain("name=\"award\"", html);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(html);
        Assert.True(bytes < 30_000, $"the day page of 12 visits is {bytes:N0} bytes, 30,000 at most (decimal kilobytes)");
    }

    private static (string, string)[] Completed(Visit visit, params (string, string)[] more) =>
        [("visitId", visit.Id), ("status", "completed"), ("visitedAt", "2026-12-08T08:45"), ("notes", "门口聊了十分钟"), .. more];

    /// <summary>The ETag a correction form carries.</summary>
    private static string IfMatch(string html) =>
        System.Net.WebUtility.HtmlDecode(Regex.Match(html, "name=\"ifMatch\" value=\"([^\"]+)\"").Groups[1].Value);

    /// <summary>One visit's article on a page.</summary>
    private static string Article(string html, string visitId)
    {
        var start = html.IndexOf($"<article id=\"v-{visitId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no article for {visitId}");
        return html[start..(html.IndexOf("</article>", start, StringComparison.Ordinal) + "</article>".Length)];
    }
}
