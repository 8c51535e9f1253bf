using Outreach.Reports;
using static Outreach.Core.Tests.Reports.ReportFixture;

namespace Outreach.Core.Tests.Reports;

public class DashboardTests
{
    [Fact]
    public void Days_count_visits_planned_for_them_and_completed_on_them_and_open_problems_come_most_overdue_first()
    {
        var dashboard = Dashboard.Compute(Data(), Now);

        Assert.Equal(31, dashboard.Daily.Count);
        // 22 December: h2 (completed) and e1 (never made) were planned.
        Assert.Equal(new DailyVisits(D(12, 22), 2, 1), dashboard.Daily.Single(d => d.Day == D(12, 22)));
        Assert.Equal(new DailyVisits(D(12, 25), 0, 0), dashboard.Daily.Single(d => d.Day == D(12, 25)));
        // h1 and h2 five each, e2 three, e1 and e4 one each (v1 nine and v2 six in the visitor report).
        Assert.Equal(15, dashboard.Daily.Sum(d => d.Planned));
        // Open: g1~0 (due 30 November: 35 days), g1~2 (due 15 December: 20 days), g2~1 (never dispatched).
        Assert.Equal([("g1~0", 35), ("g1~2", 20), ("g2~1", (int?)null)], dashboard.OpenProblems.Select(p => (p.Id, p.DaysOverdue)));
    }
}
