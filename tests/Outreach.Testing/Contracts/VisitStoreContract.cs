using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Roster;
using Xunit;

namespace Outreach.Testing.Contracts;

/// <summary>
/// What every <see cref="IVisitStore"/> answers (with the <see cref="IProblemStore"/> beside it, as an outcome writes
/// both in one transaction): the Table Storage stores on Azurite and the in-memory ones both run these. Each test gets
/// empty stores.
/// </summary>
public abstract class VisitStoreContract
{
    protected static readonly DateOnly Oct1 = new(2026, 10, 1);

    /// <summary>An empty store, fresh for each test.</summary>
    protected abstract IVisitStore Visits { get; }

    /// <summary>The problems beside <see cref="Visits"/> (the same storage).</summary>
    protected abstract IProblemStore Problems { get; }

    [Fact]
    public async Task A_grids_days_are_exactly_that_grids_visits_in_the_range_by_date_then_target()
    {
        await Visits.ApplyAsync(
        [
            Visit("g1", Oct1, "t-a", "v1"),
            Visit("g1", Oct1.AddDays(2), "t-c", "v1"),
            Visit("g1", Oct1.AddDays(1), "t-b", "v1"),
            Visit("g1", Oct1.AddDays(2), "t-a", "v2"),
            Visit("g1", Oct1.AddDays(3), "t-d", "v1"),
            Visit("g10", Oct1.AddDays(1), "t-x", "v1"),
            Visit("g2", Oct1.AddDays(2), "t-y", "v1"),
        ], []);

        var visits = await Visits.GetGridVisitsAsync("g1", Oct1.AddDays(1), Oct1.AddDays(2));

        Assert.Equal(["g1~20261002~t-b", "g1~20261003~t-a", "g1~20261003~t-c"], visits.Select(v => v.Id));
        Assert.All(visits, v => Assert.NotNull(v.ETag));
    }

    [Fact]
    public async Task A_visitor_covering_two_grids_finds_visits_in_both_by_date_then_grid_then_target_within_the_range()
    {
        await Visits.ApplyAsync(
        [
            Visit("g2", Oct1, "t-b", "v1"),
            Visit("g1", Oct1, "t-z", "v1"),
            Visit("g1", Oct1, "t-a", "v1"),
            Visit("g2", Oct1.AddDays(1), "t-b", "v1", "v2"),
            Visit("g1", Oct1.AddDays(2), "t-c", "v2"),
            Visit("g1", Oct1.AddDays(5), "t-d", "v1"),
        ], []);

        var visits = await Visits.GetVisitorVisitsAsync("v1", ["g1", "g2"], Oct1, Oct1.AddDays(4));

        Assert.Equal(["g1~20261001~t-a", "g1~20261001~t-z", "g2~20261001~t-b", "g2~20261002~t-b"], visits.Select(v => v.Id));
        Assert.Equal(["v1", "v2"], visits[3].VisitorIds);
        Assert.Empty(await Visits.GetVisitorVisitsAsync("v9", ["g1", "g2"], Oct1, Oct1.AddDays(30)));
    }

    [Fact]
    public async Task A_visitors_visits_are_found_only_in_the_grids_passed()
    {
        await Visits.ApplyAsync([Visit("g1", Oct1, "t-a", "v1"), Visit("g3", Oct1, "t-d", "v1")], []);

        Assert.Equal(["g1~20261001~t-a"], (await Visits.GetVisitorVisitsAsync("v1", ["g1", "g2"], Oct1, Oct1)).Select(v => v.Id));
        Assert.Empty(await Visits.GetVisitorVisitsAsync("v1", [], Oct1, Oct1));
    }

    [Fact]
    public async Task A_pair_visit_is_found_for_both_visitors()
    {
        var visit = Visit("g1", Oct1, "t-a", "v1", "v2");
        await Visits.ApplyAsync([visit, Visit("g1", Oct1, "t-b", "v3")], []);

        Assert.Equal([visit.Id], (await Visits.GetVisitorVisitsAsync("v1", ["g1"], Oct1, Oct1)).Select(v => v.Id));
        Assert.Equal([visit.Id], (await Visits.GetVisitorVisitsAsync("v2", ["g1"], Oct1, Oct1)).Select(v => v.Id));
    }

