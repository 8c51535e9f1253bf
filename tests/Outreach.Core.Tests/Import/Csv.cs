using Outreach.Import;

namespace Outreach.Core.Tests.Import;

/// <summary>Builds CSV text line by line so tests read like the file they import.</summary>
internal static class Csv
{
    public static StringReader Of(params string[] lines) => new(string.Join("\n", lines) + "\n");

    public static readonly IReadOnlySet<string> Grids = new HashSet<string>(StringComparer.Ordinal) { "g-01", "g-02" };

    /// <summary>The single issue on <paramref name="line"/>, asserted to name the column and a fix.</summary>
    public static ImportIssue Single<T>(ImportResult<T> result, int line, string? column, string fix)
    {
        Assert.Empty(result.Rows);
        var issue = Assert.Single(result.Errors, e => e.Line == line);
        Assert.Equal(column, issue.Column);
        Assert.Contains(fix, issue.Message, StringComparison.Ordinal);
        Assert.Contains(':', issue.Message);
        return issue;
    }
}
