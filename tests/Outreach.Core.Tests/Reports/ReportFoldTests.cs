using System.Text.Json;
using Outreach.Reports;
using static Outreach.Core.Tests.Reports.ReportFixture;

namespace Outreach.Core.Tests.Reports;

/// <summary>The service folds one grid at a time; every report must come out as if computed over everything at once.</summary>
public class ReportFoldTests
{
    [Fact]
    public void Folding_grid_by_grid_gives_the_same_reports_as_one_pass()
    {
        var data = Data();

        Assert.Equal(Json(CoverageReport.Compute(data)), Json(GridByGrid(new CoverageReport.Accumulator(data), data)));
        Assert.Equal(Json(VisitorReport.Compute(data)), Json(GridByGrid(new VisitorReport.Accumulator(data), data)));
        Assert.Equal(Json(ProblemReport.Compute(data, Now)), Json(GridByGrid(new ProblemReport.Accumulator(data, Now), data)));
        Assert.Equal(Json(Dashboard.Compute(data, Now)), Json(GridByGrid(new Dashboard.Accumulator(data, Now), data)));
    }

    [Fact]
    public void The_order_of_the_grids_does_not_change_a_report()
    {
        var data = Data();
        var reversed = data with { Grids = [.. data.Grids.Reverse()] };

        Assert.Equal(Json(Dashboard.Compute(data, Now)), Json(GridByGrid(new Dashboard.Accumulator(reversed, Now), reversed)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void A_late_limit_keeps_the_longest_late_targets_in_order_and_counts_them_all(int limit)
    {
        var data = Data();
        var all = CoverageReport.Compute(data);

        var first = GridByGrid(new CoverageReport.Accumulator(data, limit), data);

        // h3 (no visit), e4 (22 days), e1 (4 days): from three grids, so the kept ones cross slices.
        Assert.Equal(all.Late.Take(limit).Select(l => l.TargetId), first.Late.Select(l => l.TargetId));
        Assert.Equal((3, 3), (all.LateNow, first.LateNow));
        Assert.Equal(Json(all with { Late = [] }), Json(first with { Late = [] }));
    }

    /// <summary>Adds the data one grid at a time, in the scope's grid order, as <see cref="ReportService"/> does.</summary>
    private static T GridByGrid<T>(IReportFold<T> fold, ReportData data)
    {
        foreach (var grid in data.Grids)
        {
            fold.Add(data with
            {
                Targets = [.. data.Targets.Where(t => t.Grid == grid.Id)],
                Visits = [.. data.Visits.Where(v => v.Grid == grid.Id)],
                Problems = [.. data.Problems.Where(p => p.Grid == grid.Id)],
            });
        }
        return fold.Result();
    }

    private static string Json<T>(T report) => JsonSerializer.Serialize(report);
}