    [Fact]
    public async Task A_targets_history_is_oldest_first_and_only_that_target()
    {
        await Visits.ApplyAsync(
        [
            Visit("g1", Oct1.AddDays(60), "t-a", "v3") with { Cycle = 2 },
            Visit("g1", Oct1, "t-a", "v1") with { Cycle = 0, Status = VisitStatus.Completed, CompletedOn = Oct1 },
            Visit("g1", Oct1.AddDays(30), "t-a", "v2") with { Cycle = 1 },
            Visit("g1", Oct1.AddDays(30), "t-ab", "v2"),
            Visit("g2", Oct1.AddDays(30), "t-a", "v2"),
        ], []);

        var history = await Visits.GetTargetVisitsAsync("g1", "t-a");

        Assert.Equal([0, 1, 2], history.Select(v => v.Cycle));
        Assert.All(history, v => Assert.Equal(("g1", "t-a"), (v.Grid, v.TargetId)));
    }

    [Fact]
    public async Task Some_targets_history_within_days_is_only_that_range_of_those_targets_by_date_then_target()
    {
        await Visits.ApplyAsync(
        [
            Visit("g1", Oct1, "t-a", "v1") with { Cycle = 0 },
            Visit("g1", Oct1.AddDays(30), "t-a", "v2") with { Cycle = 1 },
            Visit("g1", Oct1.AddDays(31), "t-a", "v2") with { Cycle = 2 },
            Visit("g1", Oct1.AddDays(60), "t-a", "v3") with { Cycle = 3 },
            Visit("g1", Oct1.AddDays(30), "t-ab", "v2"),
            Visit("g1", Oct1.AddDays(30), "t-c", "v2") with { Cycle = 7 },
            Visit("g2", Oct1.AddDays(30), "t-a", "v2"),
        ], []);

        var range = await Visits.GetTargetVisitsAsync("g1", ["t-c", "t-a"], Oct1.AddDays(1), Oct1.AddDays(31));

        Assert.Equal([(1, "t-a"), (7, "t-c"), (2, "t-a")], range.Select(v => (v.Cycle, v.TargetId)));
        Assert.Empty(await Visits.GetTargetVisitsAsync("g1", [], Oct1, Oct1.AddDays(60)));
    }

    [Fact]
    public async Task A_visit_reads_back_by_id_with_every_field()
    {
        var outcome = new VisitOutcome("v2", VisitStatus.NotReachable, new DateTimeOffset(2026, 10, 4, 10, 0, 0, TimeSpan.FromHours(8)), "家中无人",
            [new ReportedProblem("道路", "路灯坏了", Urgent: true)], new DateTimeOffset(2026, 10, 4, 10, 5, 0, TimeSpan.FromHours(8)));
        var visit = new Visit("h-7", TargetKind.Household, "kaidi", Oct1.AddDays(3), ["v1", "v2"], 4,
            Oct1, Oct1.AddDays(6), Oct1.AddDays(2), VisitStatus.NotReachable, Oct1.AddDays(3), outcome);
        await Visits.ApplyAsync([visit], []);

        var stored = await Visits.GetVisitAsync(visit.Id);

        Assert.NotNull(stored);
        Assert.True(visit.SameAs(stored), $"{stored}");
        Assert.True(visit.SameAs(Assert.Single(await Visits.GetVisitorVisitsAsync("v2", ["kaidi"], Oct1, Oct1.AddDays(6)))));
        var withETag = (await Visits.GetStoredVisitAsync(visit.Id))!;
        Assert.True(visit.SameAs(withETag.Visit));
        Assert.False(string.IsNullOrEmpty(withETag.ETag));
    }

    [Theory]
    [InlineData("kaidi~20261004~h-8")]
    [InlineData("other~20261004~h-7")]
    [InlineData("not-a-visit-id")]
    [InlineData("kaidi~2026-10-04~h-7")]
    [InlineData("")]
    public async Task An_unknown_or_malformed_id_reads_as_null(string id)
    {
        await Visits.ApplyAsync([Visit("kaidi", Oct1.AddDays(3), "h-7", "v1")], []);

        Assert.Null(await Visits.GetVisitAsync(id));
        Assert.Null(await Visits.GetStoredVisitAsync(id));
    }

