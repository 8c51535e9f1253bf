using Microsoft.Extensions.Time.Testing;
using Outreach.Calendar;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Roster;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Planning;

/// <summary>An outcome that arrives while a unit is being planned is kept: the plan is made again.</summary>
public class PlanningRaceTests
{
    [Fact]
    public async Task An_outcome_recorded_between_reading_and_writing_a_plan_survives_and_the_unit_is_planned_again()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, ChinaTime.Offset));
        var stores = new InMemoryStores();
        await stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山")]);
        await stores.Roster.SaveVisitorsAsync([new Visitor("v1", "王芳", "+8613800138001", "grid-member", ["g1"], 20, []), new Visitor("v2", "李强", "+8613800138002", "grid-member", ["g1"], 20, [])]);
        await stores.Roster.SaveTargetsAsync(Enumerable.Range(1, 6).Select(i => new Target($"h{i}", TargetKind.Household, $"仙山社区{i}号", "g1", ["elderly-alone"])).ToList());
        var today = ChinaTime.Today(clock);
        await new PlanningService(stores.Roster, stores.Visits, clock).PlanAsync(today, today.AddDays(6));
        var first = (await stores.Visits.GetGridVisitsAsync("g1", today, today.AddDays(6))).First(v => v.VisitorIds.Contains("v1"));

        // v1 goes on leave for the week: the next plan repairs v1's visits, but v1 reports one of them first.
        await stores.Roster.SaveVisitorsAsync([new Visitor("v1", "王芳", "+8613800138001", "grid-member", ["g1"], 20, [new DateRange(today, today.AddDays(6))])]);
        var racing = new RacingVisitStore(stores.Visits, async () =>
        {
            var request = new OutcomeRequest("v1", "completed", $"{today:yyyy-MM-dd}T07:30:00+08:00", "上门前已电话联系", []);
            var result = await new OutcomeService(stores.Visits, clock).RecordAsync(first.Id, request, "v1", null);
            Assert.Equal(OutcomeResultKind.Created, result.Kind);
        });
        var summary = await new PlanningService(stores.Roster, racing, clock).PlanAsync(today, today.AddDays(6));

        Assert.Equal(2, racing.Writes);
        var after = await stores.Visits.GetGridVisitsAsync("g1", today, today.AddDays(6));
        var reported = after.Single(v => v.Id == first.Id);
        Assert.Equal((VisitStatus.Completed, "v1"), (reported.Status, reported.VisitorIds.Single()));
        Assert.DoesNotContain(after, v => v.Status == VisitStatus.Planned && v.VisitorIds.Contains("v1"));
        Assert.True(summary.Repaired + summary.Planned > 0);
    }
}
