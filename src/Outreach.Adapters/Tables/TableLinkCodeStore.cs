using Azure;
using Azure.Data.Tables;
using Outreach.Links;

namespace Outreach.Adapters;

/// <summary>
/// The codes table: one row per code in partition <c>code</c>, keyed by the code's lookup hash; one row per counter of
/// failed attempts in partition <c>failures</c>, keyed by its bucket (<c>day-yyyyMMdd</c>, <c>client-…-yyyyMMddHH</c>).
/// </summary>
public sealed class TableLinkCodeStore : ILinkCodeStore
{
    private const string CodePartition = "code";
    private const string FailurePartition = "failures";

    private readonly TableStorage _storage;

    internal TableLinkCodeStore(TableStorage storage) => _storage = storage;

    public Task<bool> AddAsync(StoredLinkCode code, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(code);
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await table.AddEntityAsync(Row(code), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return false;
            }
        }, cancellationToken);

    public Task<StoredLinkCode?> GetAsync(string lookup, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            var found = await table.GetEntityIfExistsAsync<TableEntity>(CodePartition, KeyCheck.Id(lookup, "Code lookup"), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue)
            {
                return null;
            }
            var e = found.Value!;
            return new StoredLinkCode(e.RowKey, Columns.Required(e, "VisitorId"), Columns.Required(e, "Scope"),
                e.GetDateTimeOffset("ExpiresAt") ?? throw Columns.Corrupt(e, "ExpiresAt", null), Columns.Required(e, "PhoneCheck"), e.GetInt32("Failures") ?? 0)
            {
                ETag = e.ETag.ToString(),
            };
        }, cancellationToken);

    public Task<bool> TryCountFailureAsync(StoredLinkCode code, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(code);
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await table.UpdateEntityAsync(Row(code with { Failures = code.Failures + 1 }), code.ETag is { } etag ? new ETag(etag) : ETag.All, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                return false;
            }
        }, cancellationToken);

    public Task<int> CountAsync(string bucket, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await TableAsync(cancellationToken).ConfigureAwait(false);
            var found = await table.GetEntityIfExistsAsync<TableEntity>(FailurePartition, KeyCheck.Id(bucket, "Counter"), ["Count"], cancellationToken).ConfigureAwait(false);
            return found.HasValue ? found.Value!.GetInt32("Count") ?? 0 : 0;
        }, cancellationToken);

    /// <summary>Read, add one, write back if unchanged; again from the read when another writer got there first.</summary>
    public Task<int> IncrementAsync(string bucket, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () => await TableCounters.IncrementAsync(
            await TableAsync(cancellationToken).ConfigureAwait(false), FailurePartition, KeyCheck.Id(bucket, "Counter"), "Count", 0, cancellationToken).ConfigureAwait(false), cancellationToken);

    private static TableEntity Row(StoredLinkCode code) => new(CodePartition, KeyCheck.Id(code.Lookup, "Code lookup"))
    {
        ["VisitorId"] = code.VisitorId,
        ["Scope"] = code.Scope,
        ["ExpiresAt"] = code.ExpiresAt.ToUniversalTime(),
        ["PhoneCheck"] = code.PhoneCheck,
        ["Failures"] = code.Failures,
    };

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => _storage.TableAsync(_storage.Options.Codes, cancellationToken);
}