    [Fact]
    public async Task Applying_the_same_changes_twice_leaves_the_same_visits()
    {
        Visit[] upserts =
        [
            Visit("g1", Oct1, "t-a", "v1", "v2"),
            Visit("g1", Oct1.AddDays(1), "t-b", "v2"),
            Visit("g2", Oct1, "t-c", "v3"),
        ];
        Visit[] deletes = [Visit("g1", Oct1.AddDays(9), "t-z", "v1")];

        await Visits.ApplyAsync(upserts, deletes);
        var first = await EverythingAsync();
        await Visits.ApplyAsync(upserts, deletes);
        var second = await EverythingAsync();

        Assert.Equal(3, first.Count);
        Assert.Equal(first.Count, second.Count);
        Assert.All(first.Zip(second), pair => Assert.True(pair.First.SameAs(pair.Second)));
    }

    [Fact]
    public async Task A_visit_whose_visitors_change_is_found_under_the_new_visitors_and_not_the_old_ones()
    {
        await Visits.ApplyAsync([Visit("g1", Oct1, "t-a", "v1", "v2")], []);

        await Visits.ApplyAsync([Visit("g1", Oct1, "t-a", "v2", "v3")], []);

        Assert.Empty(await Visits.GetVisitorVisitsAsync("v1", ["g1"], Oct1, Oct1));
        Assert.Equal(["v2", "v3"], Assert.Single(await Visits.GetVisitorVisitsAsync("v2", ["g1"], Oct1, Oct1)).VisitorIds);
        Assert.Equal(["v2", "v3"], Assert.Single(await Visits.GetVisitorVisitsAsync("v3", ["g1"], Oct1, Oct1)).VisitorIds);

        // From a pair to one visitor: the second visitor must not linger.
        await Visits.ApplyAsync([Visit("g1", Oct1, "t-a", "v4")], []);

        Assert.Empty(await Visits.GetVisitorVisitsAsync("v2", ["g1"], Oct1, Oct1));
        Assert.Empty(await Visits.GetVisitorVisitsAsync("v3", ["g1"], Oct1, Oct1));
        Assert.Equal(["v4"], Assert.Single(await Visits.GetVisitorVisitsAsync("v4", ["g1"], Oct1, Oct1)).VisitorIds);
    }

    [Fact]
    public async Task Moving_a_visit_to_another_day_deletes_the_old_one()
    {
        var before = Visit("g1", Oct1, "t-a", "v1");
        await Visits.ApplyAsync([before], []);

        var after = Visit("g1", Oct1.AddDays(2), "t-a", "v2");
        await Visits.ApplyAsync([after], [before]);

        Assert.Equal([after.Id], (await Visits.GetGridVisitsAsync("g1", Oct1, Oct1.AddDays(5))).Select(v => v.Id));
        Assert.Empty(await Visits.GetVisitorVisitsAsync("v1", ["g1"], Oct1, Oct1.AddDays(5)));
    }

    [Fact]
    public async Task Deleting_visits_that_are_not_stored_is_fine_and_still_deletes_the_stored_ones()
    {
        var stored = Visit("g1", Oct1, "t-a", "v1");
        await Visits.ApplyAsync([stored], []);
        var missing = Enumerable.Range(0, 5).Select(i => Visit("g1", Oct1.AddDays(i + 1), $"t-{i}", "v1", "v2")).ToList();

        await Visits.ApplyAsync([], [.. missing, stored]);
        await Visits.ApplyAsync([], missing);

        Assert.Empty(await EverythingAsync());
    }

    [Fact]
    public async Task A_visit_both_upserted_and_deleted_is_kept_and_a_repeated_one_keeps_its_last_version()
    {
        var visit = Visit("g1", Oct1, "t-a", "v1");

        await Visits.ApplyAsync([visit with { Cycle = 1 }, visit], [visit]);

        Assert.Equal(0, (await Visits.GetVisitAsync(visit.Id))!.Cycle);
        Assert.Single(await Visits.GetVisitorVisitsAsync("v1", ["g1"], Oct1, Oct1));
    }

