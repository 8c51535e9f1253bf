using System.Globalization;
using Azure.Data.Tables;
using Outreach.Roster;

namespace Outreach.Adapters;

/// <summary>How lists, dates and ranges are written into string columns.</summary>
internal static class Columns
{
    public const char ListSeparator = ';';
    public const string DateFormat = "yyyy-MM-dd";
    public const string KeyDateFormat = "yyyyMMdd";

    public static string JoinList(IEnumerable<string> items) => string.Join(ListSeparator, items);

    public static IReadOnlyList<string> SplitList(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries);

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string KeyDate(DateOnly date) => date.ToString(KeyDateFormat, CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string? text, string column, ITableEntity entity) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Corrupt(entity, column, text);

    public static DateOnly? ParseOptionalDate(string? text, string column, ITableEntity entity) =>
        string.IsNullOrEmpty(text) ? null : ParseDate(text, column, entity);

    /// <summary><c>2026-12-01..2026-12-05;2027-01-02..2027-01-03</c></summary>
    public static string JoinRanges(IEnumerable<DateRange> ranges) => JoinList(ranges.Select(r => r.ToString()));

    public static IReadOnlyList<DateRange> SplitRanges(string? text, string column, ITableEntity entity) =>
        SplitList(text)
            .Select(part =>
            {
                var ends = part.Split("..");
                return ends.Length == 2
                    ? new DateRange(ParseDate(ends[0], column, entity), ParseDate(ends[1], column, entity))
                    : throw Corrupt(entity, column, text);
            })
            .ToArray();

    public static string Required(TableEntity entity, string column) =>
        entity.GetString(column) ?? throw Corrupt(entity, column, null);

    public static int RequiredInt(TableEntity entity, string column) =>
        entity.GetInt32(column) ?? throw Corrupt(entity, column, null);

    public static InvalidDataException Corrupt(ITableEntity entity, string column, string? value) =>
        new($"Stored row {entity.PartitionKey}/{entity.RowKey}: column {column} has unexpected value '{value ?? "(missing)"}'.");
}
