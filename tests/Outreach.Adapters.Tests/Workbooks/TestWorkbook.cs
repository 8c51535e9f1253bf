using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Outreach.Adapters.Tests.Workbooks;

/// <summary>
/// Builds small workbooks cell by cell with the OpenXml DOM, for what <see cref="XlsxWriter"/> never writes: formulas,
/// shared strings, text that looks like a number, error values.
/// </summary>
internal static class TestWorkbook
{
    /// <summary>A cell: a string is shared text, "=…" a formula, "#…" an error, a double a number.</summary>
    public static string Write(string folder, string name, params (string Sheet, object?[][] Rows)[] sheets)
    {
        var path = Path.Combine(folder, name);
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var strings = workbook.AddNewPart<SharedStringTablePart>();
        strings.SharedStringTable = new SharedStringTable();
        var list = new Sheets();
        uint id = 1;
        foreach (var (sheetName, rows) in sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)r + 1 };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = Import.SheetColumns.Letters(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                    switch (rows[r][c])
                    {
                        case null:
                            break;
                        case string s when s.StartsWith('='):
                            row.Append(new Cell(new CellFormula(s[1..]), new CellValue("42")) { CellReference = reference });
                            break;
                        case string s when s.StartsWith('#'):
                            row.Append(new Cell(new CellValue(s)) { CellReference = reference, DataType = CellValues.Error });
                            break;
                        case string s:
                            strings.SharedStringTable.Append(new SharedStringItem(new Text(s)));
                            var index = strings.SharedStringTable.Count() - 1;
                            row.Append(new Cell(new CellValue(index.ToString(CultureInfo.InvariantCulture))) { CellReference = reference, DataType = CellValues.SharedString });
                            break;
                        case double d:
                            row.Append(new Cell(new CellValue(d.ToString("R", CultureInfo.InvariantCulture))) { CellReference = reference });
                            break;
                    }
                }
                data.Append(row);
            }
            part.Worksheet = new Worksheet(data);
            list.Append(new Sheet { Name = sheetName, SheetId = id++, Id = workbook.GetIdOfPart(part) });
        }
        workbook.Workbook = new Workbook(list);
        return path;
    }
}
