using Azure.Data.Tables;
using Outreach.Planning;

namespace Outreach.Azure;

/// <summary>
/// Visits in Table Storage: the <c>visits</c> table partitioned by grid (a grid's days are one RowKey
/// range) and the <c>visitorvisits</c> index partitioned by visitor (a visitor's days are one RowKey
/// range). See <see cref="VisitRows"/> for the keys.
/// </summary>
public sealed class TableVisitStore : IVisitStore
{
    // Planning writes many grids at once; partitions are independent, so their batches run side by side.
    private const int Parallelism = 8;
    private const int MaxPerPage = 1000;

    private static readonly string[] ExistingColumns = ["RowKey", "VisitorIds"];

    private readonly TableStorage _storage;

    public TableVisitStore(TableServiceClient service, TableStorageOptions? options = null)
        : this(new TableStorage(service, options ?? TableStorageOptions.Default))
    {
    }

    internal TableVisitStore(TableStorage storage) => _storage = storage;

    public Task<IReadOnlyList<Visit>> GetGridVisitsAsync(string grid, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var (lower, upper) = DayRange(from, to);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {grid} and RowKey ge {lower} and RowKey lt {upper}");
        return QueryAsync(_storage.Options.Visits, filter, cancellationToken);
    }

    public Task<IReadOnlyList<Visit>> GetVisitorVisitsAsync(string visitorId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var (lower, upper) = DayRange(from, to);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {visitorId} and RowKey ge {lower} and RowKey lt {upper}");
        return QueryAsync(_storage.Options.VisitorVisits, filter, cancellationToken);
    }

    public async Task<IReadOnlyList<Visit>> GetTargetVisitsAsync(string grid, string targetId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {grid} and TargetId eq {targetId}");
        var visits = await QueryAsync(_storage.Options.Visits, filter, cancellationToken).ConfigureAwait(false);
        return visits.OrderBy(v => v.Date).ToArray();
    }

