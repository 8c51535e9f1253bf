using Azure.Data.Tables;
using Outreach.Requests;

namespace Outreach.Adapters;

/// <summary>
/// The request-link table: one row per target whose link was ever rotated, PartitionKey = grid, RowKey = target id, with
/// its <c>Generation</c>. A target without a row is at generation 1, so printing links writes nothing.
/// </summary>
public sealed class TableRequestLinkStore : IRequestLinkStore
{
    private readonly TableStorage _storage;

    internal TableRequestLinkStore(TableStorage storage) => _storage = storage;

    public Task<int> GetGenerationAsync(string grid, string targetId, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            var found = await table.GetEntityIfExistsAsync<TableEntity>(KeyCheck.Id(grid, "Grid"), KeyCheck.Id(targetId, "Target"), ["Generation"], cancellationToken).ConfigureAwait(false);
            return found.HasValue ? found.Value!.GetInt32("Generation") ?? 1 : 1;
        }, cancellationToken);

    /// <summary>Read, add one, write back if unchanged; again from the read when another rotation got there first.</summary>
    public Task<int> RotateAsync(string grid, string targetId, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () => await TableCounters.IncrementAsync(
            await TableAsync(cancellationToken).ConfigureAwait(false), KeyCheck.Id(grid, "Grid"), KeyCheck.Id(targetId, "Target"), "Generation", 1, cancellationToken).ConfigureAwait(false), cancellationToken);

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _storage.TableAsync(_storage.Options.RequestLinks, cancellationToken);
}
