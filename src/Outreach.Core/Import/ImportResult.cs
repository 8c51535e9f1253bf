namespace Outreach.Import;

/// <summary>
/// One problem in an imported file.
/// </summary>
/// <param name="Line">1-based physical line in the file (the header is line 1), or the worksheet's row number.</param>
/// <param name="Column">The column the problem is in, or null when it concerns the whole row or file.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record ImportIssue(int Line, string? Column, string Message)
{
    /// <summary>True when <see cref="Line"/> is a worksheet's row number.</summary>
    public bool InSheet { get; init; }

    /// <summary>The worksheet cell, e.g. <c>F12</c>, when the issue is in a known column of a worksheet.</summary>
    public string? Cell { get; init; }

    public override string ToString()
    {
        var where = InSheet ? $"row {Line}" : $"line {Line}";
        if (Column is not null)
        {
            where += Cell is null ? $", {Column}" : $", {Column} (cell {Cell})";
        }
        return $"{where}: {Message}";
    }
}

/// <summary>
/// The outcome of reading one file. All or nothing: <see cref="Rows"/> is empty whenever
/// <see cref="Errors"/> is not, and the errors list every bad row, not just the first.
/// </summary>
public sealed record ImportResult<T>(IReadOnlyList<T> Rows, IReadOnlyList<ImportIssue> Errors, IReadOnlyList<ImportIssue> Warnings)
{
    public bool Succeeded => Errors.Count == 0;
}
