using System.Globalization;
using Outreach.Calendar;

namespace Outreach.Cli;

/// <summary>The clock as <c>--now</c> sets it: coordinators rehearse next month with it, tests pin it.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    /// <summary>ISO 8601; without an offset the time is China time; a bare date means its midnight there.</summary>
    public static bool TryParse(string text, out DateTimeOffset moment)
    {
        var trimmed = text.Trim();
        if (DateTimeOffset.TryParseExact(trimmed, Formats.Where(f => f.EndsWith('K')).ToArray(), CultureInfo.InvariantCulture, DateTimeStyles.None, out moment)
            && HasOffset(trimmed))
        {
            return true;
        }
        if (DateTime.TryParseExact(trimmed, Formats.Where(f => !f.EndsWith('K')).ToArray(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            moment = new DateTimeOffset(local, ChinaTime.Offset);
            return true;
        }
        moment = default;
        return false;
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10;
}
