using Outreach.Reports;
using static Outreach.Core.Tests.Reports.ReportFixture;

namespace Outreach.Core.Tests.Reports;

public class VisitorAndProblemReportTests
{
    [Fact]
    public void Visitors_are_ranked_laggards_first_and_leave_is_shown_not_blamed()
    {
        var report = VisitorReport.Compute(Data());

        Assert.Equal(["v2", "v1", "v3"], report.Visitors.Select(v => v.VisitorId));
        // v2: h1×2, h2×2, e2×1 completed, e1 on 22 December never reported.
        Assert.Equal(new VisitorFigures("v2", "李强", Visitors[1].Grids, 6, 6, 5, 1, 0, 0.8333, 2, 0), report.Visitors[0]);
        // v1: h1×3, h2×3, e2×2 completed, e4 not reachable; problems g1~1 and g1~2 (g1~0 was in November).
        Assert.Equal(new VisitorFigures("v1", "王芳", Visitors[0].Grids, 9, 9, 8, 0, 1, 0.8889, 2, 0), report.Visitors[1]);
        Assert.Equal((0, (double?)null, 7), (report.Visitors[2].Planned, report.Visitors[2].CompletionRate, report.Visitors[2].LeaveDays));
        Assert.Equal(
            [new GridVisitFigures("g2", "凯地家园一网格", 1, 1, 0, 1, 0, 0, 1), new GridVisitFigures("g1", "仙山一网格", 14, 14, 13, 0, 1, 0.9286, 3),
             new GridVisitFigures("g3", "凯地家园二网格", 0, 0, 0, 0, 0, null, 0)],
            report.ByGrid);
    }

    [Fact]
    public void Visits_planned_for_today_or_later_are_not_due_yet()
    {
        var report = VisitorReport.Compute(Data() with { AsOf = D(12, 22) });

        // e1's visit is today: planned, not due, not overdue.
        var v2 = report.Visitors.Single(v => v.VisitorId == "v2");
        Assert.Equal((6, 5, 0), (v2.Planned, v2.Due, v2.Overdue));
    }

    [Fact]
    public void Problems_are_counted_and_timed_as_by_hand()
    {
        var report = ProblemReport.Compute(Data(), Now);

        // The coverage report's figures (CoverageReportTests): e2; h1 and h2; 3 of 8 targets visited, 12 of 16 windows met.
        Assert.Equal("2026年12月走访企业1家、居民2户，遍访率37.5%（3/8），按期率75.0%（12/16），发现问题4个，已解决2个", report.Headline);
        Assert.Equal((4, 2), (report.Reported, report.Resolved));
        Assert.Equal([new NamedCount("escalated", 1), new NamedCount("evaluated", 1), new NamedCount("reported", 1), new NamedCount("resolved", 1)], report.ByStatus);
        Assert.Equal([new NamedCount("finance", 1), new NamedCount("hr", 1), new NamedCount("urban", 1)], report.ByDepartment);
        Assert.Equal([new NamedCount("用工", 2), new NamedCount("融资", 1), new NamedCount("道路", 1)], report.ByCategory);
        // Accept: 4 h, 24 h, 2 h → 4. Resolve: 48 h and 96 h → 72.
        Assert.Equal((4.0, 72.0), (report.MedianHoursToAccept, report.MedianHoursToResolve));
        Assert.Equal((5.0, 1), (report.AverageRating, report.Rated));
        Assert.Equal(["g1~0", "g1~2"], report.Overdue.Select(p => p.Id));
        // Due 15 December 10:00, now 5 January 09:00: 20 whole days and 23 hours.
        Assert.Equal(20, report.Overdue[1].DaysOverdue);
        Assert.Equal(["g1~2"], report.Escalated.Select(p => p.Id));
    }

    [Fact]
    public void A_quiet_period_has_a_headline_of_zeros_and_no_medians()
    {
        var report = ProblemReport.Compute(Data(visits: [], problems: []) with { Period = new ReportPeriod(D(12, 7), D(12, 13)) }, Now);

        // Nine targets with no visit row: eight not planned yet, h3 (nobody covers its grid) due on the 7th and missed.
        Assert.Equal("2026-12-07至2026-12-13走访企业0家、居民0户，遍访率0.0%（0/9），按期率0.0%（0/1），发现问题0个，已解决0个", report.Headline);
        Assert.Equal(((double?)null, (double?)null, (double?)null), (report.MedianHoursToAccept, report.MedianHoursToResolve, report.AverageRating));
    }

    [Fact]
    public void A_period_ending_before_it_starts_or_longer_than_a_year_is_bad_input()
    {
        Assert.Throws<BadInputException>(() => new ReportPeriod(D(12, 2), D(12, 1)));
        Assert.Throws<BadInputException>(() => new ReportPeriod(D(1, 1), new DateOnly(2027, 1, 2)));
    }
}
