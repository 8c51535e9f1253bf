using Outreach.Calendar;

namespace Outreach.Reminders;

/// <summary>No SMS from 21:00 to 08:00 China time: a message due then waits for 08:00, it is not dropped.</summary>
public static class QuietHours
{
    /// <summary>Quiet hours are 21:00–08:00 China time.</summary>
    public static bool Contains(DateTimeOffset at)
    {
        var time = TimeOnly.FromDateTime(at.ToOffset(ChinaTime.Offset).DateTime);
        return time >= ReminderOptions.QuietFrom || time < ReminderOptions.QuietUntil;
    }

    /// <summary><paramref name="at"/> itself, or the next 08:00 China time when it falls in quiet hours.</summary>
    public static DateTimeOffset Defer(DateTimeOffset at)
    {
        if (!Contains(at))
        {
            return at;
        }
        var local = at.ToOffset(ChinaTime.Offset);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) >= ReminderOptions.QuietFrom)
        {
            day = day.AddDays(1);
        }
        return new(day.ToDateTime(ReminderOptions.QuietUntil), ChinaTime.Offset);
    }
}
