using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Functions.Tests;

/// <summary>An outcome that arrives while a unit is being planned is kept: the plan is made again.</summary>
[Collection(AzuriteFixture.Collection)]
public class PlanningRaceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_outcome_recorded_between_reading_and_writing_a_plan_survives_and_the_unit_is_planned_again()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, ChinaTime.Offset));
        var stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());
        await stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山")]);
        await stores.Roster.SaveVisitorsAsync([new Visitor("v1", "王芳", "+8613800138001", "grid-member", ["g1"], 20, []), new Visitor("v2", "李强", "+8613800138002", "grid-member", ["g1"], 20, [])]);
        await stores.Roster.SaveTargetsAsync(Enumerable.Range(1, 6).Select(i => new Target($"h{i}", TargetKind.Household, $"仙山社区{i}号", "g1", ["elderly-alone"])).ToList());
        var today = ChinaTime.Today(clock);
        await new PlanningService(stores.Roster, stores.Visits, clock).PlanAsync(today, today.AddDays(6));
        var first = (await stores.Visits.GetGridVisitsAsync("g1", today, today.AddDays(6))).First(v => v.VisitorIds.Contains("v1"));

        // v1 goes on leave for the week: the next plan repairs v1's visits, but v1 reports one of them first.
        await stores.Roster.SaveVisitorsAsync([new Visitor("v1", "王芳", "+8613800138001", "grid-member", ["g1"], 20, [new DateRange(today, today.AddDays(6))])]);
        var racing = new OutcomeArrivesDuringPlanning(stores.Visits, async () =>
        {
            var request = new OutcomeRequest("v1", "completed", $"{today:yyyy-MM-dd}T07:30:00+08:00", "上门前已电话联系", []);
            var result = await new OutcomeService(stores.Visits, clock).RecordAsync(first.Id, request, "v1", null);
            Assert.Equal(OutcomeResultKind.Created, result.Kind);
        });
        var summary = await new PlanningService(stores.Roster, racing, clock).PlanAsync(today, today.AddDays(6));

        Assert.Equal(2, racing.Applies);
        var after = await stores.Visits.GetGridVisitsAsync("g1", today, today.AddDays(6));
        var reported = after.Single(v => v.Id == first.Id);
        Assert.Equal((VisitStatus.Completed, "v1"), (reported.Status, reported.VisitorIds.Single()));
        Assert.DoesNotContain(after, v => v.Status == VisitStatus.Planned && v.VisitorIds.Contains("v1"));
        Assert.True(summary.Repaired + summary.Planned > 0);
    }

    /// <summary>The real store; the first time a plan is written, an outcome is recorded just before.</summary>
    private sealed class OutcomeArrivesDuringPlanning(IVisitStore inner, Func<Task> outcome) : IVisitStore
    {
        public int Applies { get; private set; }

        public async Task ApplyAsync(IReadOnlyList<Visit> upserts, IReadOnlyList<Visit> deletes, CancellationToken cancellationToken = default)
        {
            if (++Applies == 1)
            {
                await outcome();
            }
            await inner.ApplyAsync(upserts, deletes, cancellationToken);
        }

        public Task<IReadOnlyList<Visit>> GetGridVisitsAsync(string grid, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) => inner.GetGridVisitsAsync(grid, from, to, cancellationToken);
        public Task<IReadOnlyList<Visit>> GetVisitorVisitsAsync(string visitorId, IReadOnlyCollection<string> grids, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) => inner.GetVisitorVisitsAsync(visitorId, grids, from, to, cancellationToken);
        public Task<IReadOnlyList<Visit>> GetTargetVisitsAsync(string grid, string targetId, CancellationToken cancellationToken = default) => inner.GetTargetVisitsAsync(grid, targetId, cancellationToken);
        public Task<IReadOnlyList<Visit>> GetTargetVisitsAsync(string grid, IReadOnlyCollection<string> targetIds, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) => inner.GetTargetVisitsAsync(grid, targetIds, from, to, cancellationToken);
        public Task<Visit?> GetVisitAsync(string visitId, CancellationToken cancellationToken = default) => inner.GetVisitAsync(visitId, cancellationToken);
        public Task<StoredVisit?> GetStoredVisitAsync(string visitId, CancellationToken cancellationToken = default) => inner.GetStoredVisitAsync(visitId, cancellationToken);
        public Task<string?> TryReplaceAsync(Visit visit, string etag, CancellationToken cancellationToken = default) => inner.TryReplaceAsync(visit, etag, cancellationToken);
        public Task<string?> TryReplaceWithProblemsAsync(Visit visit, string etag, IReadOnlyList<Outreach.Problems.Problem> problems, CancellationToken cancellationToken = default) => inner.TryReplaceWithProblemsAsync(visit, etag, problems, cancellationToken);
    }
}
