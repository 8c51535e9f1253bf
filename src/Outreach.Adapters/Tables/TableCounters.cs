using Azure;
using Azure.Data.Tables;

namespace Outreach.Adapters;

/// <summary>A number in one row that only goes up, shared by writers that may count at the same moment.</summary>
internal static class TableCounters
{
    /// <summary>
    /// Read, add one, write back if unchanged; again from the read when another writer got there first. A missing row
    /// (or column) counts as <paramref name="start"/>: the first increment writes <c>start + 1</c>.
    /// </summary>
    public static async Task<int> IncrementAsync(TableClient table, string partition, string row, string column, int start, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var next = (found.HasValue ? found.Value!.GetInt32(column) ?? start : start) + 1;
            var entity = new TableEntity(partition, row) { [column] = next };
            try
            {
                if (found.HasValue)
                {
                    await table.UpdateEntityAsync(entity, found.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                return next;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Someone counted at the same moment: count again on top of theirs.
            }
        }
    }
}
