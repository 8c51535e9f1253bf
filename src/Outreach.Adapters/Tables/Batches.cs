using Azure;
using Azure.Data.Tables;

namespace Outreach.Adapters;

/// <summary>One entity-group transaction: up to 100 actions on one partition of one table.</summary>
internal sealed record Batch(TableClient Table, string PartitionKey, IReadOnlyList<TableTransactionAction> Actions);

internal static class Batches
{
    public const int MaxActions = 100;

    /// <summary>
    /// Splits actions into entity-group batches: grouped by partition, at most 100 each, upserts and
    /// deletes in separate batches so a missing row can only ever fail a batch of deletes.
    /// </summary>
    public static IEnumerable<Batch> Split(TableClient table, IEnumerable<TableTransactionAction> actions)
    {
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var kind in partition.GroupBy(a => a.ActionType == TableTransactionActionType.Delete))
            {
                foreach (var chunk in kind.Chunk(MaxActions))
                {
                    yield return new Batch(table, partition.Key, chunk);
                }
            }
        }
    }

    /// <summary>Upserts (replace) with the last entity winning when a key repeats: a batch may touch a row once.</summary>
    public static IEnumerable<TableTransactionAction> Upserts(IEnumerable<ITableEntity> entities) =>
        entities
            .GroupBy(e => (e.PartitionKey, e.RowKey))
            .Select(g => new TableTransactionAction(TableTransactionActionType.UpsertReplace, g.Last()));

    public static async Task SubmitAsync(Batch batch, CancellationToken cancellationToken)
    {
        try
        {
            await batch.Table.SubmitTransactionAsync(batch.Actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404 && batch.Actions.All(a => a.ActionType == TableTransactionActionType.Delete))
        {
            // A row that is already gone is what a delete wants: redo this batch row by row, ignoring 404s.
            foreach (var action in batch.Actions)
            {
                try
                {
                    await batch.Table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, action.ETag, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException notFound) when (notFound.Status == 404)
                {
                }
                catch (RequestFailedException changed) when (changed.Status == 412)
                {
                    throw Changed(batch, changed);
                }
            }
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412 || (ex.Status == 404 && batch.Actions.Any(a => a.ActionType == TableTransactionActionType.UpdateReplace)))
        {
            throw Changed(batch, ex);
        }
    }

    public static Task SubmitAllAsync(IEnumerable<Batch> batches, int parallelism, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            (batch, ct) => new ValueTask(SubmitAsync(batch, ct)));

    public static TableTransactionAction Delete(string partitionKey, string rowKey, string? etag = null) =>
        new(TableTransactionActionType.Delete, new TableEntity(partitionKey, rowKey), etag is null ? ETag.All : new ETag(etag));

    private static Planning.ConcurrentChangeException Changed(Batch batch, Exception inner) =>
        new($"A stored row in partition {batch.Actions[0].Entity.PartitionKey} changed while it was being planned: plan again.", inner);
}
