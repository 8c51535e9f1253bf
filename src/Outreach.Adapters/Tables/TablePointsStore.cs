using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Outreach.Points;

namespace Outreach.Adapters;

/// <summary>
/// The points tables. <c>pointsrules</c> and <c>pointsitems</c>: one partition each (<c>rule</c>, <c>item</c>), a row per
/// code or id, imported through <see cref="ImportJournal"/>; an item's <c>Stock</c> changes only by writes conditional on
/// its ETag. <c>points</c>: a partition per household, holding its entries (<c>e~0000000001</c>, …, never changed) and
/// its <c>head</c> row (balance, entry count). An entry is added in one entity-group transaction with the head, which is
/// inserted for the first entry and replaced on the ETag read with the passbook after, so of two writers that read the
/// same passbook one writes and the other writes nothing.
/// </summary>
public sealed class TablePointsStore : IPointsStore
{
    private const string RulePartition = "rule";
    private const string ItemPartition = "item";
    private const string Head = "head";
    private const string EntryPrefix = "e~";

    private readonly TableStorage _storage;
    private readonly ImportJournal _imports;

    internal TablePointsStore(TableStorage storage)
    {
        _storage = storage;
        _imports = new ImportJournal(storage);
    }

    public Task ImportRulesAsync(IReadOnlyList<PointsRule> rules, CancellationToken cancellationToken = default) =>
        _imports.RunAsync(rules.Select(r => new ImportJournal.Step(_storage.Options.PointsRules, new TableEntity(RulePartition, KeyCheck.Id(r.Code, "Rule"))
        {
            ["Description"] = r.Description,
            ["Points"] = r.Points,
            ["MonthlyCap"] = r.MonthlyCap,
        })).ToList(), cancellationToken);

    public Task ImportItemsAsync(IReadOnlyList<PointsItem> items, CancellationToken cancellationToken = default) =>
        _imports.RunAsync(items.Select(i => new ImportJournal.Step(_storage.Options.PointsItems, ItemRow(i))).ToList(), cancellationToken);

