using Outreach.Points;

namespace Outreach.Testing.InMemory;

/// <summary>
/// <see cref="IPointsStore"/> in memory, held to <see cref="Contracts.PointsStoreContract"/> with the Table Storage store:
/// an append is conditional on the passbook's version, a stock change on the stock. One lock for everything.
/// </summary>
public sealed class InMemoryPointsStore : IPointsStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PointsRule> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PointsItem> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PointsEntry>> _ledgers = new(StringComparer.Ordinal);

    /// <summary>Runs before each append is decided, outside the lock: a test makes another writer go first here.</summary>
    public Func<Task>? BeforeAppend { get; set; }

    public Task ImportRulesAsync(IReadOnlyList<PointsRule> rules, CancellationToken cancellationToken = default) =>
        Locked(() => rules.ToList().ForEach(r => _rules[r.Code] = r));

    public Task ImportItemsAsync(IReadOnlyList<PointsItem> items, CancellationToken cancellationToken = default) =>
        Locked(() => items.ToList().ForEach(i => _items[i.Id] = i));

    public Task<IReadOnlyList<PointsRule>> GetRulesAsync(CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<PointsRule>>(() => _rules.Values.OrderBy(r => r.Code, StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<PointsItem>> GetItemsAsync(CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<PointsItem>>(() => _items.Values.OrderBy(i => i.Id, StringComparer.Ordinal).ToList());

    public Task<PointsLedger> GetLedgerAsync(string householdId, CancellationToken cancellationToken = default) =>
        Read(() => _ledgers.TryGetValue(householdId, out var entries)
            ? new PointsLedger(householdId, entries.ToList(), entries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : new PointsLedger(householdId, [], null));

    public async Task<bool> TryAppendAsync(PointsLedger ledger, PointsEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        if (BeforeAppend is { } before)
        {
            await before();
        }
        return await Read(() =>
        {
            var entries = _ledgers.TryGetValue(ledger.HouseholdId, out var stored) ? stored : null;
            var version = entries?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (version != ledger.Version || entry.Sequence != (entries?.Count ?? 0) + 1)
            {
                return false;
            }
            if (entries is null)
            {
                _ledgers[ledger.HouseholdId] = entries = [];
            }
            entries.Add(entry);
            return true;
        });
    }

    public Task<bool?> TryChangeStockAsync(string itemId, int delta, CancellationToken cancellationToken = default) =>
        Read<bool?>(() =>
        {
            if (!_items.TryGetValue(itemId, out var item))
            {
                return null;
            }
            if (item.Stock + delta < 0)
            {
                return false;
            }
            _items[itemId] = item with { Stock = item.Stock + delta };
            return true;
        });

    public Task<IReadOnlyList<PointsEntry>> GetEntriesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<PointsEntry>>(() => _ledgers.Values.SelectMany(e => e).Where(e => e.At >= from && e.At < to).ToList());

    private Task Locked(Action write)
    {
        lock (_gate)
        {
            write();
        }
        return Task.CompletedTask;
    }

    private Task<T> Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return Task.FromResult(read());
        }
    }
}
