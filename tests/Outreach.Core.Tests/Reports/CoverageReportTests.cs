using Outreach.Reports;
using static Outreach.Core.Tests.Reports.ReportFixture;

namespace Outreach.Core.Tests.Reports;

public class CoverageReportTests
{
    [Fact]
    public void December_coverage_matches_the_hand_count()
    {
        var report = CoverageReport.Compute(Data());

        // Counted: h1 h2 h3 e1 e2 e4 (e3 joins in January). Covered: h1 (every 6–7 days) and e2 (every 12–14 days).
        Assert.Equal((6, 2, 0.3333, 0), (report.Targets, report.VisitedInCadence, report.Ratio, report.NotYetPlanned));
        Assert.Equal(D(12, 31), report.Through);
        Assert.Equal(
            [new GridCoverage("g2", "凯地家园一网格", "凯地家园", 1, 0, 0), new GridCoverage("g3", "凯地家园二网格", "凯地家园", 1, 0, 0), new GridCoverage("g1", "仙山一网格", "仙山社区", 4, 2, 0.5)],
            report.ByGrid);
        Assert.Equal([new CoverageGroup("仙山社区", 4, 2, 0.5), new CoverageGroup("凯地家园", 2, 0, 0)], report.ByArea);
        Assert.Equal([new CoverageGroup("农化植保", 1, 0, 0)], report.ByChain);
        Assert.Equal([new CoverageGroup("enterprise", 3, 1, 0.3333), new CoverageGroup("household", 3, 1, 0.3333)], report.ByKind);
    }

    [Fact]
    public void Late_targets_come_longest_first_with_their_last_visit_and_who_is_planned_next()
    {
        var late = CoverageReport.Compute(Data()).Late;

        // h3 was never visited; e4's deadline was 10 December (22 days late on the 31st); e1, added on the 15th,
        // was due by the 28th (4 days). h2 missed a deadline mid-month but has caught up, so it is not late now.
        Assert.Equal(["h3", "e4", "e1"], late.Select(l => l.TargetId));
        Assert.Equal((null, null, null), (late[0].LastVisited, late[0].DaysLate, late[0].NextPlanned));
        Assert.Equal((D(11, 10), 22, new DateOnly(2027, 1, 8)), (late[1].LastVisited, late[1].DaysLate, late[1].NextPlanned));
        Assert.Equal(["王芳"], late[1].PlannedVisitorNames);
        Assert.Equal((null, 4, D(12, 22), 14), (late[2].LastVisited, late[2].DaysLate, late[2].NextPlanned, late[2].IntervalDays));
        Assert.Equal(["v2"], late[2].PlannedVisitorIds);
    }

    [Fact]
    public void A_week_without_a_visit_breaks_a_weekly_cadence_even_when_the_gap_is_a_holiday()
    {
        var data = Data();

        var h2 = Covered(data, "h2");
        var h2WithoutTheGap = Covered(data with { Visits = [.. data.Visits.Where(v => !(v.TargetId == "h2" && v.Date == D(12, 9))), Done7("h2", D(12, 8))] }, "h2");

        Assert.False(h2);
        Assert.True(h2WithoutTheGap);
    }

    [Theory]
    [InlineData(7, true)]
    [InlineData(8, false)]
    public void Visits_exactly_one_interval_apart_are_in_cadence(int gap, bool covered)
    {
        var from = D(12, 1);
        Assert.Equal(covered, CoverageReport.IsCovered([from, from.AddDays(gap), from.AddDays(2 * gap)], from, from.AddDays(2 * gap), 7));
    }

    [Fact]
    public void A_deadline_on_the_last_day_without_a_visit_is_late_and_one_the_day_after_is_not()
    {
        Assert.False(CoverageReport.IsCovered([D(12, 24)], D(12, 24), D(12, 31), 7));
        Assert.True(CoverageReport.IsCovered([D(12, 25)], D(12, 25), D(12, 31), 7));
    }

    [Fact]
    public void With_no_visits_only_targets_nobody_can_visit_count_and_they_are_late()
    {
        var report = CoverageReport.Compute(Data(visits: []));

        // g1 and g2 have visitors, so their six targets are simply not planned yet; h3's grid has nobody.
        Assert.Equal((1, 0, 0.0, 6), (report.Targets, report.VisitedInCadence, report.Ratio, report.NotYetPlanned));
        Assert.Equal(["h3"], report.Late.Select(l => l.TargetId));
        Assert.Null(report.Late[0].LastVisited);
    }

    [Fact]
    public void With_no_targets_the_ratio_is_absent_rather_than_zero()
    {
        var report = CoverageReport.Compute(Data() with { Targets = [] });

        Assert.Equal((0, (double?)null), (report.Targets, report.Ratio));
        Assert.All(report.ByGrid, g => Assert.Null(g.Ratio));
    }

    [Fact]
    public void A_period_running_into_today_is_judged_up_to_yesterday()
    {
        var report = CoverageReport.Compute(Data() with { AsOf = D(12, 20) });

        Assert.Equal(D(12, 19), report.Through);
        // e1's first window (15–28 December) is still open, so it is not late yet; e4 and h3 are, h2 still is.
        Assert.Equal(["h3", "e4"], report.Late.Select(l => l.TargetId));
        Assert.Equal(3, report.VisitedInCadence);
    }

    private static bool Covered(Outreach.Reports.ReportData data, string id) =>
        CoverageReport.Compute(data with { Targets = data.Targets.Where(t => t.Id == id).ToList() }).VisitedInCadence == 1;

    private static Outreach.Planning.Visit Done7(string target, DateOnly day) =>
        new(target, Outreach.Roster.TargetKind.Household, "g1", day, ["v1"], 3, day, day, day, Outreach.Planning.VisitStatus.Completed, day);
}
