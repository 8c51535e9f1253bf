using Microsoft.Extensions.Time.Testing;
using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Reports;
using Outreach.Roster;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Reports;

/// <summary>The report service over the stores: it reads grid by grid, says so, and each grid looks back on its own.</summary>
public sealed class ReportServiceTests
{
    private static readonly ReportPeriod Week = new(new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 13));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 14, 9, 0, 0, ChinaTime.Offset));

    [Fact]
    public async Task Progress_is_reported_after_every_grid_in_roster_order()
    {
        var service = await SeedAsync();
        var city = new List<ReportProgress>();
        var one = new List<ReportProgress>();

        await service.CoverageAsync(Week, progress: new Recorder(city));
        await service.DashboardAsync(Week, "g2", new Recorder(one));

        Assert.Equal([new(1, 3, "g1"), new(2, 3, "g2"), new(3, 3, "g3")], city);
        Assert.Equal([new ReportProgress(1, 1, "g2")], one);
    }

    [Fact]
    public async Task A_grid_looks_back_by_its_own_longest_interval_alone_or_with_the_city()
    {
        var service = await SeedAsync();

        var city = await service.CoverageAsync(Week);
        var alone = await service.CoverageAsync(Week, "g1");

        // h1 (weekly) was last visited 20 days before the week: beyond its grid's look-back of 7 days, though g2's
        // 90-day household would reach it. Read grid by grid, g1 shows the same whether reported alone or not.
        var h1 = Assert.Single(city.Late, l => l.TargetId == "h1");
        Assert.Equal((null, null, new DateOnly(2026, 12, 9)), (h1.LastVisited, h1.DaysLate, h1.NextPlanned));
        Assert.Equal(Assert.Single(alone.Late).ToString(), h1.ToString());
        Assert.Equal(city.ByGrid.Single(g => g.Grid == "g1"), Assert.Single(alone.ByGrid));
    }

    private async Task<ReportService> SeedAsync()
    {
        var stores = new InMemoryStores();
        await stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山"), new Grid("g2", "仙山二网格", "仙山"), new Grid("g3", "凯地一网格", "凯地")]);
        await stores.Roster.SaveVisitorsAsync([
            new Visitor("v1", "王芳", "+8613800138001", "grid-member", ["g1"], 10, []),
            new Visitor("v2", "李强", "+8613800138002", "grid-member", ["g2"], 10, []),
        ]);
        await stores.Roster.SaveTargetsAsync([
            new Target("h1", TargetKind.Household, "仙山社区1号楼101", "g1", ["elderly-alone"]),
            new Target("h2", TargetKind.Household, "仙山社区2号楼101", "g2", []),
        ]);
        var before = Week.From.AddDays(-20);
        var planned = new DateOnly(2026, 12, 9);
        await stores.Visits.ApplyAsync([
            new Visit("h1", TargetKind.Household, "g1", before, ["v1"], 3, before, before.AddDays(6), before, VisitStatus.Completed, before),
            new Visit("h1", TargetKind.Household, "g1", planned, ["v1"], 4, planned.AddDays(-2), planned.AddDays(4), planned),
            new Visit("h2", TargetKind.Household, "g2", planned, ["v2"], 0, Week.From, Week.From.AddDays(89), planned),
        ], []);
        return new ReportService(stores.Roster, stores.Visits, stores.Problems, _clock);
    }

    private sealed class Recorder(List<ReportProgress> seen) : IProgress<ReportProgress>
    {
        public void Report(ReportProgress value) => seen.Add(value);
    }
}
