using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Outreach.Adapters.Workbooks;
using Outreach.Import;

namespace Outreach.Adapters.Tests.Workbooks;

public sealed class XlsxWorkbookTests : IDisposable
{
    private static readonly HashSet<string> Grids = ["xs-1", "bh-yg-01"];
    private readonly string _folder = Directory.CreateTempSubdirectory("outreach-xlsx-").FullName;

    private static string Flat(Roster.Target t) => (t with { Tags = [] }) + string.Join(";", t.Tags);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Workbooks", "Fixtures", name);

    [Fact]
    public void A_workbook_libreoffice_saved_from_csv_imports_phones_stored_as_numbers_without_losing_digits()
    {
        using var workbook = XlsxWorkbook.Open(Fixture("households-libreoffice.xlsx"), "households.xlsx");
        Assert.Equal(["households"], workbook.SheetNames);
        var phone = workbook.Rows("households").ElementAt(1).Cells[5];
        Assert.Equal(SheetCellKind.Number, phone.Kind);

        var result = RosterImporter.ReadHouseholds(RosterSource.Sheet("households", workbook.Rows("households")), Grids);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(["+8613038336248", "+8618304089590"], result.Rows.Select(h => h.Phone));
        Assert.Equal("仙山社区1号楼1单元102", result.Rows[0].Address);
        // The same rows as the CSV LibreOffice read, once its phones are given +86.
        var csv = RosterImporter.ReadHouseholds(new StringReader(File.ReadAllText(Fixture("households.csv"))), Grids);
        Assert.Equal(csv.Rows.Select(Flat), result.Rows.Select(Flat));
    }

