using System.Runtime.CompilerServices;
using Outreach.Policies;

namespace Outreach.Planning;

/// <summary>
/// The first pass over the windows: each gets a day and visitors, the least flexible windows first. A window
/// aims for its due day (for a due day off: the emptiest working day within six days of it, counting the
/// visits still to come that are due there), then searches outward, first for a day where the chosen visitors
/// stay within their share of the day, then within capacity, and only then for a day with as few repeats of a
/// neighbouring visit's visitors as the window allows.
/// </summary>
internal sealed class Placer(PlanCalendar days, VisitorLedger ledger, VisitorChoice choice)
{
    /// <summary>How far a due day off may move: no further than the week around it.</summary>
    private const int DayOffReach = 6;

    private static readonly ChoiceRule[][] Ladders = [.. Enumerable.Range(0, VisitPolicy.MaxVisitorsPerVisit + 1).Select(ChoiceRule.Ladder)];

    private readonly int[] _dueOn = new int[days.Weeks * 7];

    /// <summary>
    /// Orders the windows for the first pass: the fewest visitor-days to choose from first (eligible visitors
    /// times interval, per visitor a visit needs: the same for all of a target's windows, so each target's
    /// windows still go in date order), then by due day. Windows the range holds only in part go last.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<Demand> Order(IEnumerable<Demand> demands)
    {
        var list = demands.ToList();
        list.Sort(Compare);
        return list;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Compare(Demand a, Demand b)
    {
        var c = a.Optional.CompareTo(b.Optional);
        c = c != 0 ? c : Choices(a).CompareTo(Choices(b));
        c = c != 0 ? c : a.Due.CompareTo(b.Due);
        c = c != 0 ? c : a.Target.Index.CompareTo(b.Target.Index);
        return c != 0 ? c : a.Lo.CompareTo(b.Lo);
    }

    private static long Choices(Demand demand) => (long)demand.Target.Eligible.Length * demand.Target.Policy!.IntervalDays / demand.Members;

    /// <summary>Counts the windows due on each working day: the load those days will carry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Expect(IEnumerable<Demand> demands)
    {
        foreach (var demand in demands)
        {
            if (days.IsWorking(demand.Due))
            {
                _dueOn[demand.Due]++;
                demand.Expected = true;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryPlace(Demand demand, int near = -1)
    {
        choice.View(demand.Target, demand.Lo, demand.Hi);
        var anchor = near >= 0 ? near : Anchor(demand);
        Span<int> chosen = stackalloc int[demand.Members];
        foreach (var rule in demand.Members < Ladders.Length ? Ladders[demand.Members] : ChoiceRule.Ladder(demand.Members))
        {
            var span = Math.Max(anchor - demand.Lo, demand.Hi - anchor);
            for (var distance = 0; distance <= span; distance++)
            {
                // Nearest to the anchor first; on a tie, the earlier day.
                for (var side = -1; side <= 1; side += 2)
                {
                    var day = anchor + side * distance;
                    if ((distance == 0 && side == 1) || day < demand.Lo || day > demand.Hi || !days.IsWorking(day))
                    {
                        continue;
                    }
                    if (choice.TryChoose(demand.Target, day, rule, chosen, 0))
                    {
                        Commit(demand, day, chosen);
                        return true;
                    }
                }
            }
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Commit(Demand demand, int day, ReadOnlySpan<int> visitors)
    {
        if (demand.Expected)
        {
            _dueOn[demand.Due]--;
            demand.Expected = false;
        }
        demand.Day = day;
        demand.Visitors = visitors.ToArray();
        ledger.Add(visitors, day, +1);
    }

    /// <summary>Takes a placed window back out (a window the range holds only in part, making room).</summary>
    public void Withdraw(Demand demand)
    {
        ledger.Add(demand.Visitors, demand.Day, -1);
        demand.Day = -1;
        demand.Visitors = [];
    }

    /// <summary>
    /// The due day when it is a working day. A due day off moves to the working day within six days of it
    /// (inside the window) that carries the fewest visits, placed or still due there, so that weekends and
    /// festivals fill the lightest days around them instead of piling onto the nearest one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Anchor(Demand demand)
    {
        var due = demand.Due;
        if (days.IsWorking(due))
        {
            return due;
        }
        var best = -1;
        var bestLoad = int.MaxValue;
        var bestDistance = int.MaxValue;
        for (var day = Math.Max(demand.Lo, due - DayOffReach); day <= Math.Min(demand.Hi, due + DayOffReach); day++)
        {
            if (!days.IsWorking(day))
            {
                continue;
            }
            var load = ledger.VisitsOn(day) + _dueOn[day];
            var distance = Math.Abs(day - due);
            if (load < bestLoad || (load == bestLoad && distance < bestDistance))
            {
                (best, bestLoad, bestDistance) = (day, load, distance);
            }
        }
        return best < 0 ? due : best;
    }
}
