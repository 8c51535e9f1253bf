using System.Text.Json;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

[Collection(AzuriteFixture.Collection)]
public class ReportCommandTests(AzuriteFixture azurite)
{
    private const string Now = "--now=2026-12-07T09:00";
    private const string Later = "--now=2026-12-20T09:00";

    [Fact]
    public async Task Coverage_json_has_the_totals_and_one_entry_per_grid()
    {
        var cli = await PlannedAsync();
        var (_, json, _) = await cli.RunAsync("visits", "--target", "h1", "--from", "2026-12-07", "--to", "2026-12-13", "--format", "json", Now);
        var visit = JsonDocument.Parse(json).RootElement[0];
        var day = visit.GetProperty("date").GetString();
        Assert.Equal(0, (await cli.RunAsync("record", visit.GetProperty("id").GetString()!, "--status", "completed", $"--at={day}T10:00", $"--now={day}T20:00")).Code);

        var (code, output, error) = await cli.RunAsync("report", "coverage", "--from", "2026-12-07", "--to", "2026-12-13", "--format", "json", Later);

        Assert.True(code == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        // Week one, five targets: h1 (weekly) was visited, its first window (7–13 December) met; h3 (weekly) missed
        // its first window; e1 (fortnightly) is not due yet; h4's grid has nobody: due on the 7th, missed; h2 (every
        // 90 days) has no visit within the four planned weeks yet: on the roster, not planned, not due.
        Assert.Equal((5, 1, 0.2, 3, 1, 0.3333, 2, 2), Figures(report));
        Assert.Equal(1, report.GetProperty("notYetPlanned").GetInt32());
        var byGrid = report.GetProperty("byGrid").EnumerateArray().ToDictionary(g => g.GetProperty("grid").GetString()!, Figures);
        Assert.Equal((2, 1, 0.5, 1, 1, 1.0, 0, 1), byGrid["xs-1"]);
        Assert.Equal((2, 0, 0.0, 1, 0, 0.0, 1, 1), byGrid["xs-2"]);
        Assert.Equal((1, 0, 0.0, 1, 0, 0.0, 1, 0), byGrid["kd-1"]);
        Assert.Equal(["h4", "h3"], report.GetProperty("late").EnumerateArray().Select(l => l.GetProperty("targetId").GetString()));

        var (oneGrid, onlyXs1, _) = await cli.RunAsync("report", "coverage", "--from", "2026-12-07", "--to", "2026-12-13", "--grid", "xs-1", "--format", "json", Later);
        Assert.Equal(0, oneGrid);
        Assert.Equal(2, JsonDocument.Parse(onlyXs1).RootElement.GetProperty("targets").GetInt32());
    }

    [Fact]
    public async Task Every_report_prints_as_a_table_json_and_csv()
    {
        var cli = await PlannedAsync();

        foreach (var kind in new[] { "coverage", "visitors", "problems" })
        {
            var table = await cli.RunAsync("report", kind, "--from", "2026-12-01", "--to", "2026-12-31", Later);
            var json = await cli.RunAsync("report", kind, "--from", "2026-12-01", "--to", "2026-12-31", "--format", "json", Later);
            var csv = await cli.RunAsync("report", kind, "--from", "2026-12-01", "--to", "2026-12-31", "--format", "csv", Later);

            Assert.Equal((0, 0, 0), (table.Code, json.Code, csv.Code));
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json.Out).RootElement.ValueKind);
            Assert.Contains(kind switch { "coverage" => "scope,name,targets,visited,visited_ratio,due,due_visited,on_time_ratio,late_now,not_yet_due", "visitors" => "visitor,name,grids,planned", _ => "kind,name,count" }, csv.Out);
        }
        var coverage = await cli.RunAsync("report", "coverage", "--from", "2026-12-01", "--to", "2026-12-31", Later);
        // Nothing recorded: 0 of 5 visited; h1, h3 and h4 missed a window each.
        Assert.Contains("遍访率 0.0% (0/5 visited), 按期率 0.0% (0/3 windows), 3 late now", coverage.Out);
        Assert.Contains("on_time_ratio 按期率: due_visited / due", coverage.Out);
        var visitors = await cli.RunAsync("report", "visitors", "--from", "2026-12-01", "--to", "2026-12-31", Later);
        Assert.Contains("王芳", visitors.Out);
        var problems = await cli.RunAsync("report", "problems", "--from", "2026-12-01", "--to", "2026-12-31", Later);
        Assert.Contains("2026年12月走访企业0家、居民0户，遍访率0.0%（0/5），按期率0.0%（0/3）", problems.Out);
    }

    [Fact]
    public async Task Bad_dates_and_unknown_grids_exit_1_with_the_fix()
    {
        var cli = await PlannedAsync();

        var swapped = await cli.RunAsync("report", "coverage", "--from", "2026-12-31", "--to", "2026-12-01", Later);
        var notADate = await cli.RunAsync("report", "visitors", "--from", "1 Dec", "--to", "2026-12-31", Later);
        var unknown = await cli.RunAsync("report", "problems", "--from", "2026-12-01", "--to", "2026-12-31", "--grid", "nowhere", Later);

        Assert.Equal((1, 1, 1), (swapped.Code, notADate.Code, unknown.Code));
        Assert.Contains("swap them", swapped.Error);
        Assert.Contains("--from '1 Dec' is not a date", notADate.Error);
        Assert.Contains("Unknown grid 'nowhere'", unknown.Error);
    }

    [Fact]
    public async Task Progress_shows_on_a_terminal_stderr_and_never_in_the_json()
    {
        var cli = await PlannedAsync();
        string[] args = ["report", "coverage", "--from", "2026-12-07", "--to", "2026-12-13", "--format", "json", Later];
        var redirected = await cli.RunAsync(args);

        cli.ErrorIsTerminal = true;
        var terminal = await cli.RunAsync(args);

        Assert.Equal((0, 0), (redirected.Code, terminal.Code));
        Assert.Equal("", redirected.Error);
        // Three grids read: the bar ends at 3/3 on stderr; stdout is the same report as without it.
        Assert.Contains("grids 3/3", terminal.Error);
        Assert.Equal(redirected.Out, terminal.Out);
        Assert.Equal(3, JsonDocument.Parse(terminal.Out).RootElement.GetProperty("lateNow").GetInt32());
    }

    [Fact]
    public async Task Late_lists_the_first_n_late_targets_and_says_how_many_there_are()
    {
        var cli = await PlannedAsync();

        var json = await cli.RunAsync("report", "coverage", "--from", "2026-12-07", "--to", "2026-12-13", "--format", "json", "--late", "1", Later);
        var table = await cli.RunAsync("report", "coverage", "--from", "2026-12-07", "--to", "2026-12-13", "--late", "1", Later);
        var negative = await cli.RunAsync("report", "coverage", "--from", "2026-12-07", "--to", "2026-12-13", "--late", "-1", Later);

        Assert.Equal((0, 0), (json.Code, table.Code));
        var report = JsonDocument.Parse(json.Out).RootElement;
        // Nothing recorded: h1 and h3 (weekly) are late too; h4, whose grid nobody covers, has no visit and comes first.
        Assert.Equal(["h4"], report.GetProperty("late").EnumerateArray().Select(l => l.GetProperty("targetId").GetString()));
        Assert.Equal(3, report.GetProperty("lateNow").GetInt32());
        Assert.Contains("Late now: 3 target(s), longest first; the first 1 (--late N lists more)", table.Out);
        Assert.Equal(1, negative.Code);
        Assert.Contains("--late -1 is negative", negative.Error);
    }

    /// <summary>The coverage figures of the report or a group, by their JSON names.</summary>
    private static (int, int, double, int, int, double, int, int) Figures(JsonElement json) => (
        json.GetProperty("targets").GetInt32(), json.GetProperty("visited").GetInt32(), json.GetProperty("visitedRatio").GetDouble(),
        json.GetProperty("due").GetInt32(), json.GetProperty("dueVisited").GetInt32(), json.GetProperty("onTimeRatio").GetDouble(),
        json.GetProperty("lateNow").GetInt32(), json.GetProperty("notYetDue").GetInt32());

    private async Task<CliRun> PlannedAsync()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        Assert.Equal(0, (await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now)).Code);
        return cli;
    }
}
