namespace Outreach.Calendar;

/// <summary>
/// Asia/Shanghai civil time. China has used UTC+8 without daylight saving since 1991, so a fixed offset is
/// exact for every date this product plans and does not depend on the host's time-zone database.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset Now(TimeProvider clock) => clock.GetUtcNow().ToOffset(Offset);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Now(clock).DateTime);

    public static DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(moment.ToOffset(Offset).DateTime);

    /// <summary>Monday of the ISO week that contains <paramref name="day"/>.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
