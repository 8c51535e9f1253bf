using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Functions.Planning;
using Outreach.Planning;
using Outreach.Queues;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Functions.Tests;

/// <summary>The timer fans out, the queue function plans: called directly, on real services and Azurite.</summary>
[Collection(AzuriteFixture.Collection)]
public class PlanningFunctionsTests(AzuriteFixture azurite)
{
    // Monday 7 December 2026, 01:00 in China.
    private static readonly DateTimeOffset Night = new(2026, 12, 7, 1, 0, 0, ChinaTime.Offset);

    [Fact]
    public async Task The_timer_queues_one_message_per_unit_of_grids_that_share_no_visitor()
    {
        var (planning, _) = await SeedAsync();
        var timer = new ScheduleRotation(planning, NullLogger<ScheduleRotation>.Instance);

        var messages = await timer.Run(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        var units = messages.Select(PlanUnitMessages.Parse).ToList();
        Assert.Equal([["g1", "g2"], ["g3"]], units.Select(u => u.Grids.ToArray()));
        Assert.All(units, u => Assert.Equal((new DateOnly(2026, 12, 7), new DateOnly(2027, 1, 3)), (u.From, u.To)));
    }

    [Fact]
    public async Task Units_planned_in_parallel_never_overbook_the_visitor_they_share_and_a_rerun_writes_nothing()
    {
        var (planning, stores) = await SeedAsync();
        var messages = await new ScheduleRotation(planning, NullLogger<ScheduleRotation>.Instance).Run(new TimerInfo(), CancellationToken.None);
        var function = Function(planning, stores);

        // Every unit's message at once, each twice, as competing instances would take them.
        await Task.WhenAll(messages.Concat(messages).Select(m => function.Run(m, CancellationToken.None)));

        var from = new DateOnly(2026, 12, 7);
        var to = new DateOnly(2027, 1, 3);
        var shared = await stores.Visits.GetVisitorVisitsAsync("shared", ["g1", "g2"], from, to);
        Assert.NotEmpty(shared);
        Assert.Contains(shared, v => v.Grid == "g1");
        Assert.Contains(shared, v => v.Grid == "g2");
        Assert.All(shared.GroupBy(v => ChinaTime.WeekStart(v.Date)), week => Assert.True(week.Count() <= 3, $"{week.Count()} visits in the week of {week.Key}"));

        var before = await AllVisitsAsync(stores, from, to);
        var rerun = await planning.PlanUnitAsync(new PlanningUnit(["g1", "g2"]), from, to);
        Assert.Equal((0, 0, 0), (rerun.Planned, rerun.Repaired, rerun.Removed));
        Assert.Equal(before, await AllVisitsAsync(stores, from, to));
    }

    [Fact]
    public async Task A_message_queued_before_two_grids_came_to_share_a_visitor_plans_them_together()
    {
        var (planning, stores) = await SeedAsync();
        var stale = PlanUnitMessages.Serialize(new PlanUnitMessage(["g1"], new DateOnly(2026, 12, 7), new DateOnly(2027, 1, 3)));

        await Function(planning, stores).Run(stale, CancellationToken.None);

        Assert.NotEmpty(await stores.Visits.GetGridVisitsAsync("g2", new DateOnly(2026, 12, 7), new DateOnly(2027, 1, 3)));
        Assert.Empty(await stores.Visits.GetGridVisitsAsync("g3", new DateOnly(2026, 12, 7), new DateOnly(2027, 1, 3)));
    }

    [Theory]
    [InlineData("""{"grids":["g1"],"to":"2027-01-03"}""", "from")]
    [InlineData("""{"grids":["g1"],"from":"2026-12-07","to":"9999-12-31"}""", "at most 366 days")]
    [InlineData("""not json""", "not valid JSON")]
    public async Task A_message_with_a_missing_or_absurd_range_fails_before_planning(string message, string expected)
    {
        var (planning, stores) = await SeedAsync();

        var error = await Assert.ThrowsAsync<FormatException>(() => Function(planning, stores).Run(message, CancellationToken.None));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_malformed_message_fails_naming_the_field_and_writes_nothing()
    {
        var (planning, stores) = await SeedAsync();
        var function = Function(planning, stores);

        var error = await Assert.ThrowsAsync<FormatException>(() => function.Run("""{"grids":[],"from":"2026-12-07","to":"2027-01-03"}""", CancellationToken.None));

        Assert.Contains("'grids'", error.Message);
        Assert.Empty(await AllVisitsAsync(stores, new DateOnly(2026, 12, 1), new DateOnly(2027, 2, 1)));
    }

    private static PlanUnit Function(PlanningService planning, TableStores stores) =>
        new(planning, new QueueFailures(stores.QueueFailures, new FakeTimeProvider(Night)));

    private static async Task<List<string>> AllVisitsAsync(TableStores stores, DateOnly from, DateOnly to)
    {
        var ids = new List<string>();
        foreach (var grid in new[] { "g1", "g2", "g3" })
        {
            ids.AddRange((await stores.Visits.GetGridVisitsAsync(grid, from, to)).Select(v => $"{v.Id}:{string.Join(',', v.VisitorIds)}"));
        }
        return ids;
    }

    /// <summary>Three grids; one visitor with room for three visits a week covers g1 and g2, so they plan as one unit.</summary>
    private async Task<(PlanningService Planning, TableStores Stores)> SeedAsync()
    {
        var stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());
        await stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山"), new Grid("g2", "仙山二网格", "仙山"), new Grid("g3", "凯地家园一网格", "凯地家园")]);
        await stores.Roster.SaveVisitorsAsync(
        [
            new Visitor("shared", "王芳", "+8613800138001", "party-member", ["g1", "g2"], 3, []),
            new Visitor("g3-member", "李强", "+8613800138002", "grid-member", ["g3"], 10, []),
        ]);
        var targets = new List<Target>();
        foreach (var grid in new[] { "g1", "g2", "g3" })
        {
            for (var i = 1; i <= 4; i++)
            {
                targets.Add(new Target($"{grid}-h{i}", TargetKind.Household, $"{grid} 住户 {i}", grid, i == 1 ? ["elderly-alone"] : []));
            }
        }
        await stores.Roster.SaveTargetsAsync(targets);
        var planning = new PlanningService(stores.Roster, stores.Visits, new FakeTimeProvider(Night));
        return (planning, stores);
    }
}
