namespace Outreach.Import;

/// <summary>What a workbook cell holds, as the workbook stores it.</summary>
public enum SheetCellKind
{
    Empty,
    Text,
    Number,
    Date,
    Boolean,

    /// <summary>A formula: <see cref="SheetCell.Text"/> is the formula, whatever value it last computed is not read.</summary>
    Formula,

    /// <summary>An error value such as <c>#N/A</c>, in <see cref="SheetCell.Text"/>.</summary>
    Error,
}

/// <summary>One workbook cell: text, a number, a date (with its time of day), a boolean, a formula or an error.</summary>
public readonly record struct SheetCell(SheetCellKind Kind, string? Text = null, double Number = 0, DateTime Date = default)
{
    public static SheetCell Empty => default;

    public static SheetCell OfText(string text) => new(SheetCellKind.Text, text);

    public static SheetCell OfNumber(double number) => new(SheetCellKind.Number, Number: number);

    public static SheetCell OfDate(DateTime date) => new(SheetCellKind.Date, Date: date);
}

/// <summary>One row of a worksheet: its 1-based row number and its cells by column (0 is column A).</summary>
public sealed record SheetRow(int Number, IReadOnlyList<SheetCell> Cells);

/// <summary>Spreadsheet cell references: column 0 is <c>A</c>, 26 is <c>AA</c>.</summary>
public static class SheetColumns
{
    public static string Letters(int column)
    {
        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }
        return letters;
    }

    /// <summary>The 0-based column of a reference such as <c>B12</c>, or -1 when it has no letters.</summary>
    public static int Index(ReadOnlySpan<char> reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }
        return i == 0 ? -1 : column - 1;
    }
}
