namespace Outreach.Planning;

/// <summary>
/// Changes to this run's placed visits after the first pass (published visits are never touched): a member
/// given to another visitor, on another day if need be; a visit withdrawn; a visit placed. Every change is
/// journalled so a repair that does not work out is undone exactly, and <see cref="Settle"/> keeps a set of
/// changes only if rotation still holds for every target they could affect, mending it first if need be.
/// </summary>
internal sealed partial class PlanEdits(PlanCalendar days, VisitorLedger ledger, RotationAudit audit, Placer placer, WeekIndex index)
{
    private readonly List<Change> _journal = new();
    private readonly Dictionary<int, int> _loadBefore = new();

    /// <summary>One journalled change: a member moved from a visitor and day, a visit withdrawn, or placed.</summary>
    private readonly record struct Change(Demand Demand, int Member, int FromVisitor, int FromDay, int[]? Withdrawn, bool Placed);

    public WeekIndex Index => index;

    /// <summary>Where the journal stands: <see cref="Undo"/> and <see cref="Settle"/> work back to a mark.</summary>
    public int Mark() => _journal.Count;

    /// <summary>Starts a new set of changes: loads are compared with the ones they had from here on.</summary>
    public int Begin()
    {
        _loadBefore.Clear();
        return _journal.Count;
    }

    public int Node(int visitor, int day) => index.Node(visitor, day);

    /// <summary>Room in a visitor-week, less the slots <paramref name="reserved"/> there.</summary>
    public bool Room(int node, int reserved = 0) =>
        ledger.WeekLoad(index.VisitorOf(node), index.WeekOf(node)) + reserved < ledger.Capacity(index.VisitorOf(node));

    /// <summary>Gives a visit's member to another visitor, on another day if need be (a pair's other visitors go along).</summary>
    public void Move(Demand demand, int member, int visitor, int day)
    {
        Touch(demand.Visitors[member], demand.Day);
        Touch(visitor, day);
        index.Remove(demand);
        _journal.Add(new Change(demand, member, demand.Visitors[member], demand.Day, null, Placed: false));
        Shift(demand, member, visitor, day);
        index.Add(demand);
    }

    public void Withdraw(Demand demand)
    {
        foreach (var v in demand.Visitors)
        {
            Touch(v, demand.Day);
        }
        index.Remove(demand);
        _journal.Add(new Change(demand, 0, -1, demand.Day, demand.Visitors, Placed: false));
        placer.Withdraw(demand);
    }

    public void Place(Demand demand, int day, int[] visitors)
    {
        placer.Commit(demand, day, visitors);
        Placed(demand);
    }

    /// <summary>Places a withdrawn visit again, as the first pass would, near <paramref name="day"/>.</summary>
    public bool Replace(Demand demand, int day)
    {
        if (!placer.TryPlace(demand, near: day))
        {
            return false;
        }
        Placed(demand);
        return true;
    }

    public void Undo(int mark)
    {
        for (var i = _journal.Count - 1; i >= mark; i--)
        {
            var change = _journal[i];
            var demand = change.Demand;
            index.Remove(demand);
            if (change.Placed)
            {
                placer.Withdraw(demand);
                continue;
            }
            if (change.Withdrawn is { } visitors)
            {
                placer.Commit(demand, change.FromDay, visitors);
            }
            else
            {
                Shift(demand, change.Member, change.FromVisitor, change.FromDay);
            }
            index.Add(demand);
        }
        _journal.RemoveRange(mark, _journal.Count - mark);
    }

    /// <summary>
    /// Keeps the changes since <paramref name="mark"/> when rotation holds for every target they could affect,
    /// after mending what they broke (unless <paramref name="mend"/> is false); else undoes them.
    /// </summary>
    public bool Settle(int mark, bool mend = true)
    {
        var affected = Affected(mark);
        if (mend && !affected.All(audit.Holds))
        {
            Mend(affected);
            affected = Affected(mark);
        }
        if (affected.All(audit.Holds))
        {
            return true;
        }
        Undo(mark);
        return false;
    }

