using System.Globalization;

namespace Outreach.Calendar;

/// <summary>What an imported calendar day is.</summary>
public enum DayKind
{
    /// <summary>A public holiday (法定节假日): no visits, even on a weekday.</summary>
    Holiday,

    /// <summary>An adjusted working day (调休): visits as usual, even on a weekend.</summary>
    Workday,
}

/// <summary>A day the coordinator imported that overrides the shipped holiday tables: a holiday, or a working weekend day.</summary>
public sealed record CalendarEntry(DateOnly Date, DayKind Kind, string? Name = null);

/// <summary>
/// Working days in Asia/Shanghai: Monday to Friday, minus public holidays, plus adjusted working days.
/// The shipped holiday tables are data files (<c>Calendar/Holidays/YYYY.csv</c>); imported entries take
/// precedence over shipped ones for the same date.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly Dictionary<DateOnly, CalendarEntry> _entries;

    public WorkingCalendar(IEnumerable<CalendarEntry> shipped, IEnumerable<CalendarEntry> imported)
    {
        _entries = new Dictionary<DateOnly, CalendarEntry>();
        foreach (var entry in shipped)
        {
            _entries[entry.Date] = entry;
        }
        foreach (var entry in imported)
        {
            _entries[entry.Date] = entry;
        }
    }

    /// <summary>Weekends off, no holidays: what tests use when the holiday tables are beside the point.</summary>
    public static WorkingCalendar WeekdaysOnly { get; } = new([], []);

    public IReadOnlyCollection<CalendarEntry> Entries => _entries.Values;

    public bool IsWorkingDay(DateOnly day)
    {
        if (_entries.TryGetValue(day, out var entry))
        {
            return entry.Kind == DayKind.Workday;
        }
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The shipped PRC holiday tables, embedded from <c>Calendar/Holidays/*.csv</c>.</summary>
    public static IReadOnlyList<CalendarEntry> ShippedEntries() => Shipped.Value;

    public static WorkingCalendar WithShipped(IEnumerable<CalendarEntry> imported) => new(Shipped.Value, imported);

    private static readonly Lazy<IReadOnlyList<CalendarEntry>> Shipped = new(() => LoadShipped());

    private static List<CalendarEntry> LoadShipped()
    {
        var assembly = typeof(WorkingCalendar).Assembly;
        var entries = new List<CalendarEntry>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Outreach.Calendar.Holidays.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            entries.AddRange(ParseShipped(reader, name));
        }
        return entries;
    }

    /// <summary>Reads the shipped format: <c>date,kind[,name]</c> with a header row; '#' starts a comment line.</summary>
    internal static IEnumerable<CalendarEntry> ParseShipped(TextReader reader, string source)
    {
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split(',');
            if (parts.Length < 2
                || !DateOnly.TryParseExact(parts[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || !Enum.TryParse<DayKind>(parts[1].Trim(), ignoreCase: true, out var kind))
            {
                throw new FormatException($"{source} line {lineNumber}: expected 'YYYY-MM-DD,holiday|workday[,name]', got '{line}'.");
            }
            yield return new CalendarEntry(date, kind, parts.Length > 2 ? parts[2].Trim() : null);
        }
    }
}