    [Fact]
    public async Task More_than_a_hundred_visits_of_one_grid_are_all_written_and_deleted()
    {
        var visits = Enumerable.Range(0, 250).Select(i => Visit("big", Oct1.AddDays(i % 20), $"t-{i:D3}", "v1")).ToList();

        await Visits.ApplyAsync(visits, []);
        Assert.Equal(250, (await Visits.GetVisitorVisitsAsync("v1", ["big"], Oct1, Oct1.AddDays(30))).Count);
        await Visits.ApplyAsync([], visits.Take(150).ToList());

        Assert.Equal(100, (await Visits.GetGridVisitsAsync("big", Oct1, Oct1.AddDays(30))).Count);
    }

    [Fact]
    public async Task A_visit_with_more_visitors_than_a_policy_allows_is_refused_naming_it_and_nothing_is_written()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Visits.ApplyAsync(
            [Visit("g1", Oct1, "t-a", "v1"), Visit("g1", Oct1, "t-b", "v1", "v2", "v3")], []));

        Assert.Contains("g1~20261001~t-b", error.Message);
        Assert.Empty(await Visits.GetGridVisitsAsync("g1", Oct1, Oct1));
    }

    [Fact]
    public async Task A_plan_made_from_a_stale_read_does_not_overwrite_an_outcome_recorded_meanwhile()
    {
        await Visits.ApplyAsync([Visit("g1", Oct1, "h1", "v1"), Visit("g1", Oct1, "h2", "v1")], []);
        var read = await Visits.GetGridVisitsAsync("g1", Oct1, Oct1);
        var stale = read.Single(v => v.TargetId == "h1");

        // The visitor reports the visit ...
        var stored = (await Visits.GetStoredVisitAsync(stale.Id))!;
        Assert.NotNull(await Visits.TryReplaceAsync(stale with { Status = VisitStatus.Completed, Outcome = Outcome("v1") }, stored.ETag));

        // ... while a plan made from the earlier read repairs it (and deletes its neighbour, which is unchanged).
        await Assert.ThrowsAsync<ConcurrentChangeException>(() => Visits.ApplyAsync([stale with { VisitorIds = ["v2"] }], []));
        await Assert.ThrowsAsync<ConcurrentChangeException>(() => Visits.ApplyAsync([], [stale]));
        await Visits.ApplyAsync([], [read.Single(v => v.TargetId == "h2")]);

        var after = Assert.Single(await Visits.GetGridVisitsAsync("g1", Oct1, Oct1));
        Assert.Equal((VisitStatus.Completed, "v1"), (after.Status, after.VisitorIds.Single()));
        Assert.NotNull(after.Outcome);
    }

    [Fact]
    public async Task A_replace_applies_once_per_etag_and_never_creates_a_visit()
    {
        var visit = Visit("g1", Oct1, "h1", "v1");
        await Visits.ApplyAsync([visit], []);
        var etag = (await Visits.GetStoredVisitAsync(visit.Id))!.ETag;

        var next = await Visits.TryReplaceAsync(visit with { Status = VisitStatus.Completed }, etag);
        var stale = await Visits.TryReplaceAsync(visit with { Status = VisitStatus.Refused }, etag);
        var missing = await Visits.TryReplaceAsync(Visit("g1", Oct1, "h2", "v1"), etag);

        Assert.NotNull(next);
        Assert.NotEqual(etag, next);
        Assert.Equal(next, (await Visits.GetStoredVisitAsync(visit.Id))!.ETag);
        Assert.Equal((null, null), (stale, missing));
        Assert.Equal(VisitStatus.Completed, (await Visits.GetVisitAsync(visit.Id))!.Status);
        Assert.Null(await Visits.GetVisitAsync("g1~20261001~h2"));
    }

    [Fact]
    public async Task An_outcome_and_the_problems_it_raises_are_written_together_or_not_at_all()
    {
        var visit = Visit("g1", Oct1, "h1", "v1");
        await Visits.ApplyAsync([visit], []);
        var etag = (await Visits.GetStoredVisitAsync(visit.Id))!.ETag;
        var done = visit with { Status = VisitStatus.Completed, Outcome = Outcome("v1") };
        Problem[] raised = [Raised("g1~20261001~h1~1"), Raised("g1~20261001~h1~2")];

        var written = await Visits.TryReplaceWithProblemsAsync(done, etag, raised);
        var stale = await Visits.TryReplaceWithProblemsAsync(done, etag, [Raised("g1~20261001~h1~3")]);

        Assert.Equal(written, (await Visits.GetStoredVisitAsync(visit.Id))!.ETag);
        Assert.Null(stale);
        Assert.Equal([.. raised.Select(p => p.Id)], (await Problems.ListAsync(new ProblemFilter(Grid: "g1"))).Select(p => p.Problem.Id));
    }

    [Fact]
    public async Task A_corrected_outcome_leaves_a_problem_already_stored_where_its_workflow_is()
    {
        var visit = Visit("g1", Oct1, "h1", "v1");
        await Visits.ApplyAsync([visit], []);
        var first = Raised("g1~20261001~h1~1");
        var etag = (await Visits.TryReplaceWithProblemsAsync(visit with { Status = VisitStatus.Completed, Outcome = Outcome("v1") }, (await Visits.GetStoredVisitAsync(visit.Id))!.ETag, [first]))!;
        var stored = (await Problems.GetAsync(first.Id))!;
        var dispatched = ProblemWorkflow.Apply(first, new Dispatch("urban", 5), "coordinator", first.ReportedAt.AddHours(1)).Problem;
        Assert.NotNull(await Problems.TryReplaceAsync(dispatched, stored.ETag));

        var corrected = await Visits.TryReplaceWithProblemsAsync(visit with { Status = VisitStatus.Completed, Outcome = Outcome("v1", "改正") }, etag, [first, Raised("g1~20261001~h1~2")]);

        Assert.NotNull(corrected);
        Assert.Equal(ProblemStatus.Dispatched, (await Problems.GetAsync(first.Id))!.Problem.Stage);
        Assert.NotNull(await Problems.GetAsync("g1~20261001~h1~2"));
    }

    [Fact]
    public async Task A_targets_history_holds_its_visits_and_none_of_the_problems_raised_at_them()
    {
        var visit = Visit("g1", Oct1, "h1", "v1");
        await Visits.ApplyAsync([visit], []);
        var etag = (await Visits.GetStoredVisitAsync(visit.Id))!.ETag;
        Assert.NotNull(await Visits.TryReplaceWithProblemsAsync(visit with { Status = VisitStatus.Completed, Outcome = Outcome("v1") }, etag, [Raised("g1~20261001~h1~1")]));
        Assert.NotNull(await Problems.AddAsync(Raised("g1~20261001~h1~d0a1b2c3d")));

        // Problem rows carry TargetId too, but a target's visit history never sees them.
        var history = await Visits.GetTargetVisitsAsync("g1", "h1");
        var range = await Visits.GetTargetVisitsAsync("g1", ["h1"], Oct1, Oct1);
        var day = await Visits.GetGridVisitsAsync("g1", Oct1, Oct1);

        Assert.All([history, range, day], visits => Assert.Equal(visit.Id, Assert.Single(visits).Id));
        Assert.Equal(2, (await Problems.ListAsync(new ProblemFilter(Grid: "g1"))).Count);
    }

    protected static Visit Visit(string grid, DateOnly date, string target, params string[] visitors) =>
        new(target, TargetKind.Enterprise, grid, date, visitors, 0, date.AddDays(-3), date.AddDays(10), date);

    private static VisitOutcome Outcome(string visitor, string? notes = null) =>
        new(visitor, VisitStatus.Completed, new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.FromHours(8)), notes, [], DateTimeOffset.UnixEpoch);

    private static Problem Raised(string id) =>
        ProblemWorkflow.Report(new ReportProblem(id, "g1", "h1", "g1~20261001~h1", "道路", "路灯坏了", ProblemUrgency.Urgent), "v1", new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.FromHours(8)));

    /// <summary>Every visit of the grids these tests use, in the grid-days order.</summary>
    private async Task<List<Visit>> EverythingAsync()
    {
        var all = new List<Visit>();
        foreach (var grid in new[] { "g1", "g2" })
        {
            all.AddRange(await Visits.GetGridVisitsAsync(grid, Oct1.AddDays(-30), Oct1.AddDays(60)));
        }
        return all;
    }
}
