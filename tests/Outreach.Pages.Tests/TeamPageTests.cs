using System.Text.RegularExpressions;
using Outreach.Testing;

namespace Outreach.Pages.Tests;

/// <summary>The overdue digest's link: the supervisor sees whom to call about which visits still lack an outcome.</summary>
[Collection(AzuriteFixture.Collection)]
public class TeamPageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_supervisor_sees_each_persons_visits_still_without_an_outcome_and_a_number_to_call()
    {
        var world = await PageWorld.CreateAsync(azurite);
        Assert.Equal(303, (await world.PostAsync(world.DayLink(), ("visitId", PageWorld.H1.Id), ("status", "completed"), ("visitedAt", "2026-12-08T08:45"))).Status);
        world.Clock.Advance(TimeSpan.FromDays(1));

        var page = await world.GetAsync(world.TeamLink());

        Assert.Equal(200, page.Status);
        var html = page.Html!;
        Assert.Contains("<title>截至12月9日（三）未登记的走访</title>", html);
        Assert.Contains("陈主任 · 2 人，4 次", html);
        Assert.Equal(["王芳", "李明"], Regex.Matches(html, "<h2>([^<]+)</h2>").Select(m => m.Groups[1].Value));
        Assert.Contains("href=\"tel:&#x2B;8613800000001\">拨打 138 0000 0001</a>", html);
        Assert.Contains("<li>12月8日（二） 幸福里3号楼201 · 逾期 1 天</li>", html);
        // 王芳 recorded H1: it is not late.
        Assert.DoesNotContain("幸福里1号楼101", html);
        Assert.DoesNotContain("<form", html);
    }

    [Fact]
    public async Task A_team_link_reads_only_and_a_supervisor_with_everyone_recorded_is_thanked()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var post = await world.PostAsync(world.TeamLink(), ("visitId", PageWorld.H1.Id), ("status", "completed"), ("visitedAt", "2026-12-08T08:45"));
        var nobody = await world.GetAsync(world.TeamLink(supervisorId: "v1"));

        Assert.Equal(403, post.Status);
        Assert.Null((await world.StoredAsync(PageWorld.H1)).Outcome);
        Assert.Contains("您负责的人员都已登记，谢谢！", nobody.Html);
    }
}
