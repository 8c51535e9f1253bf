using Outreach.Problems;

namespace Outreach.Core.Tests.Problems;

public class ProblemIdsTests
{
    [Theory]
    [InlineData("g1~20261207~h1~1", "g1", "20261207~h1~1")]
    [InlineData("xs-1~20261207~e.1~d0a1b2c3d", "xs-1", "20261207~e.1~d0a1b2c3d")]
    public void A_public_id_splits_into_grid_and_local_part(string id, string grid, string local)
    {
        Assert.True(ProblemIds.TryParse(id, out var g, out var l));
        Assert.Equal((grid, local), (g, l));
        Assert.Equal(id, ProblemIds.Format(g, l));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("g1")]
    [InlineData("g1~")]
    [InlineData("g1~~1")]
    [InlineData("g/1~20261207~h1~1")]
    [InlineData("g1~20261207~h 1~1")]
    public void Anything_else_is_not_a_problem_id(string? id) => Assert.False(ProblemIds.TryParse(id, out _, out _));

    [Fact]
    public void Visit_ids_are_numbered_and_direct_ids_hash_what_was_reported()
    {
        var at = new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal("20261207~h1~2", ProblemIds.FromVisit(new DateOnly(2026, 12, 7), "h1", 2));
        var direct = ProblemIds.Direct("h1", at, "道路", "路灯坏了");
        // 23:30 UTC is the next morning in China.
        Assert.Matches("^20261208~h1~d[0-9a-f]{8}$", direct);
        Assert.Equal(direct, ProblemIds.Direct("h1", at, "道路", "路灯坏了"));
        Assert.NotEqual(direct, ProblemIds.Direct("h1", at, "道路", "路灯又坏了"));
        // A retry minutes later is the same problem; the same report the next day is a new one.
        Assert.Equal(direct, ProblemIds.Direct("h1", at.AddMinutes(5), "道路", "路灯坏了"));
        Assert.NotEqual(direct, ProblemIds.Direct("h1", at.AddDays(1), "道路", "路灯坏了"));
    }

    [Fact]
    public void A_report_takes_a_public_id_only_in_its_own_grid()
    {
        Assert.Empty(Given.Report("g1~20260302~t1~1").Validate());
        Assert.Equal(["id"], Given.Report("g2~20260302~t1~1").Validate().Select(e => e.Field));
        Assert.Equal(["id"], Given.Report("g1~~1").Validate().Select(e => e.Field));
    }
}
