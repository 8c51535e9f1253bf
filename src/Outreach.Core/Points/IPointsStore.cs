namespace Outreach.Points;

/// <summary>
/// Where the points rules, items and every household's passbook are kept. A passbook is written only by
/// <see cref="TryAppendAsync"/>, conditional on the version it was read at, so two writers never both decide on the
/// same balance.
/// </summary>
public interface IPointsStore
{
    /// <summary>Stores the rules, replacing those of the same code; all of them or, on failure, none.</summary>
    Task ImportRulesAsync(IReadOnlyList<PointsRule> rules, CancellationToken cancellationToken = default);

    /// <summary>Stores the items, replacing those of the same id (and so setting their stock); all of them or none.</summary>
    Task ImportItemsAsync(IReadOnlyList<PointsItem> items, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PointsRule>> GetRulesAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PointsItem>> GetItemsAsync(CancellationToken cancellationToken = default);

    /// <summary>The passbook as stored now, with the version a write must be conditional on (null when it has no entry yet).</summary>
    Task<PointsLedger> GetLedgerAsync(string householdId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="entry"/> (the next of <paramref name="ledger"/>) in one write with the new balance, only if the
    /// passbook is still at <paramref name="ledger"/>'s version; false, writing nothing, when another entry came first.
    /// </summary>
    Task<bool> TryAppendAsync(PointsLedger ledger, PointsEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes an item's stock by <paramref name="delta"/> unless that would take it below zero (false); null when there is
    /// no such item. Conditional on the stock it read, so two takings of the last one never both succeed.
    /// </summary>
    Task<bool?> TryChangeStockAsync(string itemId, int delta, CancellationToken cancellationToken = default);

    /// <summary>Every household's entries whose <see cref="PointsEntry.At"/> is in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    Task<IReadOnlyList<PointsEntry>> GetEntriesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
