using Outreach.Planning;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Adapters.Tests.Tables;

/// <summary>
/// What only the Table Storage visit store has to get right: pages of a thousand rows, filter limits, quoting and
/// keys. What every visit store answers is in <see cref="TableVisitStoreContractTests"/>.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableVisitStoreTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Oct1 = new(2026, 10, 1);

    private readonly TableStores _stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());

    private TableVisitStore Store => _stores.Visits;

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
    public async Task An_id_with_a_quote_reads_as_null()
    {
        await Store.ApplyAsync([Visit("kaidi", Oct1.AddDays(3), "h-7", "v1")], []);

        Assert.Null(await Store.GetVisitAsync("kaidi~20261004~h'7"));
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
        Assert.Empty(await Store.GetTargetVisitsAsync("g1", ["t-a' or TargetId ne 'x"], Oct1, Oct1));
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

    private static Visit Visit(string grid, DateOnly date, string target, params string[] visitors) =>
        new(target, TargetKind.Enterprise, grid, date, visitors, 0, date.AddDays(-3), date.AddDays(10), date);
}