    public Task<IReadOnlyList<PointsRule>> GetRulesAsync(CancellationToken cancellationToken = default) =>
        _storage.RunAsync<IReadOnlyList<PointsRule>>(async () =>
        {
            var table = await _storage.TableAsync(_storage.Options.PointsRules, cancellationToken).ConfigureAwait(false);
            var rules = new List<PointsRule>();
            await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == RulePartition, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rules.Add(new PointsRule(e.RowKey, Columns.Required(e, "Description"), Columns.RequiredInt(e, "Points"), e.GetInt32("MonthlyCap")));
            }
            return rules;
        }, cancellationToken);

    public Task<IReadOnlyList<PointsItem>> GetItemsAsync(CancellationToken cancellationToken = default) =>
        _storage.RunAsync<IReadOnlyList<PointsItem>>(async () =>
        {
            var table = await ItemsAsync(cancellationToken).ConfigureAwait(false);
            var items = new List<PointsItem>();
            await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == ItemPartition, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                items.Add(Item(e));
            }
            return items;
        }, cancellationToken);

    public Task<PointsLedger> GetLedgerAsync(string householdId, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await LedgersAsync(cancellationToken).ConfigureAwait(false);
            var key = KeyCheck.Id(householdId, "Household");
            string? version = null;
            var entries = new List<PointsEntry>();
            await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == key, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (e.RowKey == Head)
                {
                    version = e.ETag.ToString();
                }
                else
                {
                    entries.Add(Entry(e));
                }
            }
            // The head is written with every entry: entries without it, or a count that disagrees, are not ours.
            if ((version is null) != (entries.Count == 0) || entries.Select((e, i) => e.Sequence == i + 1).Any(ok => !ok))
            {
                throw new InvalidDataException($"Stored passbook {key} is inconsistent: {entries.Count} entries, head {(version is null ? "missing" : "present")}.");
            }
            return new PointsLedger(key, entries, version);
        }, cancellationToken);

    public Task<bool> TryAppendAsync(PointsLedger ledger, PointsEntry entry, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(ledger);
            ArgumentNullException.ThrowIfNull(entry);
            var table = await LedgersAsync(cancellationToken).ConfigureAwait(false);
            var head = new TableEntity(KeyCheck.Id(ledger.HouseholdId, "Household"), Head)
            {
                ["Balance"] = ledger.Balance + entry.Points,
                ["Entries"] = entry.Sequence,
                ["Grid"] = entry.Grid,
            };
            TableTransactionAction[] actions =
            [
                ledger.Version is { } version
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, head, new ETag(version))
                    : new TableTransactionAction(TableTransactionActionType.Add, head),
                new TableTransactionAction(TableTransactionActionType.Add, EntryRow(entry)),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
            {
                return false; // another entry was written first; the caller reads the passbook again
            }
        }, cancellationToken);

    public Task<bool?> TryChangeStockAsync(string itemId, int delta, CancellationToken cancellationToken = default) =>
        _storage.RunAsync<bool?>(async () =>
        {
            var table = await ItemsAsync(cancellationToken).ConfigureAwait(false);
            var key = KeyCheck.Id(itemId, "Item");
            while (true)
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(ItemPartition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!found.HasValue)
                {
                    return null;
                }
                var item = Item(found.Value!);
                if (item.Stock + delta < 0)
                {
                    return false;
                }
                try
                {
                    await table.UpdateEntityAsync(ItemRow(item with { Stock = item.Stock + delta }), found.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (RequestFailedException e) when (e.Status is 412 or 404)
                {
                    // Taken or restocked meanwhile: decide again on the stock as it is now.
                }
            }
        }, cancellationToken);

    public Task<IReadOnlyList<PointsEntry>> GetEntriesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        _storage.RunAsync<IReadOnlyList<PointsEntry>>(async () =>
        {
            var table = await LedgersAsync(cancellationToken).ConfigureAwait(false);
            // Every household's partition: a month's entries of a district are thousands, read once by a report.
            var filter = TableClient.CreateQueryFilter($"RowKey gt {EntryPrefix} and RowKey lt {EntryPrefix + "~"} and At ge {from.ToUniversalTime()} and At lt {to.ToUniversalTime()}");
            var entries = new List<PointsEntry>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                entries.Add(Entry(e));
            }
            return entries;
        }, cancellationToken);

    private static TableEntity ItemRow(PointsItem item) => new(ItemPartition, KeyCheck.Id(item.Id, "Item"))
    {
        ["Name"] = item.Name,
        ["Points"] = item.Points,
        ["Stock"] = item.Stock,
    };

    private static PointsItem Item(TableEntity e) =>
        new(e.RowKey, Columns.Required(e, "Name"), Columns.RequiredInt(e, "Points"), Columns.RequiredInt(e, "Stock"));

    private static TableEntity EntryRow(PointsEntry entry) =>
        new(KeyCheck.Id(entry.HouseholdId, "Household"), EntryPrefix + entry.Sequence.ToString("D10", CultureInfo.InvariantCulture))
        {
            ["Kind"] = entry.Kind.ToString(),
            ["At"] = entry.At.ToUniversalTime(),
            ["Points"] = entry.Points,
            ["Grid"] = entry.Grid,
            ["By"] = entry.By,
            ["RecordedAt"] = entry.RecordedAt.ToUniversalTime(),
            ["Code"] = entry.Code,
            ["Item"] = entry.Item,
            ["ReversalOf"] = entry.ReversalOf,
            ["Note"] = entry.Note,
            ["Resident"] = entry.Resident,
            ["VisitId"] = entry.VisitId,
        };

    private static PointsEntry Entry(TableEntity e)
    {
        if (!e.RowKey.StartsWith(EntryPrefix, StringComparison.Ordinal)
            || !int.TryParse(e.RowKey.AsSpan(EntryPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !Enum.TryParse<PointsEntryKind>(e.GetString("Kind"), out var kind))
        {
            throw Columns.Corrupt(e, "Kind", e.GetString("Kind"));
        }
        return new PointsEntry(
            PointsEntry.IdOf(e.PartitionKey, sequence), e.PartitionKey, sequence, kind,
            e.GetDateTimeOffset("At") ?? throw Columns.Corrupt(e, "At", null),
            Columns.RequiredInt(e, "Points"), Columns.Required(e, "Grid"), Columns.Required(e, "By"),
            e.GetDateTimeOffset("RecordedAt") ?? throw Columns.Corrupt(e, "RecordedAt", null),
            e.GetString("Code"), e.GetString("Item"), e.GetString("ReversalOf"), e.GetString("Note"), e.GetString("Resident"), e.GetString("VisitId"));
    }

    private Task<TableClient> ItemsAsync(CancellationToken cancellationToken) => _storage.TableAsync(_storage.Options.PointsItems, cancellationToken);

    private Task<TableClient> LedgersAsync(CancellationToken cancellationToken) => _storage.TableAsync(_storage.Options.Points, cancellationToken);
}
