using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace Outreach.Testing.BadInput;

/// <summary>Everything a run stored, to compare before and after a refused request: nothing may have changed.</summary>
public static class TableSnapshot
{
    /// <summary>
    /// Every entity of every table named with <paramref name="prefix"/>, without timestamps and ETags, in table and key
    /// order. Empty tables are left out: reads create the tables they find missing, which stores nothing.
    /// </summary>
    public static async Task<string> TakeAsync(TableServiceClient service, string prefix)
    {
        var text = new StringBuilder();
        await foreach (var table in service.QueryAsync())
        {
            if (!table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                text.Append(table.Name).Append('\t');
                foreach (var (name, value) in entity.Where(p => p.Key is not ("Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(name).Append('=').Append(value is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\t');
                }
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>The lines one snapshot has and the other lacks, cut short, for a failure message.</summary>
    public static string Difference(string before, string after)
    {
        var (was, now) = (before.Split('\n'), after.Split('\n'));
        var text = $"gone {string.Join(" | ", was.Except(now))}; new {string.Join(" | ", now.Except(was))}";
        return text.Length > 400 ? text[..400] + "…" : text;
    }
}