    public Task<Visit?> GetVisitAsync(string visitId, CancellationToken cancellationToken = default)
    {
        if (!VisitId.TryParse(visitId, out var grid, out var date, out var targetId))
        {
            return Task.FromResult<Visit?>(null);
        }
        return _storage.RunAsync(async () =>
        {
            var table = await _storage.TableAsync(_storage.Options.Visits, cancellationToken).ConfigureAwait(false);
            var response = await table.GetEntityIfExistsAsync<TableEntity>(grid, VisitRows.RowKey(date, targetId), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue ? VisitRows.ToVisit(response.Value!) : null;
        }, cancellationToken);
    }

    /// <summary>
    /// Writes upserts and deletes to both tables. For each grid touched, one RowKey range query reads the
    /// stored visitors of the keys being written, so index rows of visitors no longer assigned are removed
    /// without a round trip per visit. A key both upserted and deleted is upserted; a repeated key keeps its
    /// last version; deleting a visit that is not stored is a no-op.
    /// </summary>
    public Task ApplyAsync(IReadOnlyList<Visit> upserts, IReadOnlyList<Visit> deletes, CancellationToken cancellationToken = default)
    {
        if (upserts.Count == 0 && deletes.Count == 0)
        {
            return Task.CompletedTask;
        }
        foreach (var visit in upserts.Concat(deletes))
        {
            KeyCheck.Id(visit.Grid, $"Visit {visit.Id}: grid");
            KeyCheck.Id(visit.TargetId, $"Visit {visit.Id}: target");
            foreach (var visitor in visit.VisitorIds)
            {
                KeyCheck.Id(visitor, $"Visit {visit.Id}: visitor");
            }
        }
        return _storage.RunAsync(async () =>
        {
            var visitsTable = await _storage.TableAsync(_storage.Options.Visits, cancellationToken).ConfigureAwait(false);
            var indexTable = await _storage.TableAsync(_storage.Options.VisitorVisits, cancellationToken).ConfigureAwait(false);

            var upserted = new Dictionary<string, Visit>(StringComparer.Ordinal);
            foreach (var visit in upserts)
            {
                upserted[visit.Id] = visit;
            }
            var deleted = new Dictionary<string, Visit>(StringComparer.Ordinal);
            foreach (var visit in deletes)
            {
                if (!upserted.ContainsKey(visit.Id))
                {
                    deleted[visit.Id] = visit;
                }
            }

            var stored = await ReadStoredVisitorsAsync(visitsTable, upserted.Values.Concat(deleted.Values), cancellationToken).ConfigureAwait(false);

            var visitActions = new List<TableTransactionAction>(upserted.Count + deleted.Count);
            var indexUpserts = new List<ITableEntity>(upserted.Count * 2);
            var indexDeletes = new HashSet<(string Visitor, string RowKey)>();
            foreach (var visit in upserted.Values)
            {
                visitActions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, VisitRows.VisitRow(visit)));
                foreach (var visitor in visit.VisitorIds)
                {
                    indexUpserts.Add(VisitRows.IndexRow(visit, visitor));
                }
                if (stored.TryGetValue((visit.Grid, VisitRows.RowKey(visit.Date, visit.TargetId)), out var before))
                {
                    foreach (var visitor in before.Except(visit.VisitorIds, StringComparer.Ordinal))
                    {
                        indexDeletes.Add((visitor, VisitRows.IndexRowKey(visit.Grid, visit.Date, visit.TargetId)));
                    }
                }
            }
            foreach (var visit in deleted.Values)
            {
                var rowKey = VisitRows.RowKey(visit.Date, visit.TargetId);
                // Trust the stored row over the caller's copy for whose index rows to remove; when nothing is
                // stored there is no visit row to delete, but stale index rows may still be lying around.
                IEnumerable<string> visitors = visit.VisitorIds;
                if (stored.TryGetValue((visit.Grid, rowKey), out var before))
                {
                    visitActions.Add(Batches.Delete(visit.Grid, rowKey));
                    visitors = before.Union(visit.VisitorIds, StringComparer.Ordinal);
                }
                foreach (var visitor in visitors)
                {
                    indexDeletes.Add((visitor, VisitRows.IndexRowKey(visit.Grid, visit.Date, visit.TargetId)));
                }
            }

            var batches = Batches.Split(visitsTable, visitActions)
                .Concat(Batches.Split(indexTable, Batches.Upserts(indexUpserts)))
                .Concat(Batches.Split(indexTable, indexDeletes.Select(d => Batches.Delete(d.Visitor, d.RowKey))));
            await Batches.SubmitAllAsync(batches, Parallelism, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Stored visitor lists of the given keys, by (grid, RowKey): one range query per grid.</summary>
    private static async Task<Dictionary<(string Grid, string RowKey), IReadOnlyList<string>>> ReadStoredVisitorsAsync(
        TableClient table, IEnumerable<Visit> visits, CancellationToken cancellationToken)
    {
        var ranges = visits
            .GroupBy(v => v.Grid, StringComparer.Ordinal)
            .Select(g =>
            {
                var keys = g.Select(v => VisitRows.RowKey(v.Date, v.TargetId)).ToHashSet(StringComparer.Ordinal);
                return (Grid: g.Key, Keys: keys, Min: keys.Min(StringComparer.Ordinal)!, Max: keys.Max(StringComparer.Ordinal)!);
            })
            .ToList();

        var stored = new Dictionary<(string, string), IReadOnlyList<string>>();
        await Parallel.ForEachAsync(
            ranges,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (range, ct) =>
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {range.Grid} and RowKey ge {range.Min} and RowKey le {range.Max}");
                var found = new List<((string, string), IReadOnlyList<string>)>();
                await foreach (var page in table.QueryAsync<TableEntity>(filter, MaxPerPage, ExistingColumns, ct).AsPages().ConfigureAwait(false))
                {
                    foreach (var entity in page.Values)
                    {
                        if (range.Keys.Contains(entity.RowKey))
                        {
                            found.Add(((range.Grid, entity.RowKey), Columns.SplitList(entity.GetString("VisitorIds"))));
                        }
                    }
                }
                lock (stored)
                {
                    foreach (var (key, visitors) in found)
                    {
                        stored[key] = visitors;
                    }
                }
            }).ConfigureAwait(false);
        return stored;
    }

    /// <summary>RowKey bounds [lower, upper) covering every key dated within [from, to].</summary>
    private static (string Lower, string Upper) DayRange(DateOnly from, DateOnly to)
    {
        var lower = Columns.KeyDate(from);
        // Ids never contain '~', so "{to}~~" sorts after every key of day `to` and before the next day.
        var upper = $"{Columns.KeyDate(to)}{VisitId.Separator}{VisitId.Separator}";
        return (lower, upper);
    }

    private Task<IReadOnlyList<Visit>> QueryAsync(string tableName, string filter, CancellationToken cancellationToken) =>
        _storage.RunAsync<IReadOnlyList<Visit>>(async () =>
        {
            var table = await _storage.TableAsync(tableName, cancellationToken).ConfigureAwait(false);
            var visits = new List<Visit>();
            await foreach (var page in table.QueryAsync<TableEntity>(filter, MaxPerPage, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                foreach (var entity in page.Values)
                {
                    visits.Add(VisitRows.ToVisit(entity));
                }
            }
            return visits;
        }, cancellationToken);
}
