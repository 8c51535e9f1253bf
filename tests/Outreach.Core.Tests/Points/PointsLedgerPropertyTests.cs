using CsCheck;
using Outreach.Calendar;
using Outreach.Points;

namespace Outreach.Core.Tests.Points;

/// <summary>
/// The passbook's rules, each stated once and tried on random runs of awards, redemptions and reversals (some of them
/// refused) through <see cref="PointsService"/>: the balance is the sum of the entries and never below zero, no rule's
/// monthly cap is passed, no item is given beyond its stock, and a refused entry writes nothing.
/// </summary>
public class PointsLedgerPropertyTests
{
    private abstract record Op;

    private sealed record AwardOp(string Household, string Code, int DaysAgo) : Op;

    private sealed record RedeemOp(string Household, string Item) : Op;

    private sealed record ReverseOp(string Household, int Entry) : Op;

    private static readonly string[] Names = ["h1", "h2", "h3"];

    private static readonly Gen<string> Households = Gen.Frequency((1, "h1"), (1, "h2"), (1, "h3"));

    private static readonly Gen<Op> Ops = Gen.Frequency(
        (5, Gen.Select(Households, Gen.Frequency((1, "cleanup"), (1, "sorting"), (1, "nope")), Gen.Int[0, 45]).Select(t => (Op)new AwardOp(t.Item1, t.Item2, t.Item3))),
        (3, Gen.Select(Households, Gen.Frequency((1, "soap"), (1, "towel"))).Select(t => (Op)new RedeemOp(t.Item1, t.Item2))),
        (2, Gen.Select(Households, Gen.Int[1, 12]).Select(t => (Op)new ReverseOp(t.Item1, t.Item2))));

    [Fact]
    public void Every_run_keeps_the_balance_the_sum_never_negative_within_caps_and_stock()
    {
        Gen.Select(Ops.Array[1, 40], Gen.Int[0, 4]).Sample((ops, soap) =>
        {
            var world = PointsWorld.CreateAsync(soap).GetAwaiter().GetResult();
            var service = world.Service;
            foreach (var op in ops)
            {
                var household = op switch { AwardOp a => a.Household, RedeemOp r => r.Household, ReverseOp v => v.Household, _ => "" };
                var before = world.Points.GetLedgerAsync(household).GetAwaiter().GetResult();
                var result = op switch
                {
                    AwardOp a => world.Award(a.Household, a.Code, PointsWorld.Now.AddDays(-a.DaysAgo)),
                    RedeemOp r => service.RedeemAsync(r.Household, r.Item),
                    ReverseOp v => service.ReverseAsync(PointsEntry.IdOf(v.Household, v.Entry)),
                    _ => throw new InvalidOperationException(),
                };
                var outcome = result.GetAwaiter().GetResult();
                var after = world.Points.GetLedgerAsync(household).GetAwaiter().GetResult();

                Assert.Equal(after.Entries.Sum(e => e.Points), after.Balance);
                Assert.Equal(outcome.Succeeded ? before.Entries.Count + 1 : before.Entries.Count, after.Entries.Count);
                if (outcome.Succeeded)
                {
                    Assert.Equal(after.Balance, outcome.Balance);
                }
                Assert.True(after.Balance >= 0, $"{household}'s balance is {after.Balance}");
                Assert.All(after.Entries.Take(before.Entries.Count), (e, i) => Assert.Equal(before.Entries[i], e));
            }
            foreach (var household in Names)
            {
                var ledger = world.Points.GetLedgerAsync(household).GetAwaiter().GetResult();
                foreach (var month in ledger.Entries.Select(e => ChinaTime.DateOf(e.At)).Distinct())
                {
                    Assert.InRange(ledger.EarnedInMonth("cleanup", month), 0, 20);
                }
                Assert.True(ledger.Entries.GroupBy(e => e.ReversalOf).Where(g => g.Key is not null).All(g => g.Count() == 1), "an entry reversed twice");
            }
            var all = world.Points.GetEntriesAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).GetAwaiter().GetResult();
            var stock = world.Points.GetItemsAsync().GetAwaiter().GetResult().ToDictionary(i => i.Id, i => i.Stock);
            Assert.Equal(soap, stock["soap"] + Given("soap", all));
            Assert.Equal(5, stock["towel"] + Given("towel", all));
            Assert.All(stock.Values, s => Assert.True(s >= 0));
        }, iter: 300);
    }

    [Fact]
    public void Racing_writers_on_one_passbook_never_overdraw_it_or_pass_a_cap()
    {
        Gen.Select(Gen.Int[0, 6], Gen.Int[1, 8], Gen.Int[0, 3]).Sample((awards, redemptions, soap) =>
        {
            var world = PointsWorld.CreateAsync(soap: soap, towels: 50).GetAwaiter().GetResult();
            var service = world.Service;
            // Every append yields first, so the writers interleave between reading the passbook and writing it.
            world.Points.BeforeAppend = async () => await Task.Yield();
            var writes = Enumerable.Range(0, awards).Select(_ => world.Award("h1", "cleanup"))
                .Concat(Enumerable.Range(0, redemptions).Select(i => service.RedeemAsync("h1", i % 2 == 0 ? "soap" : "towel")))
                .ToList();
            var results = Task.WhenAll(writes.Select(w => Task.Run(() => w))).GetAwaiter().GetResult();

            var ledger = world.Points.GetLedgerAsync("h1").GetAwaiter().GetResult();
            Assert.Equal(results.Count(r => r.Succeeded), ledger.Entries.Count);
            Assert.True(ledger.Balance >= 0);
            Assert.InRange(ledger.EarnedInMonth("cleanup", ChinaTime.DateOf(PointsWorld.Now)), 0, 20);
            Assert.Equal(Math.Min(awards, 4), results.Take(awards).Count(r => r.Succeeded));
            var items = world.Points.GetItemsAsync().GetAwaiter().GetResult().ToDictionary(i => i.Id, i => i.Stock);
            Assert.Equal(soap, items["soap"] + Given("soap", ledger.Entries));
        }, iter: 200);
    }

    /// <summary>Items handed over: redemptions less reversed ones.</summary>
    private static int Given(string item, IEnumerable<PointsEntry> entries) =>
        entries.Where(e => e.Item == item).Sum(e => e.Kind == PointsEntryKind.Redemption ? 1 : e.Kind == PointsEntryKind.Reversal ? -1 : 0);
}
