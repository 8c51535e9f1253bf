using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Outreach.Adapters.Workbooks;

/// <summary>
/// One worksheet to write: a header row and rows of values. Values are written as what they are: text, numbers,
/// <see cref="DateOnly"/> and <see cref="DateTime"/> as dates (shown <c>yyyy-mm-dd</c>), booleans; null is an empty cell.
/// </summary>
/// <param name="Name">The sheet's name (cut to 31 characters; <c>[]:*?/\</c> become <c>_</c>).</param>
public sealed record SheetTable(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>How many rows at the top stay in view when scrolling: the header, and in the template its notes.</summary>
    public int FrozenRows { get; init; } = 1;

    /// <summary>Formats every column as text, so what is typed later (a phone number, an id of digits) stays as typed.</summary>
    public bool TextColumns { get; init; }
}

/// <summary>
/// Writes workbooks with DocumentFormat.OpenXml's streaming <see cref="OpenXmlWriter"/>: a bold header row frozen in
/// view, column widths that fit the widest cell (a Chinese character counts two), dates as dates. Text is written
/// inline, so no shared-string table is held in memory.
/// </summary>
public static class XlsxWriter
{
    private const uint HeaderStyle = 1;
    private const uint DateStyle = 2;
    private const uint DateTimeStyle = 3;
    private const uint TextStyle = 4;
    private const uint DateWidth = 12;

    public static void Write(string path, IReadOnlyList<SheetTable> tables)
    {
        using var stream = File.Create(path);
        Write(stream, tables);
    }

    public static void Write(Stream stream, IReadOnlyList<SheetTable> tables)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
        var sheets = new Sheets();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        uint id = 1;
        foreach (var table in tables)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>();
            WriteSheet(part, table);
            sheets.Append(new Sheet { Name = UniqueName(table.Name, names), SheetId = id++, Id = workbookPart.GetIdOfPart(part) });
        }
        workbookPart.Workbook = new Workbook(sheets);
        workbookPart.Workbook.Save();
    }

    private static void WriteSheet(WorksheetPart part, SheetTable table)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        var view = new SheetView { WorkbookViewId = 0, TabSelected = false };
        if (table.FrozenRows > 0)
        {
            var topLeft = $"A{table.FrozenRows + 1}";
            view.Append(new Pane { VerticalSplit = table.FrozenRows, TopLeftCell = topLeft, State = PaneStateValues.Frozen, ActivePane = PaneValues.BottomLeft });
            view.Append(new Selection { Pane = PaneValues.BottomLeft, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } });
        }
        writer.WriteElement(new SheetViews(view));
        var widths = Widths(table);
        if (widths.Length > 0)
        {
            var columns = new DocumentFormat.OpenXml.Spreadsheet.Columns();
            for (var i = 0; i < widths.Length; i++)
            {
                var column = new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = widths[i], CustomWidth = true };
                if (table.TextColumns)
                {
                    column.Style = TextStyle;
                }
                columns.Append(column);
            }
            writer.WriteElement(columns);
        }
        writer.WriteStartElement(new SheetData());
        WriteRow(writer, 1, table.Header, HeaderStyle);
        var number = 2;
        foreach (var row in table.Rows)
        {
            WriteRow(writer, number++, row, table.TextColumns ? TextStyle : null);
        }
        writer.WriteEndElement(); // sheetData
        writer.WriteEndElement(); // worksheet
    }

    private static void WriteRow(OpenXmlWriter writer, int number, IReadOnlyList<object?> values, uint? style)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)number });
        for (var i = 0; i < values.Count; i++)
        {
            if (Cell(values[i], style) is { } cell)
            {
                cell.CellReference = Import.SheetColumns.Letters(i) + number.ToString(CultureInfo.InvariantCulture);
                writer.WriteElement(cell);
            }
        }
        writer.WriteEndElement();
    }

    private static Cell? Cell(object? value, uint? style) => value switch
    {
        null => null,
        string { Length: 0 } => null,
        string text => new Cell(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString, StyleIndex = style },
        DateOnly date => new Cell(new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture))) { StyleIndex = DateStyle },
        DateTime time => new Cell(new CellValue(time.ToOADate().ToString(CultureInfo.InvariantCulture))) { StyleIndex = time.TimeOfDay == TimeSpan.Zero ? DateStyle : DateTimeStyle },
        DateTimeOffset time => Cell(time.DateTime, style),
        bool flag => new Cell(new CellValue(flag ? "1" : "0")) { DataType = CellValues.Boolean },
        IFormattable number when value is int or long or double or decimal or float or short or uint =>
            new Cell(new CellValue(number.ToString(value is decimal ? null : "R", CultureInfo.InvariantCulture))),
        _ => Cell(Convert.ToString(value, CultureInfo.InvariantCulture), style),
    };

    /// <summary>Each column's width in characters: its widest cell, a CJK character counting two, between 6 and 60.</summary>
    private static double[] Widths(SheetTable table)
    {
        var count = Math.Max(table.Header.Count, table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r.Count));
        var widths = new double[count];
        void Measure(IReadOnlyList<object?> row)
        {
            for (var i = 0; i < row.Count; i++)
            {
                widths[i] = Math.Max(widths[i], row[i] switch
                {
                    null => 0,
                    DateOnly => DateWidth,
                    DateTime t => t.TimeOfDay == TimeSpan.Zero ? DateWidth : 17,
                    DateTimeOffset => 17,
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Length,
                    var other => DisplayWidth(Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""),
                });
            }
        }
        Measure(table.Header);
        foreach (var row in table.Rows)
        {
            Measure(row);
        }
        return widths.Select(w => Math.Clamp(w + 2, 6, 60)).ToArray();
    }

    /// <summary>Characters as a spreadsheet shows them: East Asian wide characters take two columns.</summary>
    public static int DisplayWidth(string text)
    {
        var width = 0;
        foreach (var c in text)
        {
            width += c is >= '\u1100' and (<= '\u115F' or >= '\u2E80') and (<= '\uA4CF' or >= '\uAC00') and (<= '\uD7A3' or >= '\uF900') and (<= '\uFAFF' or >= '\uFE30') and (<= '\uFE4F' or >= '\uFF00') and (<= '\uFF60' or >= '\uFFE0') and <= '\uFFE6' ? 2 : 1;
        }
        return width;
    }

    private static string UniqueName(string name, HashSet<string> taken)
    {
        var clean = new string(name.Select(c => "[]:*?/\\".Contains(c, StringComparison.Ordinal) ? '_' : c).ToArray()).Trim('\'').Trim();
        clean = clean.Length == 0 ? "Sheet" : clean[..Math.Min(clean.Length, 31)];
        var candidate = clean;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = clean[..Math.Min(clean.Length, 31 - suffix.Length)] + suffix;
        }
        return candidate;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd hh:mm" })
        { Count = 2 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true })
        { Count = 5 });
}
