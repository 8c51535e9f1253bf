using Outreach.Calendar;

namespace Outreach.Planning;

/// <summary>
/// The days of one planning run as indexes: day 0 is the Monday of the first planned day's week, so that day
/// index / 7 is the ISO week every capacity is counted in. Working days are looked up once.
/// </summary>
internal sealed class PlanCalendar
{
    private readonly WorkingCalendar _calendar;
    private readonly bool[] _working;
    private readonly int[] _workingInWeek;

    public PlanCalendar(PlanRequest request)
    {
        _calendar = request.Calendar;
        Start = request.Start;
        To = request.To;
        Monday = ChinaTime.WeekStart(Start);
        Days = To.DayNumber - Monday.DayNumber + 1;
        Weeks = (Days + 6) / 7;
        _working = new bool[Weeks * 7];
        _workingInWeek = new int[Weeks];
        for (var i = 0; i < _working.Length; i++)
        {
            _working[i] = _calendar.IsWorkingDay(Monday.AddDays(i));
            _workingInWeek[i / 7] += _working[i] ? 1 : 0;
        }
    }

    /// <summary>The first day that may receive a visit.</summary>
    public DateOnly Start { get; }

    /// <summary>The last planned day.</summary>
    public DateOnly To { get; }

    /// <summary>Day 0: the Monday of <see cref="Start"/>'s week.</summary>
    public DateOnly Monday { get; }

    public int Days { get; }

    public int Weeks { get; }

    public int StartIndex => Index(Start);

    public int ToIndex => Index(To);

    public int Index(DateOnly day) => day.DayNumber - Monday.DayNumber;

    public DateOnly Day(int index) => Monday.AddDays(index);

    /// <summary>The week a day index falls in; -1 outside the run's weeks.</summary>
    public int WeekOf(int index) => index >= 0 && index < Weeks * 7 ? index / 7 : -1;

    public bool IsWorking(int index) => index >= 0 && index < _working.Length ? _working[index] : _calendar.IsWorkingDay(Day(index));

    public bool IsWorking(DateOnly day) => IsWorking(Index(day));

    /// <summary>Working days of the week (all seven days, also those outside the range).</summary>
    public int WorkingDaysOf(int week) => _workingInWeek[week];
}