    /// <summary>
    /// Where a placed visit's member could go: another eligible visitor-week of its window, the visit's own day
    /// first; a pair stays in its week (its other visitors' weeks do not change), on a day all are off leave.
    /// </summary>
    public IEnumerable<(int Visitor, int Day)> Moves(Demand demand, int member)
    {
        foreach (var v in demand.Target.Eligible)
        {
            if (demand.Members > 1 && demand.Visitors.Contains(v))
            {
                continue;
            }
            var (first, last) = demand.Members > 1 ? (demand.Day / 7, demand.Day / 7) : (demand.Lo / 7, demand.Hi / 7);
            for (var week = first; week <= last; week++)
            {
                var here = week == demand.Day / 7 ? DaysNearDue(demand, week).Prepend(demand.Day) : DaysNearDue(demand, week);
                foreach (var day in here)
                {
                    if (!ledger.OnLeave(v, day) && OthersFree(demand, member, day))
                    {
                        yield return (v, day);
                        break;
                    }
                }
            }
        }
    }

    /// <summary>Working days of the window (of one week of it, unless <paramref name="week"/> is -1), nearest the due day first.</summary>
    public IEnumerable<int> DaysNearDue(Demand demand, int week)
    {
        var (lo, hi) = week < 0 ? (demand.Lo, demand.Hi) : (Math.Max(demand.Lo, 7 * week), Math.Min(demand.Hi, 7 * week + 6));
        var due = Math.Clamp(demand.Due, lo, hi);
        for (var distance = 0; distance <= hi - lo; distance++)
        {
            if (due - distance >= lo && days.IsWorking(due - distance))
            {
                yield return due - distance;
            }
            if (distance > 0 && due + distance <= hi && days.IsWorking(due + distance))
            {
                yield return due + distance;
            }
        }
    }

    public static int[] With(Demand demand, int member, int visitor)
    {
        var visitors = (int[])demand.Visitors.Clone();
        visitors[member] = visitor;
        return visitors;
    }

    private bool OthersFree(Demand demand, int member, int day)
    {
        for (var other = 0; other < demand.Visitors.Length; other++)
        {
            if (other != member && ledger.OnLeave(demand.Visitors[other], day))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The targets whose visits changed since <paramref name="mark"/>, and those that could have relied on a
    /// visitor-week left lighter than before for a repeat.
    /// </summary>
    private List<TargetState> Affected(int mark)
    {
        var lowered = _loadBefore
            .Where(n => ledger.WeekLoad(index.VisitorOf(n.Key), index.WeekOf(n.Key)) < n.Value)
            .SelectMany(n => Bystanders(null, index.VisitorOf(n.Key), 7 * index.WeekOf(n.Key)));
        return _journal.Skip(mark).Select(c => c.Demand.Target).Concat(lowered).Distinct().OrderBy(t => t.Index).ToList();
    }

    /// <summary>Other targets with a visit whose window meets the visitor's week, for whom the visitor is eligible.</summary>
    private List<TargetState> Bystanders(TargetState? target, int visitor, int day)
    {
        var (lo, hi) = (day / 7 * 7, day / 7 * 7 + 6);
        return index.All
            .Where(d => d.Target != target && d.Hi >= lo && d.Lo <= hi && d.Target.Eligible.Contains(visitor))
            .Select(d => d.Target).Distinct().ToList();
    }

    private void Placed(Demand demand)
    {
        _journal.Add(new Change(demand, 0, -1, -1, null, Placed: true));
        index.Add(demand);
    }

    /// <summary>Notes a visitor-week's load before this set of changes first changes it.</summary>
    private void Touch(int visitor, int day) => _loadBefore.TryAdd(Node(visitor, day), ledger.WeekLoad(visitor, day / 7));

    private void Shift(Demand demand, int member, int visitor, int day)
    {
        ledger.Move(demand.Visitors[member], demand.Day, visitor, day);
        for (var other = 0; other < demand.Visitors.Length; other++)
        {
            if (other != member && day != demand.Day)
            {
                ledger.Add(demand.Visitors[other], demand.Day, -1);
                ledger.Add(demand.Visitors[other], day, +1);
            }
        }
        demand.Visitors = With(demand, member, visitor);
        demand.Day = day;
    }
}
