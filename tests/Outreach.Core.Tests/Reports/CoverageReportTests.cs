using CsCheck;
using Outreach.Planning;
using Outreach.Reports;
using Outreach.Roster;
using static Outreach.Core.Tests.Reports.ReportFixture;

namespace Outreach.Core.Tests.Reports;

public class CoverageReportTests
{
    [Fact]
    public void December_coverage_matches_the_hand_count()
    {
        var report = CoverageReport.Compute(Data());

        // Targets: h1 h2 h3 h5 e1 e2 e4 e5 = 8 (e3's first window opens in January: not on the roster in December;
        // h5, not planned yet, and e5, not due yet, are). Visited in December: h1, h2, e2 = 3 (e1's visit was not
        // made, e4's found nobody, h3 nobody covers).
        // Windows closing in December, met/due (a window runs n days from the day after a visit):
        //   h1 (7 days, last 27 Nov): closing 4, 10, 17, 24, 31 Dec, met on 3, 10, 17, 24, 31 Dec     5/5
        //   h2 (7 days, from 1 Dec): 8 Dec missed (next visit the 9th); 15, 16, 22, 29 Dec met         4/5
        //   h3 (90 days, no visit known, nobody covers g3): due on 1 Dec, missed                      0/1
        //   e1 (14 days, first window 15–28 Dec): missed                                              0/1
        //   e2 (14 days, last 20 Nov): closing 4, 16, 30 Dec, met on 2, 16, 29 Dec                     3/3
        //   e4 (30 days, last 10 Nov): 10 Dec missed (not reachable)                                  0/1
        //   h5 (not planned), e5 (first window closes 18 Jan): none                                   not yet due
        // 12/16. Late now: h3, e1, e4.
        Assert.Equal(
            (8, 3, 0.375, 16, 12, 0.75, 3, 2, 1),
            (report.Targets, report.Visited, report.VisitedRatio, report.Due, report.DueVisited, report.OnTimeRatio, report.LateNow, report.NotYetDue, report.NotYetPlanned));
        Assert.Equal(D(12, 31), report.Through);
        // g1: h1 h2 h5 e2 e4, visited h1 h2 e2, windows 5+5+3+1 = 14 of which 5+4+3 = 12 met, e4 late, h5 not yet due.
        // g2: e1 e5, windows: e1's one, missed. g3: h3. Lowest 遍访率 first, then 按期率, then id.
        Assert.Equal(
            [
                new GridCoverage("g2", "凯地家园一网格", "凯地家园", 2, 0, 0, 1, 0, 0, 1, 1),
                new GridCoverage("g3", "凯地家园二网格", "凯地家园", 1, 0, 0, 1, 0, 0, 1, 0),
                new GridCoverage("g1", "仙山一网格", "仙山社区", 5, 3, 0.6, 14, 12, 0.8571, 1, 1),
            ],
            report.ByGrid);
        Assert.Equal([new CoverageGroup("仙山社区", 5, 3, 0.6, 14, 12, 0.8571, 1, 1), new CoverageGroup("凯地家园", 3, 0, 0, 2, 0, 0, 2, 1)], report.ByArea);
        Assert.Equal([new CoverageGroup("农化植保", 1, 0, 0, 1, 0, 0, 1, 0)], report.ByChain);
        // Enterprises e1 e2 e4 e5: e2 visited; windows 1+3+1, e2's 3 met. Households h1 h2 h3 h5: windows 5+5+1, 9 met.
        Assert.Equal(
            [new CoverageGroup("enterprise", 4, 1, 0.25, 5, 3, 0.6, 2, 1), new CoverageGroup("household", 4, 2, 0.5, 11, 9, 0.8182, 1, 1)],
            report.ByKind);
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
    public void A_week_without_a_visit_misses_a_weekly_window_even_when_the_gap_is_a_holiday()
    {
        var data = Data();

        var h2 = Windows(data, "h2");
        var h2WithoutTheGap = Windows(data with { Visits = [.. data.Visits.Where(v => !(v.TargetId == "h2" && v.Date == D(12, 9))), Done7("h2", D(12, 8))] }, "h2");

        // 1 → 9 December is 8 days: the window closing on the 8th is missed. With the visit on the 8th, every window
        // is met, and one fewer closes in December (8, 15, 22, 29).
        Assert.Equal((5, 4), h2);
        Assert.Equal((4, 4), h2WithoutTheGap);
    }

    [Theory]
    [InlineData(7, 2, 2)]
    [InlineData(8, 3, 1)]
    public void Visits_exactly_one_interval_apart_meet_every_window_and_a_day_more_misses_them(int gap, int due, int met)
    {
        var from = D(12, 1);

        // Gap 8: windows close on days 7 (missed), 14 (met by day 8) and 15 (missed); day 16's visit meets one closing after.
        Assert.Equal((due, met), CoverageStanding.Windows([from, from.AddDays(gap), from.AddDays(2 * gap)], from, from.AddDays(2 * gap), 7));
    }

    [Fact]
    public void A_deadline_on_the_last_day_without_a_visit_is_due_and_missed_and_one_the_day_after_is_not_due()
    {
        Assert.Equal((1, 0), CoverageStanding.Windows([D(12, 24)], D(12, 24), D(12, 31), 7));
        Assert.Equal((0, 0), CoverageStanding.Windows([D(12, 25)], D(12, 25), D(12, 31), 7));
    }

    [Fact]
    public void A_target_already_late_when_a_short_period_begins_has_a_window_due_on_its_first_day()
    {
        // Monthly, last visited 17 October: its deadline (16 November) passed before the week, the next (16 December)
        // would fall after it. Late all week, so due on 1 December, and met by a visit that day.
        Assert.Equal((1, 0), CoverageStanding.Windows([D(10, 17)], D(12, 1), D(12, 7), 30));
        Assert.Equal((1, 1), CoverageStanding.Windows([D(10, 17), D(12, 1)], D(12, 1), D(12, 7), 30));
    }

    [Fact]
    public void Every_counted_target_is_due_or_not_yet_due_and_every_late_one_is_due()
    {
        var period = new ReportPeriod(D(12, 1), D(12, 31));
        var gen =
            from interval in Gen.Int[1, 40]
            from offsets in Gen.Int[-60, 40].List[0, 8]
            from hasJoined in Gen.Bool
            from joinedDay in Gen.Int[-30, 40]
            from through in Gen.Int[0, 30]
            from covered in Gen.Bool
            select (interval, offsets, joined: hasJoined ? joinedDay : (int?)null, through, covered);

        gen.Sample(c =>
        {
            var visits = c.offsets.Select(o => Done7("t", D(12, 1).AddDays(o))).ToList();
            if (c.joined is { } j)
            {
                var start = D(12, 1).AddDays(j);
                visits.Add(new Visit("t", TargetKind.Household, "g1", start.AddDays(1), ["v1"], 0, start, start.AddDays(c.interval - 1), start));
            }
            var s = CoverageStanding.Of(period, D(12, 1).AddDays(c.through), c.interval, [.. visits.OrderBy(v => v.Date)], c.covered);
            return !s.Counted
                || (s.NotYetDue == (s.Due == 0) && s.DueVisited <= s.Due && (!s.LateNow || s.Due > 0) && (!s.NotYetPlanned || s.NotYetDue));
        });
    }

    [Fact]
    public void With_no_visits_every_target_counts_those_in_covered_grids_are_not_yet_planned_and_the_others_late()
    {
        var report = CoverageReport.Compute(Data(visits: []));

        // All nine (e3 too: with no visit row its first window is not known). g1 and g2 have visitors, so their eight
        // targets are simply not planned yet; h3's grid has nobody: due on the period's first day, and late.
        Assert.Equal((9, 0, 0.0, 1, 0, 0.0, 1, 8, 8), (report.Targets, report.Visited, report.VisitedRatio, report.Due, report.DueVisited, report.OnTimeRatio, report.LateNow, report.NotYetDue, report.NotYetPlanned));
        Assert.Equal(["h3"], report.Late.Select(l => l.TargetId));
        Assert.Null(report.Late[0].LastVisited);
    }

    [Fact]
    public void With_no_targets_the_ratios_are_absent_rather_than_zero()
    {
        var report = CoverageReport.Compute(Data() with { Targets = [] });

        Assert.Equal((0, (double?)null, (double?)null), (report.Targets, report.VisitedRatio, report.OnTimeRatio));
        Assert.All(report.ByGrid, g => Assert.Equal(((double?)null, (double?)null), (g.VisitedRatio, g.OnTimeRatio)));
    }

    [Fact]
    public void A_period_running_into_today_judges_windows_up_to_yesterday()
    {
        var report = CoverageReport.Compute(Data() with { AsOf = D(12, 20) });

        Assert.Equal(D(12, 19), report.Through);
        // Windows closing by the 19th: h1 4, 10, 17 met (3/3); h2 8 missed, 15 and 16 met (2/3); h3 1 Dec (0/1);
        // e2 4 and 16 met (2/2); e4 10 Dec (0/1). e1's first window (15–28 December) is still open, e5's too: with h5,
        // not yet due. Late: h3 and e4.
        Assert.Equal((10, 7, 0.7, 3), (report.Due, report.DueVisited, report.OnTimeRatio, report.NotYetDue));
        Assert.Equal(["h3", "e4"], report.Late.Select(l => l.TargetId));
    }

    private static (int Due, int DueVisited) Windows(ReportData data, string id)
    {
        var report = CoverageReport.Compute(data with { Targets = data.Targets.Where(t => t.Id == id).ToList() });
        return (report.Due, report.DueVisited);
    }

    private static Visit Done7(string target, DateOnly day) =>
        new(target, TargetKind.Household, "g1", day, ["v1"], 3, day, day, day, VisitStatus.Completed, day);
}
