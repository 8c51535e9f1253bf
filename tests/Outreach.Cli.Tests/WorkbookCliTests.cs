using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Outreach.Adapters;
using Outreach.Adapters.Workbooks;
using Outreach.Testing;
using Outreach.Testing.BadInput;

namespace Outreach.Cli.Tests;

/// <summary><c>import</c> of .xlsx workbooks, <c>import template</c>, and <c>--format xlsx --out</c> of visits and reports.</summary>
[Collection(AzuriteFixture.Collection)]
public class WorkbookCliTests(AzuriteFixture azurite)
{
    private const string Now = "--now=2026-12-07T09:00";

    private static string Fixture(string name) =>
        Path.Combine(AzuriteFixture.FindRepoRoot(), "tests", "Outreach.Adapters.Tests", "Workbooks", "Fixtures", name);

    [Fact]
    public async Task The_template_imports_as_written_and_import_all_takes_its_sheets_in_dependency_order()
    {
        var cli = CliRun.In(azurite);

        var (written, wrote, _) = await cli.RunAsync("import", "template", "roster.xlsx");
        var (code, output, error) = await cli.RunAsync("import", "all", "roster.xlsx");

        Assert.Equal(0, written);
        Assert.Contains("roster.xlsx", wrote);
        Assert.True(code == 0, error);
        Assert.Equal(
            [
                "Imported 1 grids from roster.xlsx sheet 'grids'.",
                "Imported 1 visitors from roster.xlsx sheet 'visitors'.",
                "Imported 1 enterprises from roster.xlsx sheet 'enterprises'.",
                "Imported 1 households from roster.xlsx sheet 'households'.",
                "Imported 1 policies from roster.xlsx sheet 'policies'.",
                "Imported 1 calendar entries from roster.xlsx sheet 'calendar'.",
                "Imported 1 departments from roster.xlsx sheet 'departments'.",
                "Imported 1 points-rules from roster.xlsx sheet 'points-rules'.",
                "Imported 1 points-items from roster.xlsx sheet 'points-items'.",
                "Imported roster.xlsx: grids 1, visitors 1, enterprises 1, households 1, policies 1, calendar 1, departments 1, points-rules 1, points-items 1.",
            ],
            output.TrimEnd().Split('\n'));
        Assert.Equal(0, (await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2026-12-31", Now)).Code);
        Assert.Contains("万通物流股份有限公司", (await cli.RunAsync("visits", "--format", "csv", "--from", "2026-12-07", "--to", "2026-12-31", Now)).Out);

        // The notes row stays in view under the header.
        using var document = SpreadsheetDocument.Open(Path.Combine(cli.Folder, "roster.xlsx"), false);
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["grids", "visitors", "enterprises", "households", "policies", "calendar", "departments", "points-rules", "points-items"], sheets);
        var grids = (WorksheetPart)document.WorkbookPart.GetPartById(document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        Assert.Equal(2d, grids.Worksheet.Descendants<Pane>().Single().VerticalSplit!.Value);
    }

    [Fact]
    public async Task A_sheet_libreoffice_saved_imports_with_phones_stored_as_numbers()
    {
        var cli = CliRun.In(azurite);
        cli.Write("grids.csv", "id,name,area\nxs-1,仙山一网格,仙山社区\n");
        Assert.Equal(0, (await cli.RunAsync("import", "grids", "grids.csv")).Code);
        File.Copy(Fixture("households-libreoffice.xlsx"), Path.Combine(cli.Folder, "住户.xlsx"));

        var (code, output, error) = await cli.RunAsync("import", "households", "住户.xlsx");

        Assert.True(code == 0, error);
        Assert.Equal("Imported 2 households from 住户.xlsx sheet 'households'.", output.Trim());
        var stored = await TableStores.Create(cli.Storage, cli.Prefix).Roster.GetTargetsAsync("xs-1");
        Assert.Equal(["+8613038336248", "+8618304089590"], stored.OrderBy(t => t.Id, StringComparer.Ordinal).Select(t => t.Phone));

        // A workbook saved under a .csv name is read as the workbook it is.
        File.Copy(Fixture("households-libreoffice.xlsx"), Path.Combine(cli.Folder, "households.csv"));
        Assert.Equal("Imported 2 households from households.csv sheet 'households'.", (await cli.RunAsync("import", "households", "households.csv")).Out.Trim());
    }

    [Fact]
    public async Task A_workbook_with_a_bad_row_stores_nothing_and_names_sheet_row_column_and_cell()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        var stores = TableStores.Create(cli.Storage, cli.Prefix);
        var before = await TableSnapshot.TakeAsync(stores.Service, cli.Prefix);
        var rows = Enumerable.Range(1, 250).Select(i => (IReadOnlyList<object?>)[$"n{i}", $"仙山社区{i}号", "xs-1", null, null, i == 201 ? "1.38E+10" : 13800000000d + i]).ToList();
        XlsxWriter.Write(Path.Combine(cli.Folder, "households.xlsx"), [new SheetTable("households", ["id", "address", "grid", "tags", "head_name", "phone"], rows)]);

        var (code, output, error) = await cli.RunAsync("import", "households", "households.xlsx");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal(
            [
                "households.xlsx sheet 'households': 1 problem(s), nothing imported:",
                "  row 202, phone (cell F202): cell F202 holds '1.38E+10', a phone number Excel has already rounded, so its digits are lost: format the column as text (设置单元格格式 → 文本) and type the number again",
            ],
            error.TrimEnd().Split('\n'));
        Assert.Equal(before, await TableSnapshot.TakeAsync(stores.Service, cli.Prefix));
    }

    [Fact]
    public async Task Import_all_refuses_a_bad_sheet_whole_and_still_imports_the_good_ones()
    {
        var cli = CliRun.In(azurite);
        XlsxWriter.Write(Path.Combine(cli.Folder, "roster.xlsx"),
        [
            new SheetTable("Visitors", ["id", "name", "phone", "role", "grids"], [["v1", "王芳", 13800138001d, "grid-member", "xs-1"], ["v2", "李强", "1.38E+10", "grid-member", "xs-1"]]),
            new SheetTable("grids", ["id", "name", "area"], [["xs-1", "仙山一网格", "仙山社区"]]),
            new SheetTable("说明", ["填写说明"], []),
        ]);

        var (code, output, error) = await cli.RunAsync("import", "all", "roster.xlsx");

        Assert.Equal(1, code);
        Assert.Equal(
            [
                "warning: roster.xlsx sheet '说明' is not a kind and is skipped: name the sheets grids, visitors, enterprises, households, policies, calendar, departments, points-rules, points-items.",
                "Imported 1 grids from roster.xlsx sheet 'grids'.",
                "roster.xlsx: 1 of 2 sheet(s) refused, nothing of those imported: grids 1, Visitors refused (1 problem(s)).",
            ],
            output.TrimEnd().Split('\n'));
        Assert.StartsWith("roster.xlsx sheet 'Visitors': 1 problem(s), nothing imported:\n  row 3, phone (cell C3): cell C3 holds '1.38E+10'", error, StringComparison.Ordinal);
        var stores = TableStores.Create(cli.Storage, cli.Prefix);
        Assert.Equal(["xs-1"], (await stores.Roster.GetGridsAsync()).Select(g => g.Id));
        Assert.Empty(await stores.Roster.GetVisitorsAsync());
    }

    [Fact]
    public async Task Wrong_sheet_names_an_empty_workbook_and_a_file_that_is_not_one_exit_1_with_one_line()
    {
        var cli = CliRun.In(azurite);
        XlsxWriter.Write(Path.Combine(cli.Folder, "two.xlsx"), [new SheetTable("网格", ["id"], []), new SheetTable("人员", ["id"], [])]);
        XlsxWriter.Write(Path.Combine(cli.Folder, "empty.xlsx"), [new SheetTable("Sheet1", [], [])]);
        cli.Write("fake.xlsx", "id,name,area\nxs-1,仙山一网格,仙山社区\n");
        cli.Write("old.xls", "not really");

        var named = await cli.RunAsync("import", "grids", "two.xlsx");
        var all = await cli.RunAsync("import", "all", "two.xlsx");
        var empty = await cli.RunAsync("import", "grids", "empty.xlsx");
        var fake = await cli.RunAsync("import", "grids", "fake.xlsx");
        var old = await cli.RunAsync("import", "grids", "old.xls");

        Assert.Equal((1, "two.xlsx has no sheet named 'grids' (its sheets: 网格, 人员): rename the sheet that holds the grids to grids, or import the whole workbook with import all two.xlsx."), (named.Code, named.Error.Trim()));
        Assert.Equal(1, all.Code);
        Assert.Contains("warning: two.xlsx sheet '网格' is not a kind and is skipped", all.Out);
        Assert.StartsWith("two.xlsx has no sheet named after a kind (its sheets: 网格, 人员)", all.Error);
        Assert.Equal(1, empty.Code);
        Assert.Contains("row 1: sheet 'Sheet1' is empty: its first row must be the header", empty.Error);
        Assert.Equal((1, "fake.xlsx is not an Excel workbook (.xlsx): save it from Excel or WPS as 'Excel 工作簿 (*.xlsx)' (not .xls or .et), or give a UTF-8 CSV file."), (fake.Code, fake.Error.Trim()));
        Assert.Equal(1, old.Code);
        Assert.Single(old.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", fake.Error + old.Error + named.Error + empty.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Visits_and_reports_export_a_workbook_with_one_sheet_per_table_chinese_headers_and_dates_as_dates()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        Assert.Equal(0, (await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now)).Code);

        var noOut = await cli.RunAsync("visits", "--format", "xlsx", Now);
        var visits = await cli.RunAsync("visits", "--format", "xlsx", "--out", "visits.xlsx", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        var coverage = await cli.RunAsync("report", "coverage", "--from", "2026-12-07", "--to", "2027-02-28", "--format", "xlsx", "--out", "coverage.xlsx", "--now=2027-02-28T09:00");
        var problems = await cli.RunAsync("report", "problems", "--from", "2026-12-07", "--to", "2027-01-03", "--format", "xlsx", Now);

        Assert.Equal((1, "--format xlsx writes a workbook: give the file to write with --out FILE.xlsx."), (noOut.Code, noOut.Error.Trim()));
        Assert.Equal(1, problems.Code);
        Assert.Contains("--out", problems.Error);
        Assert.True(visits.Code == 0, visits.Error);
        Assert.True(coverage.Code == 0, coverage.Error);

        using (var book = SpreadsheetDocument.Open(Path.Combine(cli.Folder, "visits.xlsx"), false))
        {
            var (names, sheet) = First(book);
            Assert.Equal(["走访计划"], names);
            Assert.Equal(["编号 (id)", "日期 (date)", "网格 (grid)", "对象编号 (target_id)", "对象类型 (target_kind)", "对象名称 (target_name)", "走访人员编号 (visitor_ids)", "走访人员 (visitor_names)", "轮次 (cycle)", "状态 (status)"], Row(sheet, 1));
            Assert.Equal(PaneStateValues.Frozen, sheet.Descendants<Pane>().Single().State!.Value);
            var date = sheet.Descendants<Cell>().Single(c => c.CellReference == "B2");
            Assert.Null(date.DataType); // a number with a date style, not text
            Assert.InRange(double.Parse(date.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), new DateTime(2026, 12, 7).ToOADate(), new DateTime(2027, 1, 3).ToOADate());
            Assert.Equal(14d, sheet.Descendants<Column>().ElementAt(1).Width!.Value);
        }
        using (var book = SpreadsheetDocument.Open(Path.Combine(cli.Folder, "coverage.xlsx"), false))
        {
            var (names, sheet) = First(book);
            Assert.Equal(["遍访与按期", "当前逾期"], names);
            Assert.Equal(
                ["范围 (scope)", "名称 (name)", "对象数 (targets)", "已走访 (visited)", "遍访率 (visited_ratio)", "到期窗口 (due)", "按期走访 (due_visited)", "按期率 (on_time_ratio)", "当前逾期 (late_now)", "未到期 (not_yet_due)"],
                Row(sheet, 1));
            Assert.Equal("all", Row(sheet, 2)[0]);
        }
    }

    [Theory]
    [InlineData("coverage")]
    [InlineData("visitors")]
    [InlineData("problems")]
    public async Task Every_column_of_every_report_sheet_has_a_chinese_header(string kind)
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        Assert.Equal(0, (await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now)).Code);

        var (code, _, error) = await cli.RunAsync("report", kind, "--from", "2026-12-07", "--to", "2026-12-31", "--format", "xlsx", "--out", "report.xlsx", "--now=2026-12-20T09:00");

        Assert.True(code == 0, error);
        using var book = SpreadsheetDocument.Open(Path.Combine(cli.Folder, "report.xlsx"), false);
        var workbook = book.WorkbookPart!;
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var header = Row(((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet, 1);
            Assert.All(header, h => Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}[^ ]* \([a-z_]+\)$", h));
        }
    }

    private static (List<string> Names, Worksheet First) First(SpreadsheetDocument book)
    {
        var workbook = book.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        return (sheets.Select(s => s.Name!.Value!).ToList(), ((WorksheetPart)workbook.GetPartById(sheets[0].Id!)).Worksheet);
    }

    private static List<string> Row(Worksheet sheet, int number) =>
        sheet.Descendants<Row>().Single(r => r.RowIndex!.Value == number).Elements<Cell>().Select(c => c.InnerText).ToList();
}
