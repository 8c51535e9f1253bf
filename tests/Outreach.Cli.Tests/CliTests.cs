using System.Globalization;
using System.Text.Json;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

[Collection(AzuriteFixture.Collection)]
public class CliTests(AzuriteFixture azurite)
{
    private static readonly string[] TargetKinds = ["enterprise", "household"];

    private const string Now = "--now=2026-12-07T09:00";

    [Fact]
    public async Task Import_plan_and_list_visits_as_json()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();

        var (code, output, _) = await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        Assert.Equal(0, code);
        Assert.Contains("Planned ", output);

        var (listed, json, _) = await cli.RunAsync("visits", "--from", "2026-12-07", "--to", "2027-01-03", "--format", "json", Now);
        Assert.Equal(0, listed);
        var visits = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(visits);
        foreach (var visit in visits)
        {
            Assert.Equal(JsonValueKind.String, visit.GetProperty("id").ValueKind);
            Assert.Contains(visit.GetProperty("targetKind").GetString(), TargetKinds);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", visit.GetProperty("date").GetString());
            Assert.NotEmpty(visit.GetProperty("visitorIds").EnumerateArray());
            Assert.Equal(JsonValueKind.Number, visit.GetProperty("cycle").ValueKind);
            Assert.Equal("planned", visit.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(visit.GetProperty("grid").GetString()));
        }
        // 张大爷 lives alone: visited every week, four times in four weeks, by turns.
        var h1 = visits.Where(v => v.GetProperty("targetId").GetString() == "h1").ToList();
        Assert.Equal(4, h1.Count);
        Assert.Equal([0, 1, 2, 3], h1.Select(v => v.GetProperty("cycle").GetInt32()));
        Assert.Contains("仙山社区1号楼101", json);
    }

    [Fact]
    public async Task A_coordinator_records_an_outcome_and_corrects_it()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2026-12-20", Now);
        var (_, json, _) = await cli.RunAsync("visits", "--target", "h1", "--from", "2026-12-07", "--to", "2026-12-13", "--format", "json", Now);
        var visit = JsonDocument.Parse(json).RootElement[0];
        var id = visit.GetProperty("id").GetString()!;
        var at = $"--at={visit.GetProperty("date").GetString()}T10:30";
        var late = $"--now={visit.GetProperty("date").GetString()}T20:00";

        var recorded = await cli.RunAsync("record", id, "--status", "not-reachable", at, "--problem", "住房:屋顶漏水", late);
        var again = await cli.RunAsync("record", id, "--status", "completed", at, late);
        var corrected = await cli.RunAsync("record", id, "--status", "completed", at, "--correct", late);
        var bad = await cli.RunAsync("record", id, "--status", "done", "--problem", "no-colon", late);

        Assert.Equal((0, 1, 0, 1), (recorded.Code, again.Code, corrected.Code, bad.Code));
        Assert.Contains("Recorded: " + id + " not-reachable, 1 problem(s).", recorded.Out);
        Assert.Contains("pass --correct to replace it", again.Error);
        Assert.Contains("Corrected: " + id + " completed.", corrected.Out);
        Assert.Contains("--problem 'no-colon' needs a category and a description", bad.Error);
        var (_, after, _) = await cli.RunAsync("visits", "--target", "h1", "--from", "2026-12-07", "--to", "2026-12-13", "--format", "json", Now);
        Assert.Equal("completed", JsonDocument.Parse(after).RootElement[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Plan_reports_a_grid_nobody_covers_and_replanning_adds_nothing()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();

        var (code, output, _) = await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        Assert.Equal(0, code);
        Assert.Contains("h4 (grid kd-1)", output);
        Assert.Contains("no-eligible-visitor", output);

        var (again, second, _) = await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        Assert.Equal(0, again);
        Assert.StartsWith("Planned 0 new visits (0 repaired, 0 removed)", second);
    }

    [Fact]
    public async Task Nothing_is_planned_before_the_day_now_says_it_is()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();

        await cli.RunAsync("plan", "--from", "2026-12-01", "--to", "2026-12-31", "--now", "2026-12-16T08:00+08:00");
        var (_, csv, _) = await cli.RunAsync("visits", "--from", "2026-12-01", "--to", "2026-12-31", "--format", "csv", "--now", "2026-12-16");

        var dates = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => DateOnly.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToList();
        // A fortnight on, with no outcomes recorded, every one of those visits is overdue.
        var (_, later, _) = await cli.RunAsync("plan", "--from", "2026-12-31", "--to", "2027-01-10", "--now", "2026-12-31");
        Assert.Contains($"Overdue: {dates.Count(d => d < new DateOnly(2026, 12, 31))} visit(s) past their day with no outcome", later);
        Assert.Contains(FormattableString.Invariant($"on {dates.Min():yyyy-MM-dd}."), later);
        Assert.NotEmpty(dates);
        Assert.All(dates, d => Assert.True(d >= new DateOnly(2026, 12, 16), $"{d} is before today"));
    }

    [Fact]
    public async Task A_file_with_bad_rows_imports_nothing_and_lists_every_bad_row()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        cli.Write("more.csv", "id,name,phone,role,grids,weekly_capacity\nv9,周杰,13800138009,grid-member,xs-1,10\nv10,吴磊,12345,grid-member,xs-1,10\nv11,郑爽,13800138011,grid-member,nowhere,-2\n");

        var (code, _, error) = await cli.RunAsync("import", "visitors", "more.csv");

        Assert.Equal(1, code);
        Assert.Contains("nothing imported", error);
        Assert.Contains("line 3, phone", error);
        Assert.Contains("line 4, grids", error);
        Assert.Contains("line 4, weekly_capacity", error);
        var (unknown, _, why) = await cli.RunAsync("visits", "--visitor", "v9", Now);
        Assert.Equal(1, unknown);
        Assert.Contains("Unknown visitor 'v9'", why);
    }

    [Fact]
    public async Task An_oversized_cell_in_row_201_of_250_is_the_files_fault_and_stores_no_visitor()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        var rows = Enumerable.Range(1, 250).Select(i => FormattableString.Invariant($"w{i},访问员{i},1380013{i:D4},grid-member,xs-1,10,{(i == 201 ? new string('x', 100_000) : "v1")}"));
        cli.Write("big.csv", "id,name,phone,role,grids,weekly_capacity,supervisor\n" + string.Join('\n', rows) + "\n");

        var (code, _, error) = await cli.RunAsync("import", "visitors", "big.csv");

        Assert.Equal(1, code);
        Assert.Contains("line 202, supervisor: supervisor has 100,000 characters, more than the 64 it may hold: shorten it", error);
        Assert.DoesNotContain("storage", error, StringComparison.OrdinalIgnoreCase);
        Assert.True(error.Length < 2_000, "the error quotes the cell");
        var (unknown, _, _) = await cli.RunAsync("visits", "--visitor", "w1", Now);
        Assert.Equal(1, unknown);
    }

    [Fact]
    public async Task A_household_that_moves_grid_is_planned_only_in_its_new_grid_and_its_id_stays_its_own()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        cli.Write("moved.csv", "id,address,grid,tags,head_name\nh1,仙山社区5号楼301,xs-2,elderly-alone,张大爷\n");
        cli.Write("clash.csv", "id,name,grid\ne9,仙山食品二厂,xs-1\nh2,仙山建材有限公司,xs-1\n");

        var moved = await cli.RunAsync("import", "households", "moved.csv");
        var clash = await cli.RunAsync("import", "enterprises", "clash.csv");
        await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        var (_, json, _) = await cli.RunAsync("visits", "--from", "2026-12-07", "--to", "2027-01-03", "--format", "json", Now);

        Assert.Equal(0, moved.Code);
        Assert.Contains("line 2, grid: 'h1' moves from grid xs-1 to xs-2", moved.Out);
        Assert.Equal(1, clash.Code);
        Assert.Contains("line 3, id: id 'h2' is already the household '仙山社区1号楼102' in grid xs-1", clash.Error);
        Assert.Contains("nothing imported", clash.Error);
        var h1 = JsonDocument.Parse(json).RootElement.EnumerateArray().Where(v => v.GetProperty("targetId").GetString() == "h1").ToList();
        Assert.NotEmpty(h1);
        Assert.All(h1, v => Assert.Equal("xs-2", v.GetProperty("grid").GetString()));
    }

    [Fact]
    public async Task Bad_arguments_exit_1_with_the_fix()
    {
        var cli = CliRun.In(azurite);

        var kind = await cli.RunAsync("import", "people", "x.csv");
        var date = await cli.RunAsync("plan", "--from", "2026-13-01", "--to", "2026-12-31");
        var now = await cli.RunAsync("visits", "--now", "yesterday");
        var missing = await cli.RunAsync("import", "grids", "missing.csv");

        Assert.Equal((1, 1, 1, 1), (kind.Code, date.Code, now.Code, missing.Code));
        Assert.Contains("use one of grids|visitors|enterprises|households|policies|calendar", kind.Error);
        Assert.Contains("--from '2026-13-01' is not a date: use YYYY-MM-DD", date.Error);
        Assert.Contains("--now 'yesterday' is not a date-time", now.Error);
        Assert.Contains("File 'missing.csv' not found", missing.Error);
    }

    [Fact]
    public async Task A_gbk_file_from_excel_is_refused_with_the_fix()
    {
        var cli = CliRun.In(azurite);
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        File.WriteAllBytes(Path.Combine(cli.Folder, "grids.csv"), System.Text.Encoding.GetEncoding("GBK").GetBytes("id,name,area\nxs-1,仙山一网格,仙山社区\n"));

        var (code, _, error) = await cli.RunAsync("import", "grids", "grids.csv");

        Assert.Equal(1, code);
        Assert.Contains("is not UTF-8", error);
        Assert.Contains("CSV UTF-8", error);
        var (_, _, unknown) = await cli.RunAsync("visits", "--grid", "xs-1", Now);
        Assert.Contains("Unknown grid 'xs-1'", unknown);
    }

    [Fact]
    public async Task Planning_a_range_that_ended_before_today_is_refused()
    {
        var cli = CliRun.In(azurite);

        var (code, _, error) = await cli.RunAsync("plan", "--from", "2026-11-01", "--to", "2026-11-30", Now);

        Assert.Equal(1, code);
        Assert.Contains("--to 2026-11-30 is before today (2026-12-07)", error);
    }

    [Fact]
    public async Task Unreachable_storage_is_one_line_naming_the_endpoint_and_exit_2()
    {
        var port = AzuriteFixture.ClosedPort();
        var storage = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        var cli = new CliRun(storage, Directory.CreateTempSubdirectory().FullName);

        var (code, output, error) = await cli.RunAsync("visits", Now);

        Assert.Equal(2, code);
        Assert.Contains($"127.0.0.1:{port}", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", error + output);
    }

    [Fact]
    public async Task The_demo_imports_the_samples_and_prints_a_schedule()
    {
        var cli = CliRun.In(azurite);

        var (code, output, error) = await cli.RunAsync("demo", Now);

        Assert.True(code == 0, error);
        Assert.Contains("Imported 220 enterprises", output);
        Assert.Contains("Planning 4 weeks: 2026-12-07 周一 to 2027-01-03 周日", output);
        Assert.Contains("次走访", output);
        Assert.Contains("仙山社区", output);
        // The points history of samples/: a passbook earned over six weeks, one item exchanged, one entry corrected.
        Assert.Contains("Imported 7 points-rules", output);
        Assert.Contains("Points passbooks (积分存折) of 3 households; lg-h-0004's", output);
        Assert.Contains("lg-h-0004 仙山社区1号楼1单元501 (lg-xs-01): balance 5, 10 entries.", output);
        Assert.Contains("lg-h-0004~10", output);
        Assert.Matches("The household's own passbook page: \\S+/v/\\S+\\?show=passbook", output);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task The_demo_shows_requests_dispatched_resolved_and_rated_and_a_second_run_does_nothing_twice()
    {
        var cli = CliRun.In(azurite);

        var (code, output, error) = await cli.RunAsync("demo", Now);
        var again = await cli.RunAsync("demo", Now);
        var (_, json, _) = await cli.RunAsync("problems", "--format", "json", Now);
        var (_, report, _) = await cli.RunAsync("report", "problems", "--from", "2026-12-07", "--to", "2026-12-07", "--format", "json", Now);

        Assert.True(code == 0, error);
        var requests = output[output.IndexOf("Requests placed through the targets' own links", StringComparison.Ordinal)..];
        Assert.Contains("东方包装科技有限公司 [用工招聘] evaluated, rated 5 by the requester", requests);
        Assert.Contains("[生活困难] returned, not solved (不满意): 卫生间的水管还在漏。", requests);
        Assert.Contains("[道路设施] resolved, waiting for the requester's rating", requests);
        Assert.Contains("[政策咨询] reported", requests);
        Assert.Matches(@"bh-e-001's request page \(place a request, see earlier ones\): http://localhost:7071/v/\S+", requests);
        Assert.Matches(@"lg-h-0004's fix waiting for its rating \(rate it, or say it is not solved\): http://localhost:7071/v/\S+", requests);
        Assert.True(again.Code == 0, again.Error);
        Assert.Equal(requests, again.Out[again.Out.IndexOf("Requests placed through the targets' own links", StringComparison.Ordinal)..]);
        var sources = JsonDocument.Parse(json).RootElement.EnumerateArray().Select(p => p.GetProperty("source").GetString()).ToList();
        Assert.Equal(5, sources.Count(s => s == "request"));
        var satisfaction = JsonDocument.Parse(report).RootElement;
        var request = satisfaction.GetProperty("bySource").EnumerateArray().Single(s => s.GetProperty("source").GetString() == "request");
        // Two rated by their requesters (5 and 4), one said not solved: 1 不满意 of 3 verdicts.
        Assert.Equal((2, 2, 1, 0.3333, 4.5), (request.GetProperty("evaluated").GetInt32(), request.GetProperty("byRequester").GetInt32(),
            request.GetProperty("dissatisfied").GetInt32(), request.GetProperty("dissatisfiedRate").GetDouble(), request.GetProperty("averageRating").GetDouble()));
        Assert.Equal(0.3333, satisfaction.GetProperty("dissatisfiedRate").GetDouble());
    }

    [Fact]
    public async Task A_coordinator_lists_problems_and_moves_one_on_and_a_refused_step_exits_1_with_the_reason()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2026-12-20", Now);
        var (_, visitsJson, _) = await cli.RunAsync("visits", "--target", "h1", "--from", "2026-12-07", "--to", "2026-12-13", "--format", "json", Now);
        var visit = JsonDocument.Parse(visitsJson).RootElement[0];
        var visitId = visit.GetProperty("id").GetString()!;
        var late = $"--now={visit.GetProperty("date").GetString()}T20:00";
        var at = $"--at={visit.GetProperty("date").GetString()}T10:30";
        Assert.Equal(0, (await cli.RunAsync("record", visitId, "--status", "completed", at, "--problem", "住房:屋顶漏水", "--problem", "医疗:行动不便需上门", late)).Code);

        var (listed, json, _) = await cli.RunAsync("problems", "--format", "json", late);
        Assert.Equal(0, listed);
        var problems = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, problems.Count);
        foreach (var problem in problems)
        {
            Assert.Equal(visitId, problem.GetProperty("visitId").GetString());
            Assert.Equal(("h1", "reported"), (problem.GetProperty("targetId").GetString(), problem.GetProperty("status").GetString()));
            Assert.Equal(JsonValueKind.Null, problem.GetProperty("department").ValueKind);
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("category").GetString()));
        }
        var id = problems[0].GetProperty("id").GetString()!;

        var dispatched = await cli.RunAsync("problem", "dispatch", id, "--department", "housing", "--due-days", "5", late);
        var accepted = await cli.RunAsync("problem", "accept", id, late);
        var refused = await cli.RunAsync("problem", "evaluate", id, "--rating", "5", late);
        var badRating = await cli.RunAsync("problem", "evaluate", id, "--rating", "9", late);
        var missing = await cli.RunAsync("problem", "dispatch", problems[1].GetProperty("id").GetString()!, "--due-days", "0", late);
        var unknown = await cli.RunAsync("problem", "accept", "xs-1~20261207~h1~9", late);

        Assert.Equal((0, 0), (dispatched.Code, accepted.Code));
        Assert.Contains(id + ": dispatched (to housing, 5 day(s) from acceptance).", dispatched.Out);
        Assert.Equal((1, 1, 1, 1), (refused.Code, badRating.Code, missing.Code, unknown.Code));
        Assert.Contains("only resolve or return is allowed now", refused.Error);
        Assert.Contains("--rating: rating must be 1 to 5, not 9", badRating.Error);
        Assert.Contains("--department is required for dispatch.", missing.Error);
        Assert.Contains("--due-days: dueDays must be 1 to 365, not 0", missing.Error);
        Assert.Contains("No problem xs-1~20261207~h1~9", unknown.Error);
        var (_, csv, _) = await cli.RunAsync("problems", "--status", "accepted", "--department", "housing", "--format", "csv", late);
        var rows = csv.Trim().Split('\n');
        Assert.Equal(2, rows.Length);
        Assert.StartsWith(id + "," + visitId + ",xs-1,h1,住房,normal,accepted,housing,", rows[1]);
        var (badStatus, _, statusError) = await cli.RunAsync("problems", "--status", "open", late);
        Assert.Equal(1, badStatus);
        Assert.Contains("--status 'open' is unknown", statusError);
    }

    [Fact]
    public async Task With_departments_imported_a_dispatch_writes_the_notice_and_an_unknown_department_exits_1()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        cli.Write("departments.csv", "id,name,phone,contact_name\nhousing,住建局,151 6532 8760,吴强\nurban-management,城管科,+8613953621408,\n");
        var imported = await cli.RunAsync("import", "departments", "departments.csv", Now);
        cli.Write("bad.csv", "id,name,phone\nhousing,住建局,010-65529988\n");
        var bad = await cli.RunAsync("import", "departments", "bad.csv", Now);
        await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2026-12-20", Now);
        var (_, visitsJson, _) = await cli.RunAsync("visits", "--target", "h1", "--from", "2026-12-07", "--to", "2026-12-13", "--format", "json", Now);
        var visit = JsonDocument.Parse(visitsJson).RootElement[0];
        var late = $"--now={visit.GetProperty("date").GetString()}T20:00";
        await cli.RunAsync("record", visit.GetProperty("id").GetString()!, "--status", "completed", $"--at={visit.GetProperty("date").GetString()}T10:30", "--problem", "住房:屋顶漏水", late);
        var id = JsonDocument.Parse((await cli.RunAsync("problems", "--format", "json", late)).Out).RootElement[0].GetProperty("id").GetString()!;

        var unknown = await cli.RunAsync("problem", "dispatch", id, "--department", "housing-bureau", "--due-days", "5", late);
        var dispatched = await cli.RunAsync("problem", "dispatch", id, "--department", "housing", "--due-days", "5", late);
        var outbox = await cli.RunAsync("outbox", late);

        Assert.Equal((0, 1), (imported.Code, bad.Code));
        Assert.Contains("Imported 2 departments", imported.Out);
        Assert.Contains("line 2, phone: phone '010-65529988' is not a mobile number", bad.Error);
        Assert.Equal((1, 0), (unknown.Code, dispatched.Code));
        Assert.Contains("department 'housing-bureau' is not in the roster: use one of housing, urban-management, or add it to departments.csv", unknown.Error);
        Assert.Contains("dispatch-notice", outbox.Out);
        Assert.Contains("+86151****8760", outbox.Out);
        Assert.Contains("【问题派发】住建局", outbox.Out);
        Assert.DoesNotContain("15165328760", outbox.Out);
    }
}
