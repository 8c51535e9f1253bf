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

    [Fact]
    public async Task With_approved_templates_the_sample_preview_shows_the_template_id_each_variable_and_its_length_and_the_code()
    {
        var cli = Approved(CliRun.In(azurite));

        var (code, output, error) = await cli.RunAsync("template", "preview", "evening-digest", Now);

        Assert.True(code == 0, error);
        Assert.Equal(
            [
                "【滨海走访】王芳您好，12月8日您有1家企业、2户居民走访任务，请登录 https://outreach.example.cn/c 输入登记码K7QM-4TXA和手机尾号查看并登记。",
                "",
                "91 characters, UCS2 (91 units), 2 segment(s).",
                "Approved template 2266001 (evening-digest): 4 variable(s), at most 12 characters each (Sms__Tencent__MaxParamLength).",
                "  {1} 王芳  2/12",
                "  {2} 12月8日  5/12",
                "  {3} 1家企业、2户居民  9/12",
                "  {4} K7QM-4TXA  9/12",
                "Code: K7QM-4TXA (the sample's).",
            ],
            output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task With_approved_templates_a_visitors_preview_shows_the_code_remind_then_issues_and_writes_nothing()
    {
        var cli = Approved(await PlannedAsync());
        var day = await FirstVisitDayAsync(cli, "v1");

        var preview = await cli.RunAsync("template", "preview", "evening-digest", "--visitor", "v1", "--date", day, "--culture", "en-US", Now);
        var (_, before, _) = await cli.RunAsync("outbox", "--format", "json", Now);
        await cli.RunAsync("remind", "--at", $"{DateOnly.Parse(day, CultureInfo.InvariantCulture).AddDays(-1):yyyy-MM-dd}T18:00", Now);
        var (_, after, _) = await cli.RunAsync("outbox", "--format", "json", Now);
        var (_, table, _) = await cli.RunAsync("outbox", Now);

        Assert.True(preview.Code == 0, preview.Error);
        Assert.Equal("[]", before.Trim());
        var row = JsonDocument.Parse(after).RootElement.EnumerateArray()
            .Single(r => r.GetProperty("recipientId").GetString() == "v1" && r.GetProperty("kind").GetString() == "evening-digest");
        var variables = row.GetProperty("templateParams").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal("2266001", row.GetProperty("templateId").GetString());
        Assert.StartsWith("【滨海走访】王芳您好", row.GetProperty("text").GetString());
        Assert.Contains(row.GetProperty("text").GetString()!, preview.Out);
        Assert.Contains($"Code: {variables[^1]} (issued when the message is composed).", preview.Out);
        Assert.Contains($"  {{4}} {variables[^1]}  9/12", preview.Out);
        Assert.Contains("--culture does not apply", preview.Out);
        Assert.Contains($"    template 2266001: {string.Join(" | ", variables)}", table);
    }

    [Fact]
    public async Task A_broken_approved_templates_file_exits_1_naming_the_line_and_the_column()
    {
        var cli = CliRun.In(azurite);
        var file = cli.Write("sms-templates.csv", File.ReadAllText(SampleTemplates).Replace("visits | kinds;code", "visits | kinds;link", StringComparison.Ordinal));
        cli.Settings["Sms__Provider"] = "tencent";
        cli.Settings["Sms__Tencent__Templates"] = file;

        var (code, _, error) = await cli.RunAsync("template", "preview", "evening-digest", Now);

        Assert.Equal(1, code);
        Assert.Contains($"{file} line 2 (evening-digest), column params, expression 4 (`link`): names link", error);
    }

    [Fact]
    public async Task With_approved_templates_the_demo_shows_each_digests_template_and_variables_and_where_to_type_its_code()
    {
        var cli = Approved(CliRun.In(azurite));

        var (code, output, error) = await cli.RunAsync("demo", Now);

        Assert.True(code == 0, error);
        Assert.Matches(@"    template 2266001: \S+ \| 12月8日 \| (\d+家企业|\d+户居民|\d+家企业、\d+户居民) \| [0-9A-Z]{4}-[0-9A-Z]{4}", output);
        var digests = JsonDocument.Parse((await cli.RunAsync("outbox", "--format", "json", Now)).Out).RootElement.EnumerateArray()
            .Where(r => r.GetProperty("templateId").GetString() is "2266001" or "2266005" or "2266008")
            .Select(r => (Id: r.GetProperty("recipientId").GetString()!, Code: r.GetProperty("templateParams").EnumerateArray().Last().GetString()!))
            .ToList();
        Assert.Contains(digests, d => d.Id == "hr-social-security");
        var opened = output.Split('\n').Where(l => l.Contains("http://localhost:7071/c, code ", StringComparison.Ordinal)).ToList();
        // A visitor's day, the department's problem, and a fix waiting for its requester's rating.
        Assert.Equal(3, opened.Count);
        Assert.All(opened, line => Assert.Contains(digests, d => line.StartsWith($"  {d.Id}'s ", StringComparison.Ordinal) && line.Contains($"code {d.Code}, digits ", StringComparison.Ordinal)));
        Assert.DoesNotContain("/v/", output);
    }

    private static readonly string SampleTemplates = Path.Combine(AzuriteFixture.FindRepoRoot(), "samples", "sms-templates.csv");

    /// <summary>The deployment sends approved templates: Tencent, without credentials (kept local), with the sample file.</summary>
    private static CliRun Approved(CliRun cli)
    {
        cli.Settings["Sms__Provider"] = "tencent";
        cli.Settings["Sms__Tencent__Templates"] = SampleTemplates;
        return cli;
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
