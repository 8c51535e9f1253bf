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

    /// <summary>The window after a visit: from the real completion day when there is one, else the next window.</summary>
    public static CadenceWindow After(Visit visit, int intervalDays)
    {
        if (visit is { Status: VisitStatus.Completed, CompletedOn: { } completed })
        {
            var end = completed.AddDays(intervalDays);
            return new CadenceWindow(completed.AddDays(1), end, end);
        }
        return new CadenceWindow(visit.WindowStart, visit.WindowEnd, visit.DueDate).Next(intervalDays);
    }

    public CadenceWindow Next(int intervalDays)
    {
        var start = End.AddDays(1);
        var end = End.AddDays(intervalDays);
        var due = Due.AddDays(intervalDays);
        return new CadenceWindow(start, end, due < start ? start : due > end ? end : due);
    }
}
