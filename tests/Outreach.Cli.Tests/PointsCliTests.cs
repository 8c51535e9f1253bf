using System.Text.Json;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

/// <summary>The points passbook from the shell: imports, awards, redemptions, reversals, the passbook, the leaderboard and the report.</summary>
[Collection(AzuriteFixture.Collection)]
public class PointsCliTests(AzuriteFixture azurite)
{
    private const string Now = "--now=2026-12-15T10:00";

    [Fact]
    public async Task A_household_earns_redeems_and_is_corrected_and_its_passbook_reads_as_json()
    {
        var cli = await CommunityAsync();

        var award = await cli.RunAsync("points", "award", "h1", "cleanup", "--note", "清理楼道", "--at", "2026-12-12T09:00", Now);
        var twice = await cli.RunAsync("points", "award", "h1", "civic", "--resident", "张大爷", Now);
        var redeem = await cli.RunAsync("points", "redeem", "h1", "soap", Now);
        var reverse = await cli.RunAsync("points", "reverse", "h1~1", "--note", "记错户", Now);
        var (code, json, _) = await cli.RunAsync("points", "passbook", "h1", "--format", "json", Now);
        var table = await cli.RunAsync("points", "passbook", "h1", Now);

        Assert.Equal((0, "Recorded h1~1: +5 award cleanup; balance 5.\n"), (award.Code, award.Out.ReplaceLineEndings("\n")));
        Assert.Equal(0, twice.Code);
        Assert.Equal("Recorded h1~3: -10 redeem soap; balance 25.", redeem.Out.Trim());
        Assert.Equal("Recorded h1~4: -5 reversal of h1~1; balance 20.", reverse.Out.Trim());
        Assert.Equal(0, code);
        var passbook = JsonDocument.Parse(json).RootElement;
        Assert.Equal("h1", passbook.GetProperty("householdId").GetString());
        Assert.Equal(20, passbook.GetProperty("balance").GetInt32());
        var entries = passbook.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["h1~1", "h1~2", "h1~3", "h1~4"], entries.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([5, 30, -10, -5], entries.Select(e => e.GetProperty("points").GetInt32()));
        Assert.Equal("2026-12-12T09:00:00+08:00", entries[0].GetProperty("at").GetString());
        Assert.Equal("cleanup", entries[0].GetProperty("code").GetString());
        Assert.Equal("soap", entries[2].GetProperty("item").GetString());
        Assert.False(entries[2].TryGetProperty("code", out _));
        Assert.Equal("h1~1", entries[3].GetProperty("reversalOf").GetString());
        Assert.Contains("h1~1", table.Out);
        Assert.Contains("(reversed)", table.Out);
        Assert.Contains("张大爷: 30", table.Out);
    }

    [Fact]
    public async Task A_refused_entry_exits_1_with_its_reason_in_one_line_and_writes_nothing()
    {
        var cli = await CommunityAsync();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(0, (await cli.RunAsync("points", "award", "h2", "cleanup", Now)).Code);
        }

        var capped = await cli.RunAsync("points", "award", "h2", "cleanup", Now);
        var poor = await cli.RunAsync("points", "redeem", "h3", "soap", Now);
        var none = await cli.RunAsync("points", "redeem", "h2", "haircut", Now);
        var unknown = await cli.RunAsync("points", "award", "h9", "cleanup", Now);
        var future = await cli.RunAsync("points", "award", "h2", "sorting", "--at", "2026-12-16", Now);
        var badAt = await cli.RunAsync("points", "award", "h2", "sorting", "--at", "yesterday", Now);
        var badEntry = await cli.RunAsync("points", "reverse", "h2-1", Now);
        var (_, json, _) = await cli.RunAsync("points", "passbook", "h2", "--format", "json", Now);

