using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Adapters.Tests.Tables;

/// <summary>
/// What only the Table Storage roster store has to get right: quoting and keys. What every roster store answers is in
/// <see cref="TableRosterStoreContractTests"/>.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableRosterStoreTests(AzuriteFixture azurite)
{
    private readonly TableRosterStore _store = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix()).Roster;

    [Fact]
    public async Task Quotes_and_malformed_ids_in_point_reads_and_queries_find_nothing()
    {
        await _store.SaveVisitorsAsync([new Visitor("v-1", "张伟", "+8613800000001", "grid-member", ["kaidi"], 10, [], "lead")]);
        await _store.SaveTargetsAsync([new Target("h-1", TargetKind.Household, "凯地家园3-201", "kaidi", [])]);

        Assert.Null(await _store.GetTargetAsync("kaidi", "h-1' or RowKey ne '"));
        Assert.Null(await _store.GetVisitorAsync("v-1' or RowKey ne '"));
        Assert.Empty(await _store.GetTeamAsync("lead' or Supervisor ne '"));
        Assert.Empty(await _store.GetTargetsAsync("kaidi' or PartitionKey ne '"));
    }

    [Fact]
    public async Task An_id_that_cannot_be_a_key_is_rejected_by_name_and_nothing_is_saved()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveTargetsAsync(
        [
            new Target("fine", TargetKind.Enterprise, "Fine", "g", []),
            new Target("a/b", TargetKind.Enterprise, "Bad", "g", []),
        ]));

        Assert.Contains("'a/b'", error.Message);
        Assert.Empty(await _store.GetTargetsAsync("g"));
    }
}
