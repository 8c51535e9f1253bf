namespace Outreach.Planning;

/// <summary>
/// Checks a target's rotation as a whole, for repairs that move visits after the first pass: a visit repeats no
/// more visitors of the visit before it than its window forces (on no working day of it could the whole visit
/// have been staffed with fewer of them), and a returning visitor is sent only when no newcomer is free that day. "Free" is judged on the loads as they
/// stand; loads only grow after the first pass, so what holds now holds in the final plan.
/// </summary>
internal sealed class RotationAudit(PlanCalendar days, VisitorLedger ledger)
{
    private readonly int[] _seen = new int[ledger.Count];
    private int _stamp;

    /// <summary>Would the target's rotation still hold with <paramref name="demand"/> on another day or with other visitors?</summary>
    public bool HoldsWith(Demand demand, int day, int[] visitors)
    {
        var (oldDay, oldVisitors) = (demand.Day, demand.Visitors);
        (demand.Day, demand.Visitors) = (day, visitors);
        var holds = Holds(demand.Target);
        (demand.Day, demand.Visitors) = (oldDay, oldVisitors);
        return holds;
    }

    public bool Holds(TargetState state) => Faults(state, out _, stopAtFirst: true) == 0;

    /// <summary>How many of the target's visits break rotation, and the day of the first one (-1 if none).</summary>
    public int Faults(TargetState state, out int first, bool stopAtFirst = false) => Faults(state, out first, stopAtFirst, null);

    /// <summary>The days of the targets' visits that break rotation, in order.</summary>
    public List<int> FaultDays(IEnumerable<TargetState> states)
    {
        var found = new List<int>();
        foreach (var state in states)
        {
            Faults(state, out _, stopAtFirst: false, found);
        }
        found.Sort();
        return found;
    }

    private int Faults(TargetState state, out int first, bool stopAtFirst, List<int>? found)
    {
        var sequence = state.Sequence(days, ledger);
        var faults = 0;
        first = -1;
        _stamp++;
        for (var i = 0; i < sequence.Count && !(stopAtFirst && faults > 0); i++)
        {
            var (day, visitors, demand) = sequence[i];
            // Kept visits cannot change, but the one after a placed visit can be made a repeat by it.
            var judged = demand is not null || (i > 0 && sequence[i - 1].Demand is not null);
            var repeats = judged && i > 0 ? Repeats(visitors, sequence[i - 1].Visitors) : 0;
            var fault = (repeats > 0 && repeats > FewestRepeats(state, sequence[i - 1].Visitors, visitors, demand, day))
                || (demand is not null && Returning(visitors) && NewcomerFree(state, visitors, day));
            if (fault)
            {
                faults++;
                first = first < 0 ? day : first;
                found?.Add(day);
            }
            foreach (var v in visitors)
            {
                _seen[v] = _stamp;
            }
        }
        return faults;
    }

    private bool Returning(int[] visitors)
    {
        foreach (var v in visitors)
        {
            if (_seen[v] == _stamp)
            {
                return true;
            }
        }
        return false;
    }

    private bool NewcomerFree(TargetState state, int[] visitors, int day)
    {
        foreach (var y in state.Eligible)
        {
            if (_seen[y] != _stamp && !visitors.Contains(y) && !ledger.OnLeave(y, day) && ledger.HasRoom(y, day / 7))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The fewest repeats of the previous visit's visitors the later visit could have had: on each working day of
    /// its window where enough eligible visitors are free for the whole visit (its own visitors count as free in
    /// its own week), those not on the previous visit could be sent.
    /// </summary>
    private int FewestRepeats(TargetState state, int[] previous, int[] visitors, Demand? demand, int day)
    {
        var (lo, hi) = demand is not null ? (demand.Lo, demand.Hi) : WindowOfKept(state, day);
        var members = visitors.Length;
        var fewest = members;
        for (var d = lo; d <= hi && fewest > 0; d++)
        {
            if (!days.IsWorking(d))
            {
                continue;
            }
            int free = 0, fresh = 0;
            foreach (var y in state.Eligible)
            {
                if (!ledger.OnLeave(y, d) && (ledger.HasRoom(y, d / 7) || (visitors.Contains(y) && d / 7 == day / 7)))
                {
                    free++;
                    fresh += previous.Contains(y) ? 0 : 1;
                }
            }
            if (free >= members)
            {
                fewest = Math.Min(fewest, members - Math.Min(fresh, members));
            }
        }
        return fewest;
    }

    private (int Lo, int Hi) WindowOfKept(TargetState state, int day)
    {
        var visit = state.Kept.First(v => days.Index(v.Date) == day);
        return (Math.Max(days.StartIndex, days.Index(visit.WindowStart)), Math.Min(days.ToIndex, days.Index(visit.WindowEnd)));
    }

    private static int Repeats(int[] a, int[] b)
    {
        var count = 0;
        foreach (var v in a)
        {
            count += b.Contains(v) ? 1 : 0;
        }
        return count;
    }
}
