using Outreach.Import;
using Outreach.Links;
using Outreach.Planning;
using Outreach.Points;
using Outreach.Roster;

namespace Outreach.Core.Tests.Points;

public class PointsServiceTests
{
    [Fact]
    public async Task An_award_past_the_monthly_cap_is_refused_with_the_figures_and_writes_nothing()
    {
        var world = await PointsWorld.CreateAsync();
        for (var i = 0; i < 4; i++)
        {
            Assert.True((await world.Award("h1", "cleanup")).Succeeded);
        }

        var refused = await world.Award("h1", "cleanup");
        var lastMonth = await world.Award("h1", "cleanup", PointsWorld.Now.AddMonths(-1));

        Assert.Equal(PointsRefusal.MonthlyCap, refused.Refusal);
        Assert.Equal("h1 has earned 20 of the 20 points 'cleanup' allows in 2026-12; another 5 would pass the monthly cap, so nothing was recorded", refused.Message);
        Assert.True(lastMonth.Succeeded);
        Assert.Equal(25, (await world.Service.PassbookAsync("h1"))!.Balance);
    }

    [Fact]
    public async Task A_reversed_award_frees_its_points_under_the_cap()
    {
        var world = await PointsWorld.CreateAsync();
        for (var i = 0; i < 4; i++)
        {
            await world.Award("h1", "cleanup");
        }

        var reversal = await world.Service.ReverseAsync("h1~2", "记错了");
        var again = await world.Award("h1", "cleanup");

        Assert.Equal(("h1~5", -5, "h1~2", "cleanup"), (reversal.Entry!.Id, reversal.Entry.Points, reversal.Entry.ReversalOf, reversal.Entry.Code));
        Assert.True(again.Succeeded);
        Assert.Equal(PointsRefusal.NotReversible, (await world.Service.ReverseAsync("h1~2")).Refusal);
        Assert.Equal(PointsRefusal.NotReversible, (await world.Service.ReverseAsync("h1~5")).Refusal);
        Assert.Equal(PointsRefusal.UnknownEntry, (await world.Service.ReverseAsync("h1~99")).Refusal);
        Assert.Equal(PointsRefusal.Invalid, (await world.Service.ReverseAsync("h1-2")).Refusal);
    }

    [Fact]
    public async Task A_redemption_needs_the_points_and_the_stock_and_its_reversal_puts_the_item_back()
    {
        var world = await PointsWorld.CreateAsync(soap: 1);
        var poor = await world.Service.RedeemAsync("h1", "soap");
        for (var i = 0; i < 4; i++)
        {
            await world.Award("h1", "cleanup");
        }

        var soap = await world.Service.RedeemAsync("h1", "soap");
        var none = await world.Service.RedeemAsync("h1", "soap");
        var back = await world.Service.ReverseAsync(soap.Entry!.Id);

        Assert.Equal((PointsRefusal.NotEnoughPoints, "h1 has 0 points and 'soap' (肥皂) costs 10: a balance never goes below zero, so nothing was recorded"), (poor.Refusal!.Value, poor.Message));
        Assert.Equal((-10, 10), (soap.Entry.Points, soap.Balance));
        Assert.Equal((PointsRefusal.OutOfStock, 10), (none.Refusal!.Value, none.Balance));
        Assert.Equal((10, 20), (back.Entry!.Points, back.Balance));
        Assert.Equal(1, (await world.Points.GetItemsAsync()).Single(i => i.Id == "soap").Stock);
    }