    [Fact]
    public void A_workbook_libreoffice_saved_from_csv_imports_dates_stored_as_dates()
    {
        using var workbook = XlsxWorkbook.Open(Fixture("calendar-libreoffice.xlsx"), "calendar.xlsx");
        Assert.Equal(SheetCellKind.Date, workbook.Rows("calendar").ElementAt(1).Cells[0].Kind);

        var result = RosterImporter.ReadCalendar(RosterSource.Sheet("calendar", workbook.Rows("calendar")));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal([new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 7)], result.Rows.Select(e => e.Date));
    }

    [Fact]
    public void A_workbook_the_writer_wrote_reads_back_as_typed_text_numbers_and_dates()
    {
        var path = Path.Combine(_folder, "written.xlsx");
        XlsxWriter.Write(path, [new SheetTable("calendar", ["date", "kind", "name"], [[new DateOnly(2027, 1, 1), "holiday", "元旦"], [new DateOnly(2027, 2, 7), "workday", null]])]);
        var phones = Path.Combine(_folder, "visitors.xlsx");
        XlsxWriter.Write(phones, [new SheetTable("visitors", ["id", "name", "phone", "role", "grids", "weekly_capacity"], [["v1", "王芳", 13800138000d, "grid-member", "xs-1", 12]])]);

        using (var workbook = XlsxWorkbook.Open(path, "written.xlsx"))
        {
            var calendar = RosterImporter.ReadCalendar(RosterSource.Sheet("calendar", workbook.Rows("calendar")));
            Assert.True(calendar.Succeeded, string.Join("; ", calendar.Errors));
            Assert.Equal([new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 7)], calendar.Rows.Select(e => e.Date));
        }
        using (var workbook = XlsxWorkbook.Open(phones, "visitors.xlsx"))
        {
            var visitors = RosterImporter.ReadVisitors(RosterSource.Sheet("visitors", workbook.Rows("visitors")), Grids);
            Assert.True(visitors.Succeeded, string.Join("; ", visitors.Errors));
            Assert.Equal("+8613800138000", visitors.Rows[0].Phone);
            Assert.Equal(12, visitors.Rows[0].WeeklyCapacity);
        }
    }

    [Fact]
    public void A_phone_excel_already_turned_into_an_exponent_is_an_error_naming_the_cell_and_the_fix()
    {
        var path = TestWorkbook.Write(_folder, "exp.xlsx", ("visitors",
        [
            ["id", "name", "phone", "role", "grids"],
            ["v1", "王芳", "1.38E+10", "grid-member", "xs-1"],
            ["v2", "李强", 13800138002d, "grid-member", "xs-1"],
        ]));
        using var workbook = XlsxWorkbook.Open(path, "exp.xlsx");

        var result = RosterImporter.ReadVisitors(RosterSource.Sheet("visitors", workbook.Rows("visitors")), Grids);

        var error = Assert.Single(result.Errors);
        Assert.Empty(result.Rows);
        Assert.Equal("row 2, phone (cell C2): cell C2 holds '1.38E+10', a phone number Excel has already rounded, so its digits are lost: format the column as text (设置单元格格式 → 文本) and type the number again", error.ToString());
    }

    [Fact]
    public void Formulas_error_values_missing_columns_and_oversized_cells_are_errors_with_row_column_and_cell()
    {
        var path = TestWorkbook.Write(_folder, "bad.xlsx",
            ("enterprises",
            [
                ["id", "name", "grid"],
                ["e1", "=A2&\"公司\"", "xs-1"],
                ["e2", "#N/A", "xs-1"],
                ["e3", new string('厂', 101), "xs-1"],
            ]),
            ("grids", [["id", "name"], ["g1", "一网格"]]),
            ("empty", []));
        using var workbook = XlsxWorkbook.Open(path, "bad.xlsx");

        var enterprises = RosterImporter.ReadEnterprises(RosterSource.Sheet("enterprises", workbook.Rows("enterprises")), Grids);
        var grids = RosterImporter.ReadGrids(RosterSource.Sheet("grids", workbook.Rows("grids")));
        var empty = RosterImporter.ReadGrids(RosterSource.Sheet("empty", workbook.Rows("empty")));

        Assert.Empty(enterprises.Rows);
        Assert.Collection(enterprises.Errors,
            e => Assert.StartsWith("row 2, name (cell B2): cell B2 holds a formula (=A2&\"公司\"): a roster holds values", e.ToString(), StringComparison.Ordinal),
            e => Assert.StartsWith("row 3, name (cell B3): cell B3 holds the error #N/A", e.ToString(), StringComparison.Ordinal),
            e => Assert.Equal("row 4, name (cell B4): name has 101 characters, more than the 100 it may hold: shorten it", e.ToString()));
        Assert.Equal("row 1, area: the header has no 'area' column: grids sheets need the columns id,name,area", Assert.Single(grids.Errors).ToString());
        Assert.Equal("row 1: sheet 'empty' is empty: its first row must be the header, e.g. id name area, one column each", Assert.Single(empty.Errors).ToString());
    }

    [Theory]
    [InlineData("not a zip at all")]
    [InlineData("PK\u0003\u0004 a broken zip")]
    public void A_file_that_is_not_a_workbook_is_bad_input_saying_how_to_save_one(string content)
    {
        var path = Path.Combine(_folder, "roster.xlsx");
        File.WriteAllText(path, content);

        var error = Assert.Throws<BadInputException>(() => XlsxWorkbook.Open(path, "roster.xlsx"));

        Assert.Equal("roster.xlsx is not an Excel workbook (.xlsx): save it from Excel or WPS as 'Excel 工作簿 (*.xlsx)' (not .xls or .et), or give a UTF-8 CSV file.", error.Message);
    }

    [Fact]
    public void The_writer_freezes_the_header_fits_widths_and_stores_dates_as_dates()
    {
        var path = Path.Combine(_folder, "out.xlsx");
        XlsxWriter.Write(path,
        [
            new SheetTable("走访计划", ["日期 (date)", "对象名称 (target_name)", "轮次 (cycle)"], [[new DateOnly(2026, 12, 7), "山东卓越溴化工科技有限公司", 2]]),
            new SheetTable("按网格", ["grid"], []),
        ]);

        using var document = SpreadsheetDocument.Open(path, false);
        var workbook = document.WorkbookPart!;
        Assert.Equal(["走访计划", "按网格"], workbook.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        var sheet = ((WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().First().Id!)).Worksheet;
        var pane = sheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(1d, pane.VerticalSplit!.Value);
        var widths = sheet.Descendants<Column>().Select(c => c.Width!.Value).ToArray();
        Assert.Equal([14d, 28d, 14d], widths); // the widest cell + 2: a date 12, 13 Chinese characters 26, "轮次 (cycle)" 12
        var date = sheet.Descendants<Cell>().Single(c => c.CellReference == "A2");
        Assert.Null(date.DataType);
        Assert.Equal("46363", date.CellValue!.Text);
        var format = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)date.StyleIndex!.Value);
        Assert.Equal("yyyy-mm-dd", workbook.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().Single(f => f.NumberFormatId!.Value == format.NumberFormatId!.Value).FormatCode!.Value);
        using var reread = XlsxWorkbook.Open(path, "out.xlsx");
        Assert.Equal(SheetCell.OfDate(new DateTime(2026, 12, 7)), reread.Rows("走访计划").ElementAt(1).Cells[0]);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
