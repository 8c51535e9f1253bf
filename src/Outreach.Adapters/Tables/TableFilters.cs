using Azure.Data.Tables;

namespace Outreach.Adapters;

/// <summary>Query filters within Table Storage's limit of 15 discrete comparisons a filter.</summary>
internal static class TableFilters
{
    private const int MaxComparisons = 15;

    /// <summary>
    /// <paramref name="scope"/> (of <paramref name="scopeComparisons"/> comparisons) and any of these values of one
    /// property, as few filters as the limit allows: one query reads up to 15 − scope values.
    /// </summary>
    public static IEnumerable<string> AnyOf(string scope, int scopeComparisons, string property, IEnumerable<string> values) =>
        values.Distinct(StringComparer.Ordinal).Chunk(MaxComparisons - scopeComparisons).Select(chunk =>
            $"{scope} and ({string.Join(" or ", chunk.Select(value => $"{property} eq {TableClient.CreateQueryFilter($"{value}")}"))})");
}