    [Fact]
    public async Task Reversing_an_award_already_spent_is_refused_rather_than_going_below_zero()
    {
        var world = await PointsWorld.CreateAsync();
        await world.Award("h1", "cleanup");
        await world.Service.RedeemAsync("h1", "towel");

        var reversal = await world.Service.ReverseAsync("h1~1");

        Assert.Equal(PointsRefusal.NotEnoughPoints, reversal.Refusal);
        Assert.Contains("reverse a redemption first", reversal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h9", "cleanup", PointsRefusal.UnknownHousehold, "there is no household 'h9'")]
    [InlineData("e1", "cleanup", PointsRefusal.UnknownHousehold, "'e1' is an enterprise")]
    [InlineData("h1", "dancing", PointsRefusal.UnknownRule, "use one of cleanup, sorting")]
    [InlineData("h 1", "cleanup", PointsRefusal.UnknownHousehold, "there is no household")]
    public async Task An_award_to_nobody_or_by_no_rule_is_refused_naming_what_is_known(string household, string code, PointsRefusal refusal, string message)
    {
        var world = await PointsWorld.CreateAsync();

        var result = await world.Award(household, code);

        Assert.Equal(refusal, result.Refusal);
        Assert.Contains(message, result.Message, StringComparison.Ordinal);
        Assert.Empty(await world.Points.GetEntriesAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task An_award_dated_ahead_of_the_clock_or_with_an_overlong_note_is_refused()
    {
        var world = await PointsWorld.CreateAsync();

        var future = await world.Award("h1", "cleanup", PointsWorld.Now.AddMinutes(1));
        var note = await world.Service.AwardAsync(new PointsAward("h1", "cleanup", Note: new string('注', 201)));

        Assert.Equal(PointsRefusal.Invalid, future.Refusal);
        Assert.Contains("is ahead of the clock", future.Message, StringComparison.Ordinal);
        Assert.Contains("note has 201 characters, more than the 200", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_award_at_the_same_visit_is_recorded_once()
    {
        var world = await PointsWorld.CreateAsync();
        var visit = Visit("g1", "h1");
        var view = View(visit, world);

        var first = await world.Service.AwardAtVisitAsync(view, visit.Id, "cleanup", "扫楼道", "戴雪敏");
        var again = await world.Service.AwardAtVisitAsync(view, visit.Id, "cleanup", "扫楼道", "戴雪敏");
        var other = await world.Service.AwardAtVisitAsync(view, visit.Id, "sorting", null, null);

        Assert.Equal(("v1", visit.Id, "戴雪敏"), (first.Entry!.By, first.Entry.VisitId, first.Entry.Resident));
        Assert.True(again.Replayed);
        Assert.Equal(first.Entry, again.Entry);
        Assert.True(other.Succeeded);
        Assert.Equal(7, (await world.Service.PassbookAsync("h1"))!.Balance);
    }

    [Fact]
    public async Task Points_are_awarded_only_at_the_links_own_household_visits()
    {
        var world = await PointsWorld.CreateAsync();
        var enterprise = Visit("g1", "e1");
        var household = Visit("g1", "h1");
        var view = View(enterprise, world);

        var atEnterprise = await world.Service.AwardAtVisitAsync(view, enterprise.Id, "cleanup", null, null);
        var elsewhere = await world.Service.AwardAtVisitAsync(view, household.Id, "cleanup", null, null);

        Assert.Equal(PointsRefusal.NotAtThisVisit, atEnterprise.Refusal);
        Assert.Equal(PointsRefusal.NotAtThisVisit, elsewhere.Refusal);
    }

    [Fact]
    public async Task The_leaderboard_and_the_months_count_earned_and_redeemed_per_grid()
    {
        var world = await PointsWorld.CreateAsync();
        await world.Award("h1", "cleanup");
        await world.Award("h1", "sorting");
        await world.Award("h2", "cleanup");
        await world.Award("h2", "sorting");
        await world.Award("h3", "cleanup");
        await world.Award("h3", "cleanup", PointsWorld.Now.AddMonths(-1));
        await world.Service.RedeemAsync("h1", "towel");
        await world.Service.ReverseAsync("h2~2");

        var board = await world.Service.LeaderboardAsync(null, new DateOnly(2026, 12, 1));
        var g1 = await world.Service.LeaderboardAsync("g1", new DateOnly(2026, 12, 1));
        var months = await world.Service.MonthsAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1));

        Assert.Equal([(1, "h1", 7), (2, "h2", 5), (2, "h3", 5)], board.Select(l => (l.Rank, l.HouseholdId, l.Earned)));
        Assert.Equal("仙山社区1号楼102", board[0].Address);
        Assert.Equal(["h1", "h2"], g1.Select(l => l.HouseholdId));
        Assert.Equal(
            [new PointsMonth("g2", new DateOnly(2026, 11, 1), 5, 0, 1, 0), new PointsMonth("g1", new DateOnly(2026, 12, 1), 12, 3, 4, 1), new PointsMonth("g2", new DateOnly(2026, 12, 1), 5, 0, 1, 0)],
            months);
    }

    [Fact]
    public async Task Rules_and_items_import_all_or_nothing_with_every_bad_row_named()
    {
        var world = await PointsWorld.CreateAsync();
        var service = new RosterImportService(world.Stores.Roster, world.Points);

        var bad = await service.ImportAsync(ImportKind.PointsRules, new StringReader("code,description,points,monthly_cap\nnew,新规则,3,\nbig,大,0,\ncap,封顶,10,5\nnew,重复,1,\n"));
        var items = await service.ImportAsync(ImportKind.PointsItems, new StringReader("id,name,points,stock\nsoap,肥皂,12,40\nrice,大米,50,-1\n"));
        var good = await service.ImportAsync(ImportKind.PointsItems, new StringReader("id,name,points,stock\nsoap,肥皂,12,40\nrice,大米,50,0\n"));

        Assert.Equal([(3, "points"), (4, "monthly_cap"), (5, "code")], bad.Errors.Select(e => (e.Line, e.Column!)));
        Assert.Contains("monthly_cap 5 is less than one award's 10 points", bad.Errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(["cleanup", "sorting"], (await world.Points.GetRulesAsync()).Select(r => r.Code));
        Assert.Equal((3, "stock"), (items.Errors.Single().Line, items.Errors.Single().Column!));
        Assert.Equal(2, good.Imported);
        Assert.Equal([new PointsItem("rice", "大米", 50, 0), new PointsItem("soap", "肥皂", 12, 40), new PointsItem("towel", "毛巾", 3, 5)], await world.Points.GetItemsAsync());
        for (var i = 0; i < 25; i++)
        {
            await world.Award("h1", "sorting");
        }
        Assert.Equal(PointsRefusal.OutOfStock, (await world.Service.RedeemAsync("h1", "rice")).Refusal);
    }

    private static Visit Visit(string grid, string target)
    {
        var day = new DateOnly(2026, 12, 15);
        return new(target, target.StartsWith('h') ? TargetKind.Household : TargetKind.Enterprise, grid, day, ["v1"], 1, day, day, day);
    }

    private static VisitsView View(Visit visit, PointsWorld world)
    {
        var target = world.Stores.Roster.GetTargetAsync(visit.Grid, visit.TargetId).GetAwaiter().GetResult();
        var grant = new LinkGrant("v1", visit.Id, PointsWorld.Now.AddDays(3));
        return new VisitsView(grant, new Visitor("v1", "王芳", "+8613800138000", "grid-member", ["g1"], 10, []), null, [new FieldVisit(visit, target, [], null, [])], null);
    }
}
