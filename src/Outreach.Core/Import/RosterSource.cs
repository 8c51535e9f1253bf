using System.Globalization;
using System.Text.RegularExpressions;

namespace Outreach.Import;

/// <summary>
/// The rows of one roster file: a CSV text, or one sheet of a workbook. Both are read into the same records, so
/// every column rule, limit and error of <see cref="RosterImporter"/> is the same for either.
/// </summary>
public abstract class RosterSource
{
    /// <summary>The header and data rows as text records; problems of the source itself go to <paramref name="log"/>.</summary>
    internal abstract IEnumerable<CsvRecord> Records(Columns columns, IssueLog log);

    /// <summary>What the first line is called in messages: the header is "line 1" of a CSV file, "row 1" of a sheet.</summary>
    internal abstract string EmptyMessage(string kind, Columns columns);

    internal abstract string TooWideMessage(int values, int width);

    /// <summary>A UTF-8 CSV text with a header line.</summary>
    public static RosterSource Csv(TextReader reader) => new CsvSource(reader);

    /// <summary>One worksheet, its first non-empty row the header.</summary>
    public static RosterSource Sheet(string name, IEnumerable<SheetRow> rows) => new SheetSource(name, rows);

    public static implicit operator RosterSource(TextReader reader) => Csv(reader);

    private sealed class CsvSource(TextReader reader) : RosterSource
    {
        internal override IEnumerable<CsvRecord> Records(Columns columns, IssueLog log) => CsvRecords.Read(reader);

        internal override string EmptyMessage(string kind, Columns columns) =>
            $"the file is empty: the first line must be the header, e.g. {string.Join(',', columns.Required)}";

        internal override string TooWideMessage(int values, int width) =>
            $"this row has {values} values but the header has {width} columns: wrap values that contain commas in double quotes, or remove the extra values";
    }
}

/// <summary>
/// A worksheet read as CSV records. Cells become the text a coordinator typed: numbers without exponent or grouping
/// (a phone stored as the number 13800138000 is exact in a double), dates as <c>YYYY-MM-DD</c>. What cannot be
/// read back as typed is an error naming the cell: a formula, an error value, and a phone Excel already turned
/// into text such as <c>1.38E+10</c>, whose digits are lost.
/// </summary>
internal sealed partial class SheetSource(string name, IEnumerable<SheetRow> rows) : RosterSource
{
    public string Name { get; } = name;

    internal override IEnumerable<CsvRecord> Records(Columns columns, IssueLog log)
    {
        log.InSheet = true;
        string[]? header = null;
        var headerRow = 0;
        foreach (var row in rows)
        {
            if (header is null)
            {
                if (row.Cells.All(c => c.Kind == SheetCellKind.Empty))
                {
                    continue;
                }
                header = row.Cells.Select(c => c.Kind == SheetCellKind.Empty ? "" : Text(c)).ToArray();
                headerRow = row.Number;
                var names = header.Select(h => h.Trim()).ToArray();
                log.CellOf = column => Array.FindIndex(names, h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
                    ? SheetColumns.Letters(i)
                    : null;
                yield return new CsvRecord(row.Number, header, null);
                continue;
            }
            if (row.Number == headerRow + 1 && ImportTemplate.IsNotesRow(columns, header, row.Cells))
            {
                continue; // the template's second header row, the column notes
            }
            if (Fields(row, header, log) is { } fields)
            {
                yield return new CsvRecord(row.Number, fields, null);
            }
        }
    }

    internal override string EmptyMessage(string kind, Columns columns) =>
        $"sheet '{Name}' is empty: its first row must be the header, e.g. {string.Join(' ', columns.Required)}, one column each";

    internal override string TooWideMessage(int values, int width) =>
        $"this row has values in {values - width} column(s) right of the header's last: give them a header or delete them";

    /// <summary>The row's cells as text, or null when a cell cannot be read as typed (each such cell is logged).</summary>
    private static string[]? Fields(SheetRow row, string[] header, IssueLog log)
    {
        var fields = new string[row.Cells.Count];
        var ok = true;
        for (var i = 0; i < fields.Length; i++)
        {
            var cell = row.Cells[i];
            var column = i < header.Length && header[i].Trim().Length > 0 ? header[i].Trim() : null;
            var reference = SheetColumns.Letters(i) + row.Number.ToString(CultureInfo.InvariantCulture);
            switch (cell.Kind)
            {
                case SheetCellKind.Formula:
                    // A shared formula's other cells carry no text of their own.
                    var formula = string.IsNullOrEmpty(cell.Text) ? "" : $" (={cell.Text})";
                    log.Error(row.Number, column, $"cell {reference} holds a formula{formula}: a roster holds values; copy the column and paste it back as values only (选择性粘贴 → 数值)");
                    ok = false;
                    break;
                case SheetCellKind.Error:
                    log.Error(row.Number, column, $"cell {reference} holds the error {cell.Text}: type the value itself");
                    ok = false;
                    break;
                case SheetCellKind.Text when column is not null && IsPhoneColumn(column) && Exponent().IsMatch(cell.Text!.Trim()):
                    log.Error(row.Number, column, $"cell {reference} holds '{cell.Text!.Trim()}', a phone number Excel has already rounded, so its digits are lost: format the column as text (设置单元格格式 → 文本) and type the number again");
                    ok = false;
                    break;
                default:
                    fields[i] = Text(cell);
                    break;
            }
        }
        return ok ? fields : null;
    }

    private static bool IsPhoneColumn(string column) => column.Contains("phone", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text a coordinator typed into the cell.</summary>
    internal static string Text(SheetCell cell) => cell.Kind switch
    {
        SheetCellKind.Text or SheetCellKind.Formula or SheetCellKind.Error => cell.Text ?? "",
        // "R" would write 1.38E+10 for large numbers; a fixed format never uses an exponent and keeps 15 significant digits.
        SheetCellKind.Number => cell.Number.ToString(Math.Abs(cell.Number) < 1e15 ? "0.###############" : "0", CultureInfo.InvariantCulture),
        SheetCellKind.Date => cell.Date.TimeOfDay == TimeSpan.Zero
            ? cell.Date.ToString(CsvRow.DateFormat, CultureInfo.InvariantCulture)
            : cell.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        SheetCellKind.Boolean => cell.Number != 0 ? "yes" : "no",
        _ => "",
    };

    [GeneratedRegex(@"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex Exponent();
}
