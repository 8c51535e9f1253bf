using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Outreach.Queues;

namespace Outreach.Adapters;

/// <summary>
/// The <c>queuefailures</c> table: one row per failing or poisoned message, PartitionKey the queue (<c>plan-units</c>,
/// <c>sms-inbound</c>), RowKey the body's hash (<see cref="QueueFailure.KeyOf"/>).
/// </summary>
public sealed partial class TableQueueFailureStore : IQueueFailureStore
{
    private readonly TableStorage _storage;

    internal TableQueueFailureStore(TableStorage storage) => _storage = storage;

    /// <summary>Read, add one, write back if unchanged; again from the read when another attempt got there first.</summary>
    public Task RecordAsync(QueueKind queue, string key, string error, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(queue.ToWire(), Key(key), cancellationToken: cancellationToken).ConfigureAwait(false);
                var row = new TableEntity(queue.ToWire(), key)
                {
                    ["Failures"] = (found.HasValue ? found.Value!.GetInt32("Failures") ?? 0 : 0) + 1,
                    ["LastError"] = error,
                    ["FirstFailedAt"] = found.HasValue ? found.Value!.GetDateTimeOffset("FirstFailedAt") ?? at : at,
                    ["LastFailedAt"] = at,
                };
                try
                {
                    if (found.HasValue)
                    {
                        await table.UpdateEntityAsync(row, found.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                    }
                    return;
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412 or 404 && attempt < 5)
                {
                }
            }
        }, cancellationToken);

    public Task<QueueFailure?> GetAsync(QueueKind queue, string key, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            var found = await table.GetEntityIfExistsAsync<TableEntity>(queue.ToWire(), Key(key), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue)
            {
                return null;
            }
            var e = found.Value!;
            var last = e.GetDateTimeOffset("LastFailedAt") ?? throw Columns.Corrupt(e, "LastFailedAt", null);
            return new QueueFailure(queue, key, e.GetInt32("Failures") ?? 1, e.GetString("LastError") ?? "", e.GetDateTimeOffset("FirstFailedAt") ?? last, last);
        }, cancellationToken);

    public Task DeleteAsync(QueueKind queue, string key, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            // A missing row answers 404, which DeleteEntityAsync treats as done.
            await table.DeleteEntityAsync(queue.ToWire(), Key(key), ETag.All, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private static string Key(string key) =>
        HashPattern().IsMatch(key) ? key : throw new ArgumentException($"'{key}' is not a message key (64 hex digits, QueueFailure.KeyOf).", nameof(key));

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _storage.TableAsync(_storage.Options.QueueFailures, cancellationToken);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();
}
