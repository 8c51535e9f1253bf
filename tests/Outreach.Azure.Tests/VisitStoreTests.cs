using Azure.Data.Tables;
using Outreach.Planning;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Azure.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class VisitStoreTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Oct1 = new(2026, 10, 1);

    private readonly TableStores _stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());

    private TableVisitStore Store => _stores.Visits;

    [Fact]
    public async Task Grid_days_query_returns_exactly_that_grids_visits_in_the_range_by_date_then_target()
    {
        await Store.ApplyAsync(
        [
            Visit("g1", Oct1, "t-a", "v1"),
            Visit("g1", Oct1.AddDays(1), "t-b", "v1"),
            Visit("g1", Oct1.AddDays(2), "t-c", "v1"),
            Visit("g1", Oct1.AddDays(2), "t-a", "v2"),
            Visit("g1", Oct1.AddDays(3), "t-d", "v1"),
            Visit("g10", Oct1.AddDays(1), "t-x", "v1"),
            Visit("g2", Oct1.AddDays(2), "t-y", "v1"),
        ], []);

        var visits = await Store.GetGridVisitsAsync("g1", Oct1.AddDays(1), Oct1.AddDays(2));

        Assert.Equal(["g1~20261002~t-b", "g1~20261003~t-a", "g1~20261003~t-c"], visits.Select(v => v.Id));
    }

    [Fact]
    public async Task A_grids_days_are_read_past_the_first_page_of_a_thousand_rows()
    {
        // 2,500 visits in one partition: Table Storage answers at most 1,000 rows a page, then a continuation token.
        var visits = Enumerable.Range(0, 2_500).Select(i => Visit("g1", Oct1.AddDays(i % 50), $"t-{i:D4}", "v1")).ToList();
        await Store.ApplyAsync([.. visits, Visit("g2", Oct1, "t-0000", "v1")], []);

        var read = await Store.GetGridVisitsAsync("g1", Oct1, Oct1.AddDays(49));

        Assert.Equal(2_500, read.Count);
        Assert.Equal(visits.Select(v => v.Id).Order(StringComparer.Ordinal), read.Select(v => v.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_visitor_covering_two_grids_finds_visits_in_both_by_date_then_grid_then_target_within_the_range()
    {
        await Store.ApplyAsync(
        [
            Visit("g2", Oct1, "t-b", "v1"),
            Visit("g1", Oct1, "t-z", "v1"),
            Visit("g1", Oct1, "t-a", "v1"),
            Visit("g2", Oct1.AddDays(1), "t-b", "v1", "v2"),
            Visit("g1", Oct1.AddDays(2), "t-c", "v2"),
            Visit("g1", Oct1.AddDays(5), "t-d", "v1"),
        ], []);

        var visits = await Store.GetVisitorVisitsAsync("v1", ["g1", "g2"], Oct1, Oct1.AddDays(4));

        Assert.Equal(["g1~20261001~t-a", "g1~20261001~t-z", "g2~20261001~t-b", "g2~20261002~t-b"], visits.Select(v => v.Id));
        Assert.Equal(["v1", "v2"], visits[3].VisitorIds);
        Assert.Empty(await Store.GetVisitorVisitsAsync("v9", ["g1", "g2"], Oct1, Oct1.AddDays(30)));
    }

    [Fact]
    public async Task A_visitors_visits_are_found_only_in_the_grids_passed()
    {
        await Store.ApplyAsync([Visit("g1", Oct1, "t-a", "v1"), Visit("g3", Oct1, "t-d", "v1")], []);

        Assert.Equal(["g1~20261001~t-a"], (await Store.GetVisitorVisitsAsync("v1", ["g1", "g2"], Oct1, Oct1)).Select(v => v.Id));
        Assert.Empty(await Store.GetVisitorVisitsAsync("v1", [], Oct1, Oct1));
    }

    [Fact]
    public async Task A_team_visit_is_found_for_both_visitors()
    {
        var visit = Visit("g1", Oct1, "t-a", "v1", "v2");
        await Store.ApplyAsync([visit, Visit("g1", Oct1, "t-b", "v3")], []);

        Assert.Equal([visit.Id], (await Store.GetVisitorVisitsAsync("v1", ["g1"], Oct1, Oct1)).Select(v => v.Id));
        Assert.Equal([visit.Id], (await Store.GetVisitorVisitsAsync("v2", ["g1"], Oct1, Oct1)).Select(v => v.Id));
    }

    [Fact]
    public async Task Target_history_is_oldest_first_and_only_that_target()
    {
        await Store.ApplyAsync(
        [
            Visit("g1", Oct1.AddDays(60), "t-a", "v3") with { Cycle = 2 },
            Visit("g1", Oct1, "t-a", "v1") with { Cycle = 0, Status = VisitStatus.Completed, CompletedOn = Oct1 },
            Visit("g1", Oct1.AddDays(30), "t-a", "v2") with { Cycle = 1 },
            Visit("g1", Oct1.AddDays(30), "t-ab", "v2"),
            Visit("g2", Oct1.AddDays(30), "t-a", "v2"),
        ], []);

        var history = await Store.GetTargetVisitsAsync("g1", "t-a");

        Assert.Equal([0, 1, 2], history.Select(v => v.Cycle));
        Assert.All(history, v => Assert.Equal(("g1", "t-a"), (v.Grid, v.TargetId)));
    }

    [Fact]
    public async Task Targets_history_within_days_reads_only_that_range_of_those_targets()
    {
        await Store.ApplyAsync(
        [
            Visit("g1", Oct1, "t-a", "v1") with { Cycle = 0 },
            Visit("g1", Oct1.AddDays(30), "t-a", "v2") with { Cycle = 1 },
            Visit("g1", Oct1.AddDays(31), "t-a", "v2") with { Cycle = 2 },
            Visit("g1", Oct1.AddDays(60), "t-a", "v3") with { Cycle = 3 },
            Visit("g1", Oct1.AddDays(30), "t-ab", "v2"),
            Visit("g1", Oct1.AddDays(30), "t-c", "v2") with { Cycle = 7 },
            Visit("g2", Oct1.AddDays(30), "t-a", "v2"),
        ], []);

        var range = await Store.GetTargetVisitsAsync("g1", ["t-a", "t-c"], Oct1.AddDays(1), Oct1.AddDays(31));

        Assert.Equal([(1, "t-a"), (7, "t-c"), (2, "t-a")], range.Select(v => (v.Cycle, v.TargetId)));
        Assert.Empty(await Store.GetTargetVisitsAsync("g1", ["t-a' or TargetId ne 'x"], Oct1, Oct1.AddDays(60)));
        Assert.Empty(await Store.GetTargetVisitsAsync("g1", [], Oct1, Oct1.AddDays(60)));
    }

    [Fact]
    public async Task Thirty_targets_are_read_in_filters_of_at_most_fifteen_comparisons_as_table_storage_allows()
    {
        var targets = Enumerable.Range(0, 30).Select(i => $"t-{i:D2}").ToList();
        await Store.ApplyAsync(targets.Select(t => Visit("g1", Oct1, t, "v1")).ToList(), []);

        var filters = TableVisitStore.TargetFilters("g1", targets, Oct1, Oct1).ToList();
        var visits = await Store.GetTargetVisitsAsync("g1", targets, Oct1, Oct1);

        Assert.Equal(3, filters.Count);
        Assert.All(filters, f => Assert.True(System.Text.RegularExpressions.Regex.Count(f, " (eq|ge|lt) ") <= 15, f));
        Assert.Equal(targets, visits.Select(v => v.TargetId));
    }

    [Fact]
    public async Task A_visit_reads_back_by_id_with_every_field()
    {
        var visit = new Visit("h-7", TargetKind.Household, "kaidi", Oct1.AddDays(3), ["v1", "v2"], 4,
            Oct1, Oct1.AddDays(6), Oct1.AddDays(2), VisitStatus.NotReachable, Oct1.AddDays(3));
        await Store.ApplyAsync([visit], []);

        var stored = await Store.GetVisitAsync(visit.Id);

        Assert.NotNull(stored);
        Assert.True(visit.SameAs(stored));
        var viaVisitor = Assert.Single(await Store.GetVisitorVisitsAsync("v2", ["kaidi"], Oct1, Oct1.AddDays(6)));
        Assert.True(visit.SameAs(viaVisitor));
    }

    [Theory]
    [InlineData("kaidi~20261004~h-8")]
    [InlineData("other~20261004~h-7")]
    [InlineData("not-a-visit-id")]
    [InlineData("kaidi~2026-10-04~h-7")]
    [InlineData("kaidi~20261004~h'7")]
    [InlineData("")]
    public async Task An_unknown_or_malformed_id_reads_as_null(string id)
    {
        await Store.ApplyAsync([Visit("kaidi", Oct1.AddDays(3), "h-7", "v1")], []);

        Assert.Null(await Store.GetVisitAsync(id));
    }

    [Fact]
    public async Task Applying_the_same_changes_twice_leaves_the_same_rows()
    {
        Visit[] upserts =
        [
            Visit("g1", Oct1, "t-a", "v1", "v2"),
            Visit("g1", Oct1.AddDays(1), "t-b", "v2"),
            Visit("g2", Oct1, "t-c", "v3"),
        ];
        Visit[] deletes = [Visit("g1", Oct1.AddDays(9), "t-z", "v1")];

        await Store.ApplyAsync(upserts, deletes);
        var first = await SnapshotAsync();
        await Store.ApplyAsync(upserts, deletes);
        var second = await SnapshotAsync();

        Assert.Equal(3, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task A_visit_whose_visitors_change_is_found_under_the_new_visitors_and_not_the_old_ones()
    {
        await Store.ApplyAsync([Visit("g1", Oct1, "t-a", "v1", "v2")], []);

        await Store.ApplyAsync([Visit("g1", Oct1, "t-a", "v2", "v3")], []);

        Assert.Empty(await Store.GetVisitorVisitsAsync("v1", ["g1"], Oct1, Oct1));
        Assert.Equal(["v2", "v3"], Assert.Single(await Store.GetVisitorVisitsAsync("v2", ["g1"], Oct1, Oct1)).VisitorIds);
        Assert.Equal(["v2", "v3"], Assert.Single(await Store.GetVisitorVisitsAsync("v3", ["g1"], Oct1, Oct1)).VisitorIds);
        Assert.Equal(["v2", "v3"], (await Store.GetVisitAsync("g1~20261001~t-a"))!.VisitorIds);

        // From a pair to one visitor: the second visitor's column must not linger.
        await Store.ApplyAsync([Visit("g1", Oct1, "t-a", "v4")], []);

        Assert.Empty(await Store.GetVisitorVisitsAsync("v2", ["g1"], Oct1, Oct1));
        Assert.Empty(await Store.GetVisitorVisitsAsync("v3", ["g1"], Oct1, Oct1));
        Assert.Equal(["v4"], Assert.Single(await Store.GetVisitorVisitsAsync("v4", ["g1"], Oct1, Oct1)).VisitorIds);
    }

    [Fact]
    public async Task Moving_a_visit_to_another_day_deletes_the_old_row()
    {
        var before = Visit("g1", Oct1, "t-a", "v1");
        await Store.ApplyAsync([before], []);

        var after = Visit("g1", Oct1.AddDays(2), "t-a", "v2");
        await Store.ApplyAsync([after], [before]);

        Assert.Equal([after.Id], (await Store.GetGridVisitsAsync("g1", Oct1, Oct1.AddDays(5))).Select(v => v.Id));
        Assert.Empty(await Store.GetVisitorVisitsAsync("v1", ["g1"], Oct1, Oct1.AddDays(5)));
        Assert.Equal([after.Id], (await Store.GetVisitorVisitsAsync("v2", ["g1"], Oct1, Oct1.AddDays(5))).Select(v => v.Id));
    }

    [Fact]
    public async Task Deleting_visits_that_are_not_stored_is_fine_and_still_deletes_the_stored_ones()
    {
        var stored = Visit("g1", Oct1, "t-a", "v1");
        await Store.ApplyAsync([stored], []);
        var missing = Enumerable.Range(0, 5).Select(i => Visit("g1", Oct1.AddDays(i + 1), $"t-{i}", "v1", "v2")).ToList();

        await Store.ApplyAsync([], [.. missing, stored]);
        await Store.ApplyAsync([], missing);

        Assert.Empty(await SnapshotAsync());
    }

    [Fact]
    public async Task A_visit_both_upserted_and_deleted_is_kept()
    {
        var visit = Visit("g1", Oct1, "t-a", "v1");

        await Store.ApplyAsync([visit], [visit]);

        Assert.NotNull(await Store.GetVisitAsync(visit.Id));
        Assert.Single(await Store.GetVisitorVisitsAsync("v1", ["g1"], Oct1, Oct1));
    }

    [Fact]
    public async Task More_than_a_hundred_rows_in_one_partition_are_split_into_batches()
    {
        var visits = Enumerable.Range(0, 250)
            .Select(i => Visit("big", Oct1.AddDays(i % 20), $"t-{i:D3}", "v1"))
            .ToList();

        await Store.ApplyAsync(visits, []);

        Assert.Equal(250, (await Store.GetGridVisitsAsync("big", Oct1, Oct1.AddDays(30))).Count);
        Assert.Equal(250, (await Store.GetVisitorVisitsAsync("v1", ["big"], Oct1, Oct1.AddDays(30))).Count);

        await Store.ApplyAsync([], visits.Take(150).ToList());

        Assert.Equal(100, (await Store.GetGridVisitsAsync("big", Oct1, Oct1.AddDays(30))).Count);
        Assert.Equal(100, (await Store.GetVisitorVisitsAsync("v1", ["big"], Oct1, Oct1.AddDays(30))).Count);
    }

    [Fact]
    public async Task Quotes_in_query_values_are_escaped_not_interpreted()
    {
        await Store.ApplyAsync([Visit("g1", Oct1, "t-a", "v1"), Visit("g2", Oct1, "t-a", "v1")], []);

        Assert.Empty(await Store.GetGridVisitsAsync("g1' or PartitionKey ne 'x", Oct1, Oct1));
        Assert.Empty(await Store.GetVisitorVisitsAsync("v1' or PartitionKey ne 'x", ["g1", "g2"], Oct1, Oct1));
        Assert.Empty(await Store.GetVisitorVisitsAsync("x') or (Visitor1 ne 'x", ["g1", "g2"], Oct1, Oct1));
        Assert.Empty(await Store.GetVisitorVisitsAsync("v1", ["g1' or PartitionKey ne 'x"], Oct1, Oct1));
        Assert.Equal(2, (await Store.GetVisitorVisitsAsync("v1", ["g1", "g2"], Oct1, Oct1)).Count);
        Assert.Empty(await Store.GetTargetVisitsAsync("g1", "t-a' or TargetId ne 'x"));
        Assert.Empty(await Store.GetTargetVisitsAsync("g1' or PartitionKey ne 'x", "t-a"));
        Assert.Single(await Store.GetTargetVisitsAsync("g1", "t-a"));
    }

    [Fact]
    public async Task A_visitor_id_that_cannot_be_a_key_is_rejected_and_nothing_is_written()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.ApplyAsync(
            [Visit("g1", Oct1, "t-a", "v1"), Visit("g1", Oct1, "t-b", "v#2")], []));

        Assert.Contains("'v#2'", error.Message);
        Assert.Empty(await Store.GetGridVisitsAsync("g1", Oct1, Oct1));
    }

    [Fact]
    public async Task A_visit_with_more_than_two_visitors_is_rejected_naming_it_and_nothing_is_written()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.ApplyAsync(
            [Visit("g1", Oct1, "t-a", "v1"), Visit("g1", Oct1, "t-b", "v1", "v2", "v3")], []));

        Assert.Contains("g1~20261001~t-b", error.Message);
        Assert.Empty(await Store.GetGridVisitsAsync("g1", Oct1, Oct1));
    }

    [Fact]
    public async Task A_plan_made_from_a_stale_read_does_not_overwrite_an_outcome_recorded_meanwhile()
    {
        await Store.ApplyAsync([Visit("g1", Oct1, "h1", "v1"), Visit("g1", Oct1, "h2", "v1")], []);
        var read = await Store.GetGridVisitsAsync("g1", Oct1, Oct1);
        var stale = read.Single(v => v.TargetId == "h1");
        Assert.NotNull(stale.ETag);

        // The visitor reports the visit ...
        var stored = (await Store.GetStoredVisitAsync(stale.Id))!;
        var outcome = new Outcomes.VisitOutcome("v1", VisitStatus.Completed, new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.FromHours(8)), null, [], DateTimeOffset.UnixEpoch);
        Assert.NotNull(await Store.TryReplaceAsync(stale with { Status = VisitStatus.Completed, Outcome = outcome }, stored.ETag));

        // ... while a plan made from the earlier read repairs it (and deletes its neighbour, which is unchanged).
        var other = read.Single(v => v.TargetId == "h2");
        await Assert.ThrowsAsync<ConcurrentChangeException>(() => Store.ApplyAsync([stale with { VisitorIds = ["v2"] }], []));
        await Assert.ThrowsAsync<ConcurrentChangeException>(() => Store.ApplyAsync([], [stale]));
        await Store.ApplyAsync([], [other]);

        var after = Assert.Single(await Store.GetGridVisitsAsync("g1", Oct1, Oct1));
        Assert.Equal((VisitStatus.Completed, "v1"), (after.Status, after.VisitorIds.Single()));
        Assert.NotNull(after.Outcome);
    }

    private static Visit Visit(string grid, DateOnly date, string target, params string[] visitors) =>
        new(target, TargetKind.Enterprise, grid, date, visitors, 0, date.AddDays(-3), date.AddDays(10), date);

    /// <summary>Every stored visit row, as comparable text.</summary>
    private Task<List<string>> SnapshotAsync() => RowsAsync(_stores.Options.Visits);

    private async Task<List<string>> RowsAsync(string table)
    {
        var rows = new List<string>();
        await foreach (var entity in _stores.Service.GetTableClient(table).QueryAsync<TableEntity>())
        {
            rows.Add(string.Join("|", entity.Where(p => p.Key is not ("Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        }
        return rows;
    }
}
