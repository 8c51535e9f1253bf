using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using Outreach.Calendar;
using Outreach.Points;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Adapters.Tests.Tables;

/// <summary>
/// The passbook's guarantees where they are Table Storage's to keep: redemptions racing on real Azurite (the head row's
/// ETag, the item's ETag) never overdraw a balance or give out more than the stock, and the stored balance is the sum of
/// the stored entries. What every points store answers is in <see cref="TablePointsStoreContractTests"/>.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TablePointsStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 15, 10, 0, 0, ChinaTime.Offset);

    private readonly TableStores _stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());

    private PointsService Service => new(_stores.Roster, _stores.Points, new FakeTimeProvider(Now));

    [Fact]
    public async Task Twelve_redemptions_racing_on_one_passbook_spend_only_what_it_holds()
    {
        await SeedAsync(households: 1, towels: 50);
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await Service.AwardAsync(new PointsAward("h0", "help"))).Succeeded);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => Service.RedeemAsync("h0", "towel"))));

        Assert.Equal(3, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(PointsRefusal.NotEnoughPoints, r.Refusal));
        var ledger = await _stores.Points.GetLedgerAsync("h0");
        Assert.Equal(5, ledger.Balance);
        Assert.Equal(8, ledger.Entries.Count);
        Assert.Equal(ledger.Balance, await StoredBalanceAsync("h0"));
        Assert.Equal(47, (await _stores.Points.GetItemsAsync()).Single().Stock);
    }

    [Fact]
    public async Task Households_racing_for_the_last_two_items_get_two()
    {
        await SeedAsync(households: 6, towels: 2);
        foreach (var h in Enumerable.Range(0, 6))
        {
            await Service.AwardAsync(new PointsAward($"h{h}", "help"));
            await Service.AwardAsync(new PointsAward($"h{h}", "help"));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(h => Task.Run(() => Service.RedeemAsync($"h{h}", "towel"))));

        Assert.Equal(2, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(PointsRefusal.OutOfStock, r.Refusal));
        Assert.Equal(0, (await _stores.Points.GetItemsAsync()).Single().Stock);
        var spent = 0;
        foreach (var h in Enumerable.Range(0, 6))
        {
            var ledger = await _stores.Points.GetLedgerAsync($"h{h}");
            Assert.Equal(ledger.Balance, await StoredBalanceAsync($"h{h}"));
            spent += ledger.Entries.Count(e => e.Kind == PointsEntryKind.Redemption);
        }
        Assert.Equal(2, spent);
    }

    [Fact]
    public async Task Awards_racing_past_a_monthly_cap_stop_at_the_cap()
    {
        await SeedAsync(households: 1, towels: 1);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Service.AwardAsync(new PointsAward("h0", "capped")))));

        Assert.Equal(3, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(PointsRefusal.MonthlyCap, r.Refusal));
        Assert.Equal(30, await StoredBalanceAsync("h0"));
    }

    private async Task SeedAsync(int households, int towels)
    {
        await _stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山社区")]);
        await _stores.Roster.SaveTargetsAsync(Enumerable.Range(0, households).Select(h => new Target($"h{h}", TargetKind.Household, $"仙山社区{h}号", "g1", [])).ToList());
        await _stores.Points.ImportRulesAsync([new PointsRule("help", "邻里互助", 10), new PointsRule("capped", "环境整治", 10, 30)]);
        await _stores.Points.ImportItemsAsync([new PointsItem("towel", "毛巾", 15, towels)]);
    }

    /// <summary>The balance the head row holds, written with each entry.</summary>
    private async Task<int> StoredBalanceAsync(string household)
    {
        var table = _stores.Service.GetTableClient(_stores.Options.Points);
        return (await table.GetEntityAsync<TableEntity>(household, "head")).Value.GetInt32("Balance")!.Value;
    }
}
