using Outreach.Problems;
using Outreach.Testing;

namespace Outreach.Pages.Tests;

/// <summary>A department's problem page: the problem, where it came from, the time left, and its steps; the supervisor's copy only reads.</summary>
[Collection(AzuriteFixture.Collection)]
public class ProblemPagesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_department_sees_the_problem_its_visit_its_history_and_the_time_left_to_accept()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var page = await world.GetAsync(world.ProblemLink());

        Assert.Equal(200, page.Status);
        var html = page.Html!;
        Assert.Contains("<title>待签收 · 幸福里3号楼201</title>", html);
        Assert.Contains("<h2>[道路设施]</h2>", html);
        Assert.DoesNotContain("<span class=\"tag\">紧急</span>", html);
        Assert.Contains("<p>楼道灯坏了</p>", html);
        Assert.Contains("联系人 <bdi>赵大爷</bdi>", html);
        Assert.Contains("<dd>12月1日（二）走访（王芳）</dd>", html);
        // Dispatched 12-01 14:00 with 24 hours to accept: at 09:00 on the 8th, 5 days 19 hours late.
        Assert.Contains("12月2日 14:00 · <strong>已超期 5 天 19 小时</strong><br>签收后 5 天内办结", html);
        Assert.Contains("<li>12月1日 10:05 <bdi>王芳</bdi> 上报</li>", html);
        Assert.Contains("<li>12月1日 14:00 <bdi>协调人</bdi> 派单</li>", html);
        Assert.Contains("<input type=\"hidden\" name=\"action\" value=\"accept\">", html);
        Assert.Contains("<input type=\"hidden\" name=\"action\" value=\"return\">", html);
        Assert.DoesNotContain("value=\"resolve\"", html);
        Assert.Contains("有疑问请联系 <bdi>陈主任</bdi>", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task Accept_then_resolve_through_the_page_and_the_closed_link_says_so()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = world.ProblemLink();

        var accepted = await world.PostAsync(token, ("action", "accept"));
        var afterAccept = await world.GetAsync(token, new PageQuery(Done: "accept"));
        var empty = await world.PostAsync(token, ("action", "resolve"), ("resolution", " "));
        var resolved = await world.PostAsync(token, ("action", "resolve"), ("resolution", "已更换楼道灯"));
        var thanks = await world.GetAsync(token, new PageQuery(Done: "resolve"));
        var later = await world.GetAsync(token);

        Assert.Equal((303, $"{Uri.EscapeDataString(token)}?done=accept"), (accepted.Status, accepted.Location));
        Assert.Contains("已签收，请在期限内办结。", afterAccept.Html);
        Assert.Contains("<title>办理中 · 幸福里3号楼201</title>", afterAccept.Html);
        Assert.Contains("12月13日 09:00 · <strong>剩余 5 天 0 小时</strong>", afterAccept.Html);
        Assert.Equal(400, empty.Status);
        Assert.Contains("请写明办理结果", empty.Html);
        Assert.Equal(303, resolved.Status);
        Assert.Equal((200, 410), (thanks.Status, later.Status));
        Assert.Contains("<title>已办结，谢谢！</title>", thanks.Html);
        Assert.Contains("<title>问题已办结</title>", later.Html);
        Assert.Contains("已更换楼道灯", later.Html);
        var stored = (await world.Stores.Problems.GetAsync(PageWorld.OpenProblemId))!.Problem;
        Assert.Equal((ProblemStatus.Resolved, "urban"), (stored.Stage, stored.History[^1].Actor));
    }

    [Fact]
    public async Task A_second_tap_on_a_step_just_taken_is_done_not_refused()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = world.ProblemLink();

        var first = await world.PostAsync(token, ("action", "accept"));
        var again = await world.PostAsync(token, ("action", "accept"));

        Assert.Equal((303, 303), (first.Status, again.Status));
        Assert.Equal(1, (await world.Stores.Problems.GetAsync(PageWorld.OpenProblemId))!.Problem.History.Count(e => e.Action == ProblemAction.Accept));
    }

    [Fact]
    public async Task A_department_link_after_the_problem_went_elsewhere_reads_only_and_says_where()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var oldLink = world.ProblemLink();
        await world.Stores.Roster.SaveDepartmentsAsync([new Roster.Department("market", "市场监管所", "+8615863671295")]);
        var service = new ProblemService(world.Stores.Problems, world.Stores.Roster, world.Clock);
        Assert.Equal(ProblemStepKind.Applied, (await service.ApplyAsync(PageWorld.OpenProblemId, new Return("不归城管"), "urban")).Kind);
        Assert.Equal(ProblemStepKind.Applied, (await service.ApplyAsync(PageWorld.OpenProblemId, new Dispatch("market", 3), "coordinator")).Kind);

        var page = await world.GetAsync(oldLink);

        Assert.Equal(200, page.Status);
        Assert.Contains("该问题已转给 市场监管所，不再由您办理。", page.Html);
        Assert.DoesNotContain("<form", page.Html);
    }

    [Fact]
    public async Task A_step_the_stage_does_not_allow_is_explained_and_changes_nothing()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var page = await world.PostAsync(world.ProblemLink(), ("action", "resolve"), ("resolution", "修好了"));

        Assert.Equal(409, page.Status);
        Assert.Contains("这一步现在不能做：问题目前待签收。", page.Html);
        Assert.Equal(ProblemStatus.Dispatched, (await world.Stores.Problems.GetAsync(PageWorld.OpenProblemId))!.Problem.Stage);
    }

    [Fact]
    public async Task A_return_needs_its_reason_and_sends_the_problem_back_to_the_coordinator()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var token = world.ProblemLink();

        var missing = await world.PostAsync(token, ("action", "return"));
        var returned = await world.PostAsync(token, ("action", "return"), ("reason", "不属于城管科，应由物业处理"));

        Assert.Equal(400, missing.Status);
        Assert.Contains("请写明退回原因", missing.Html);
        Assert.Equal(303, returned.Status);
        var stored = (await world.Stores.Problems.GetAsync(PageWorld.OpenProblemId))!.Problem;
        Assert.Equal((ProblemStatus.Returned, "不属于城管科，应由物业处理"), (stored.Stage, stored.ReturnReason));
    }

    [Fact]
    public async Task The_supervisors_copy_reads_the_same_page_without_steps_and_cannot_post_one()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var copy = await world.GetAsync(world.CopyLink());
        var step = await world.PostAsync(world.CopyLink(), ("action", "accept"));
        var otherDepartment = await world.PostAsync(world.ProblemLink(department: "market"), ("action", "accept"));

        Assert.Equal(200, copy.Status);
        Assert.Contains("抄送（只读）：此问题由 城管科 办理，本链接只能查看。", copy.Html);
        Assert.DoesNotContain("<form", copy.Html);
        Assert.Equal(403, step.Status);
        Assert.Equal(403, otherDepartment.Status);
        Assert.Contains("该问题已转给 城管科，不再由您办理。", otherDepartment.Html);
        Assert.Equal(ProblemStatus.Dispatched, (await world.Stores.Problems.GetAsync(PageWorld.OpenProblemId))!.Problem.Stage);
    }
}
