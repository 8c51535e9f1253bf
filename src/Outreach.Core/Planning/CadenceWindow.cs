namespace Outreach.Planning;

/// <summary>
/// One cadence window of a target: the target must be visited on some working day in [Start, End], ideally
/// on <see cref="Due"/>. Windows follow each other: the next one starts the day after this one ends.
/// </summary>
public readonly record struct CadenceWindow(DateOnly Start, DateOnly End, DateOnly Due)
{
    /// <summary>
    /// Phases are counted from a fixed Monday so that a target's due dates do not depend on the day a plan
    /// happens to start: a window that was not reached by one plan has the same due date in the next.
    /// </summary>
    private static readonly DateOnly Epoch = new(2024, 1, 1);

    /// <summary>
    /// The first window of a target never visited: [start, start + interval - 1], due on the target's own
    /// phase (a stable hash of its id), so first visits are spread over the cycle instead of piling up on
    /// the first day.
    /// </summary>
    public static CadenceWindow First(DateOnly start, int intervalDays, uint targetHash)
    {
        var phase = (int)(targetHash % (uint)intervalDays);
        var sinceEpoch = start.DayNumber - Epoch.DayNumber - phase;
        var offset = ((sinceEpoch % intervalDays) + intervalDays) % intervalDays;
        var due = offset == 0 ? start : start.AddDays(intervalDays - offset);
        return new CadenceWindow(start, start.AddDays(intervalDays - 1), due);
    }

    /// <summary>
    /// The window after a visit. It follows the real completion day when there is one; a visit nobody could
    /// make (not reachable, rescheduled) reopens its own window from the next day; and when the target's
    /// interval has changed since the visit was planned, the new interval runs from the visit's day.
    /// Otherwise it is simply the next window.
    /// </summary>
    public static CadenceWindow After(Visit visit, int intervalDays)
    {
        if (visit is { Status: VisitStatus.Completed, CompletedOn: { } completed })
        {
            return Following(completed, intervalDays);
        }
        if (visit.Status is VisitStatus.NotReachable or VisitStatus.Rescheduled)
        {
            var start = visit.Date.AddDays(1);
            var end = visit.WindowEnd >= start.AddDays(Math.Min(intervalDays, 7) - 1) ? visit.WindowEnd : start.AddDays(Math.Min(intervalDays, 7) - 1);
            return new CadenceWindow(start, end, visit.DueDate < start ? start : visit.DueDate > end ? end : visit.DueDate);
        }
        if (visit.WindowEnd.DayNumber - visit.WindowStart.DayNumber + 1 != intervalDays)
        {
            return Following(visit.Date, intervalDays);
        }
        return new CadenceWindow(visit.WindowStart, visit.WindowEnd, visit.DueDate).Next(intervalDays);
    }

    private static CadenceWindow Following(DateOnly day, int intervalDays)
    {
        var end = day.AddDays(intervalDays);
        return new CadenceWindow(day.AddDays(1), end, end);
    }

    public CadenceWindow Next(int intervalDays)
    {
        var start = End.AddDays(1);
        var end = End.AddDays(intervalDays);
        var due = Due.AddDays(intervalDays);
        return new CadenceWindow(start, end, due < start ? start : due > end ? end : due);
    }
}
