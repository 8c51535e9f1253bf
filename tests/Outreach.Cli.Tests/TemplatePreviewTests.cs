using System.Globalization;
using System.Text.Json;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

/// <summary><c>template preview NAME --visitor ID --date D</c>: the real message from storage, and nothing written.</summary>
[Collection(AzuriteFixture.Collection)]
public class TemplatePreviewTests(AzuriteFixture azurite)
{
    private const string Now = "--now=2026-12-07T09:00";

    [Fact]
    public async Task The_evening_digest_preview_is_the_message_remind_composes_and_writes_nothing()
    {
        var cli = await PlannedAsync();
        var day = await FirstVisitDayAsync(cli, "v1");

        var preview = await cli.RunAsync("template", "preview", "evening-digest", "--visitor", "v1", "--date", day, Now);
        var (_, before, _) = await cli.RunAsync("outbox", "--format", "json", Now);
        await cli.RunAsync("remind", "--at", $"{DateOnly.Parse(day, CultureInfo.InvariantCulture).AddDays(-1):yyyy-MM-dd}T18:00", Now);
        var (_, after, _) = await cli.RunAsync("outbox", "--format", "json", Now);

        Assert.Equal(0, preview.Code);
        Assert.Equal("[]", before.Trim());
        var composed = JsonDocument.Parse(after).RootElement.EnumerateArray()
            .Single(r => r.GetProperty("recipientId").GetString() == "v1" && r.GetProperty("kind").GetString() == "evening-digest")
            .GetProperty("text").GetString()!;
        // The same message, link included: links to localhost are signed with the development key, so the preview's
        // link opens in the app npm start runs, as the timers' would.
        Assert.StartsWith("【走访提醒】王芳您好", composed);
        Assert.Contains(composed, preview.Out);
        Assert.Contains("http://localhost:7071/v/", composed);
        Assert.Matches(@"\d+ characters, UCS2 \(\d+ units\), \d segment\(s\)\.", preview.Out);
        Assert.Contains($"Composed from storage for v1 on {day}; nothing was written to the outbox.", preview.Out);
    }

    [Fact]
    public async Task Overdue_previews_name_the_oldest_visit_and_the_supervisors_digest_in_either_culture()
    {
        var cli = await PlannedAsync();
        var first = await FirstVisitDayAsync(cli, "v1");
        var later = $"{DateOnly.Parse(first, CultureInfo.InvariantCulture).AddDays(3):yyyy-MM-dd}";

        var nudge = await cli.RunAsync("template", "preview", "overdue-nudge", "--visitor", "v1", "--date", later, Now);
        var digest = await cli.RunAsync("template", "preview", "overdue-digest", "--visitor", "s1", "--date", later, "--culture", "en-US", Now);

        Assert.Equal((0, 0), (nudge.Code, digest.Code));
        Assert.StartsWith("【走访逾期】王芳", nudge.Out);
        Assert.Contains($"{DateOnly.Parse(first, CultureInfo.InvariantCulture):M月d日}", nudge.Out);
        Assert.StartsWith($"[Overdue visits] Hi 陈主任, as of {DateOnly.Parse(later, CultureInfo.InvariantCulture):d MMM}, 2 visits are overdue:", digest.Out);
        Assert.Equal("[]", (await cli.RunAsync("outbox", "--format", "json", Now)).Out.Trim());
    }

    [Fact]
    public async Task Bad_preview_arguments_exit_1_naming_the_fix()
    {
        var cli = await PlannedAsync();

        var unknown = await cli.RunAsync("template", "preview", "evening-digest", "--visitor", "nobody", "--date", "2026-12-08", Now);
        var notADate = await cli.RunAsync("template", "preview", "evening-digest", "--visitor", "v1", "--date", "8 Dec", Now);
        var withoutDate = await cli.RunAsync("template", "preview", "evening-digest", "--visitor", "v1", Now);
        var sunday = await cli.RunAsync("template", "preview", "evening-digest", "--visitor", "v1", "--date", "2026-12-13", Now);
        var nobodyLate = await cli.RunAsync("template", "preview", "overdue-nudge", "--visitor", "v1", "--date", "2026-12-07", Now);
        var notice = await cli.RunAsync("template", "preview", "dispatch-notice", "--visitor", "v1", "--date", "2026-12-08", Now);

        Assert.All([unknown, notADate, withoutDate, sunday, nobodyLate, notice], r => Assert.Equal(1, r.Code));
        Assert.Contains("No visitor 'nobody'", unknown.Error);
        Assert.Contains("--date '8 Dec' is not a date: use YYYY-MM-DD", notADate.Error);
        Assert.Contains("--visitor and --date go together", withoutDate.Error);
        Assert.Contains("v1 has no planned visit without an outcome on 2026-12-13", sunday.Error);
        Assert.Contains("Pick a day from `visits --visitor v1`", sunday.Error);
        Assert.Contains("no visit before 2026-12-07 still waiting for an outcome", nobodyLate.Error);
        Assert.Contains("dispatch-notice is not a visit reminder", notice.Error);
        Assert.Equal("[]", (await cli.RunAsync("outbox", "--format", "json", Now)).Out.Trim());
    }

    private async Task<CliRun> PlannedAsync()
    {
        var cli = CliRun.In(azurite);
        cli.Write("grids.csv", "id,name,area\nxs-1,仙山一网格,仙山社区\n");
        cli.Write("visitors.csv", "id,name,phone,role,grids,weekly_capacity,supervisor\nv1,王芳,13800138001,grid-member,xs-1,10,s1\ns1,陈主任,13800138009,party-affairs,xs-1,0,\n");
        cli.Write("households.csv", "id,address,grid,tags\nh1,仙山社区1号楼101,xs-1,elderly-alone\nh2,仙山社区1号楼102,xs-1,elderly-alone\n");
        foreach (var kind in new[] { "grids", "visitors", "households" })
        {
            var (code, _, error) = await cli.RunAsync("import", kind, $"{kind}.csv", Now);
            Assert.True(code == 0, $"import {kind} failed: {error}");
        }
        Assert.Equal(0, (await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2026-12-20", Now)).Code);
        return cli;
    }

    private static async Task<string> FirstVisitDayAsync(CliRun cli, string visitor)
    {
        var (_, json, _) = await cli.RunAsync("visits", "--visitor", visitor, "--format", "json", Now);
        return JsonDocument.Parse(json).RootElement.EnumerateArray().Select(v => v.GetProperty("date").GetString()!).Where(d => d != "2026-12-07").Min()!;
    }
}