        Assert.Equal((1, "Refused: h2 has earned 20 of the 20 points 'cleanup' allows in 2026-12; another 5 would pass the monthly cap, so nothing was recorded.\n"),
            (capped.Code, capped.Error.ReplaceLineEndings("\n")));
        Assert.Equal("", capped.Out);
        Assert.Equal(1, poor.Code);
        Assert.Contains("h3 has 0 points and 'soap' (肥皂) costs 10", poor.Error, StringComparison.Ordinal);
        Assert.Equal(1, none.Code);
        Assert.Contains("'haircut' (理发券) is out of stock", none.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("there is no household 'h9'", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, future.Code);
        Assert.Contains("ahead of the clock", future.Error, StringComparison.Ordinal);
        Assert.Equal(1, badAt.Code);
        Assert.Contains("--at 'yesterday' is not a date-time", badAt.Error, StringComparison.Ordinal);
        Assert.Equal(1, badEntry.Code);
        Assert.Contains("is not an entry id", badEntry.Error, StringComparison.Ordinal);
        Assert.All(new[] { capped, poor, none, unknown, future, badAt, badEntry }, r => Assert.Single(r.Error.Trim().Split('\n')));
        Assert.Equal(4, JsonDocument.Parse(json).RootElement.GetProperty("entries").GetArrayLength());
        Assert.Equal(20, JsonDocument.Parse(json).RootElement.GetProperty("balance").GetInt32());
    }

    [Fact]
    public async Task The_leaderboard_and_the_points_report_count_per_grid_and_month()
    {
        var cli = await CommunityAsync();
        await cli.RunAsync("points", "award", "h1", "civic", Now);
        await cli.RunAsync("points", "award", "h2", "cleanup", Now);
        await cli.RunAsync("points", "award", "h3", "cleanup", Now);
        await cli.RunAsync("points", "award", "h3", "cleanup", "--at", "2026-11-20T10:00", Now);
        await cli.RunAsync("points", "redeem", "h1", "soap", Now);

        var board = await cli.RunAsync("points", "leaderboard", Now);
        var xs2 = await cli.RunAsync("points", "leaderboard", "--grid", "xs-2", "--month", "2026-11", Now);
        var report = await cli.RunAsync("report", "points", "--from", "2026-11", "--to", "2026-12", "--format", "csv", Now);
        var badMonth = await cli.RunAsync("points", "leaderboard", "--month", "2026-13", Now);

        Assert.Equal(0, board.Code);
        var lines = board.Out.Trim().Split('\n').Select(l => l.Trim()).ToList();
        Assert.StartsWith("Points earned in 2026-12: 3 household(s).", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("1. h1", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2. h2", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("2. h3", lines[3], StringComparison.Ordinal);
        Assert.Contains("h3", xs2.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("h1", xs2.Out, StringComparison.Ordinal);
        Assert.Equal(
            "month,grid,earned,redeemed,awards,redemptions\n2026-11,xs-2,5,0,1,0\n2026-12,xs-1,35,10,2,1\n2026-12,xs-2,5,0,1,0\n",
            report.Out.ReplaceLineEndings("\n"));
        Assert.Equal(1, badMonth.Code);
        Assert.Contains("--month '2026-13' is not a month", badMonth.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_points_file_with_a_bad_row_imports_nothing_and_names_every_bad_row()
    {
        var cli = await CommunityAsync();
        cli.Write("bad-rules.csv", "code,description,points,monthly_cap\nnew,新规则,3,\nbad code,坏,2,\nfree,免费,zero,\n");

        var (code, _, error) = await cli.RunAsync("import", "points-rules", "bad-rules.csv", Now);
        var award = await cli.RunAsync("points", "award", "h1", "new", Now);

        Assert.Equal(1, code);
        Assert.Contains("bad-rules.csv: 2 problem(s), nothing imported:", error, StringComparison.Ordinal);
        Assert.Contains("line 3, code: code 'bad code' is not a valid id", error, StringComparison.Ordinal);
        Assert.Contains("line 4, points: points 'zero' is not a whole number", error, StringComparison.Ordinal);
        Assert.Equal(1, award.Code);
    }

    /// <summary>The small roster, and rules and items as samples/ has them, trimmed.</summary>
    private async Task<CliRun> CommunityAsync()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        cli.Write("points-rules.csv", "code,description,points,monthly_cap\ncleanup,参加环境整治,5,20\nsorting,垃圾分类,2,\ncivic,文明家庭,30,\n");
        cli.Write("points-items.csv", "id,name,points,stock\nsoap,肥皂,10,5\nhaircut,理发券,25,0\n");
        var rules = await cli.RunAsync("import", "points-rules", "points-rules.csv");
        var items = await cli.RunAsync("import", "points-items", "points-items.csv");
        Assert.Equal((0, "Imported 3 points-rules from points-rules.csv."), (rules.Code, rules.Out.Trim()));
        Assert.Equal(0, items.Code);
        return cli;
    }
}
