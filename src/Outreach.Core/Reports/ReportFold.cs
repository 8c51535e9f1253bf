namespace Outreach.Reports;

/// <summary>
/// A report computed grid by grid: each grid's slice of <see cref="ReportData"/> is added and then dropped, so a
/// city-wide report holds one grid's rows and the figures so far, never the whole city.
/// </summary>
/// <remarks>
/// An accumulator is created from the report's scope (period, today, grids, visitors, policies: a
/// <see cref="ReportData"/> whose targets, visits and problems are ignored). Adding the grids one at a time gives
/// the same report as adding them all at once, as long as a target id belongs to one grid.
/// </remarks>
public interface IReportFold<out T>
{
    /// <summary>Folds in the targets, visits and problems of <paramref name="slice"/> (one grid, or several).</summary>
    void Add(ReportData slice);

    /// <summary>The report of everything added so far.</summary>
    T Result();
}

/// <summary>How far a report has read: grids folded in so far, of the grids reported.</summary>
public sealed record ReportProgress(int GridsDone, int GridsTotal, string Grid);

internal static class ReportFold
{
    /// <summary>The report of one slice: what <c>Compute</c> does on data already in memory.</summary>
    public static T Over<T>(IReportFold<T> fold, ReportData data)
    {
        fold.Add(data);
        return fold.Result();
    }
}
