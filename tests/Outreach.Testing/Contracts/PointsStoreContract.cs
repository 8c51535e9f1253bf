using Outreach.Points;
using Xunit;

namespace Outreach.Testing.Contracts;

/// <summary>
/// What every <see cref="IPointsStore"/> answers: the Table Storage store on Azurite and the in-memory one both run these.
/// Each test gets an empty store.
/// </summary>
public abstract class PointsStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));

    /// <summary>An empty store, fresh for each test.</summary>
    protected abstract IPointsStore Points { get; }

    /// <summary>The <paramref name="sequence"/>th entry of <paramref name="household"/>, of <paramref name="points"/> points.</summary>
    public static PointsEntry Entry(string household, int sequence, int points, DateTimeOffset? at = null, string grid = "g-1") =>
        new(PointsEntry.IdOf(household, sequence), household, sequence, points >= 0 ? PointsEntryKind.Award : PointsEntryKind.Redemption,
            at ?? At, points, grid, "service-centre", At, Code: points >= 0 ? "cleanup" : null, Item: points >= 0 ? null : "soap", Note: "备注 <b>", Resident: "王芳");

    [Fact]
    public async Task Rules_and_items_read_back_as_imported_and_a_second_import_replaces_by_key()
    {
        await Points.ImportRulesAsync([new PointsRule("cleanup", "环境整治", 5, 20), new PointsRule("sorting", "垃圾分类", 2)]);
        await Points.ImportItemsAsync([new PointsItem("soap", "肥皂", 10, 3)]);
        await Points.ImportRulesAsync([new PointsRule("sorting", "垃圾分类（新）", 3, 9)]);

        Assert.Equal([new PointsRule("cleanup", "环境整治", 5, 20), new PointsRule("sorting", "垃圾分类（新）", 3, 9)], (await Points.GetRulesAsync()).OrderBy(r => r.Code, StringComparer.Ordinal));
        Assert.Equal([new PointsItem("soap", "肥皂", 10, 3)], await Points.GetItemsAsync());
    }

    [Fact]
    public async Task An_entry_is_appended_only_on_the_version_it_was_decided_on()
    {
        var empty = await Points.GetLedgerAsync("h-1");
        Assert.Null(empty.Version);

        Assert.True(await Points.TryAppendAsync(empty, Entry("h-1", 1, 5)));
        Assert.False(await Points.TryAppendAsync(empty, Entry("h-1", 1, 7)));
        var one = await Points.GetLedgerAsync("h-1");
        Assert.True(await Points.TryAppendAsync(one, Entry("h-1", 2, -3)));
        Assert.False(await Points.TryAppendAsync(one, Entry("h-1", 2, 1)));

        var ledger = await Points.GetLedgerAsync("h-1");
        Assert.Equal([Entry("h-1", 1, 5), Entry("h-1", 2, -3)], ledger.Entries);
        Assert.Equal(2, ledger.Balance);
        Assert.Empty((await Points.GetLedgerAsync("h-2")).Entries);
    }

    [Fact]
    public async Task Stock_never_goes_below_zero_even_when_taken_at_once()
    {
        await Points.ImportItemsAsync([new PointsItem("soap", "肥皂", 10, 3)]);

        var takes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Points.TryChangeStockAsync("soap", -1)));

        Assert.Equal(3, takes.Count(t => t == true));
        Assert.Equal(0, Assert.Single(await Points.GetItemsAsync()).Stock);
        Assert.True(await Points.TryChangeStockAsync("soap", +1));
        Assert.Null(await Points.TryChangeStockAsync("none", -1));
    }

    [Fact]
    public async Task Entries_are_found_by_when_they_were_earned_across_households()
    {
        await Points.TryAppendAsync(await Points.GetLedgerAsync("h-1"), Entry("h-1", 1, 5, At.AddDays(-40)));
        await Points.TryAppendAsync(await Points.GetLedgerAsync("h-1"), Entry("h-1", 2, 2, At));
        await Points.TryAppendAsync(await Points.GetLedgerAsync("h-2"), Entry("h-2", 1, 4, At.AddDays(1), "g-2"));

        var found = await Points.GetEntriesAsync(At.AddDays(-1), At.AddDays(2));

        Assert.Equal(["h-1~2", "h-2~1"], found.Select(e => e.Id).Order(StringComparer.Ordinal));
    }
}
