namespace Outreach.Planning;

/// <summary>
/// Changes to this run's placed visits after the first pass (published visits are never touched): a member
/// given to another visitor, on another day if need be; a visit withdrawn; a visit placed. Every change is
/// journalled so a repair that does not work out is undone exactly, and <see cref="Settle"/> keeps a set of
/// changes only if rotation still holds for every target they could affect, mending it first if need be.
/// </summary>
internal sealed class PlanEdits(PlanCalendar days, VisitorLedger ledger, RotationAudit audit, Placer placer, WeekIndex index)
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

    /// <summary>
    /// Mends rotation. A change to a target (its visitors chosen afresh from some visit on, or one visit given to
    /// another visitor with a free slot) is kept only when it leaves fewer or later visits breaking rotation over
    /// that target and every target that could have relied on a week it made lighter (<see cref="Earlier"/>): the
    /// faults only move one way, so mending ends, and a target others relied on is mended in turn. Failing that,
    /// a chain of targets is chosen afresh together (<see cref="Chain"/>).
    /// </summary>
    private void Mend(IEnumerable<TargetState> touched)
    {
        var work = new SortedSet<TargetState>(touched.Where(t => !audit.Holds(t)), Comparer<TargetState>.Create((a, b) => a.Index.CompareTo(b.Index)));
        var stuck = new HashSet<TargetState>();
        while (work.FirstOrDefault(t => !stuck.Contains(t)) is { } target)
        {
            if (audit.Holds(target))
            {
                work.Remove(target);
            }
            else if (MendOnce(target) is { } others)
            {
                work.UnionWith(others.Where(t => !audit.Holds(t)));
                stuck.Clear();
            }
            else
            {
                stuck.Add(target);
            }
        }
    }

    /// <summary>One change that lowers the faults around the target: the targets it may have hurt, or null.</summary>
    private List<TargetState>? MendOnce(TargetState target)
    {
        var placed = target.Demands.Where(d => d.Placed).OrderBy(d => d.Day).ToList();
        audit.Faults(target, out var first);
        var at = placed.FindIndex(d => d.Day >= first);
        // Choose afresh from the visit before the first fault, from the fault, or from the start.
        foreach (var from in new[] { at - 1, at, 0 }.Where(i => i >= 0).Distinct())
        {
            var suffix = placed.Skip(from).ToList();
            if (TryChange(target, suffix, () => Rechoose(suffix)) is { } others)
            {
                return others;
            }
        }
        foreach (var demand in placed)
        {
            for (var member = 0; member < demand.Members; member++)
            {
                foreach (var (visitor, day) in Moves(demand, member).ToList())
                {
                    if (visitor != demand.Visitors[member] && Room(Node(visitor, day))
                        && TryChange(target, [demand], () => { Move(demand, member, visitor, day); return true; }) is { } others)
                    {
                        return others;
                    }
                }
            }
        }
        // The visit at the fault and the next one given to others together: a visitor free for the fault can make
        // the next visit a repeat that only another free visitor mends, and neither move alone lowers the faults.
        foreach (var from in new[] { at - 1, at }.Where(i => i >= 0 && i + 1 < placed.Count).Distinct())
        {
            var (here, next) = (placed[from], placed[from + 1]);
            if (TryChange(target, [here, next], () => MoveBoth(target, here, next)) is { } others)
            {
                return others;
            }
        }
        return Chain(target, placed.Skip(Math.Max(at, 0)).ToList());
    }

    /// <summary>How many rounds of targets a chain of choices afresh may reach (see <see cref="Chain"/>).</summary>
    private const int ChainRounds = 4;

    /// <summary>
    /// Chooses the target's visits afresh from its fault on, then does the same for each target that change left
    /// faulty, a few rounds deep, and keeps it all if the faults over every target are fewer or later. Where every
    /// visitor-week is full, one filled window turns a target's alternation around (its next visits must change
    /// visitor), and the visitor-week that leaves lighter makes a neighbour's forced repeat a fault, mended only by
    /// turning that neighbour around in turn: no single step lowers the faults, the chain does.
    /// </summary>
    private List<TargetState>? Chain(TargetState target, List<Demand> suffix)
    {
        if (suffix.Count == 0)
        {
            return null;
        }
        var all = index.All.Select(d => d.Target).Distinct().OrderBy(t => t.Index).ToList();
        var before = audit.FaultDays(all);
        var mark = _journal.Count;
        var touched = new List<TargetState> { target };
        var round = new List<TargetState> { target };
        for (var depth = 0; depth < ChainRounds && round.Count > 0; depth++)
        {
            var next = new List<TargetState>();
            foreach (var state in round)
            {
                var placed = state == target ? suffix : FromFault(state);
                var others = placed.SelectMany(d => d.Visitors.SelectMany(v => Bystanders(state, v, d.Day))).Distinct().ToList();
                if (placed.Count == 0 || !Rechoose(placed))
                {
                    Undo(mark);
                    return null;
                }
                next.AddRange(others.Where(t => !audit.Holds(t) && !touched.Contains(t)));
            }
            round = next.Distinct().OrderBy(t => t.Index).ToList();
            touched.AddRange(round);
        }
        if (Earlier(before, audit.FaultDays(all)))
        {
            return all.Where(t => !audit.Holds(t)).ToList();
        }
        Undo(mark);
        return null;
    }

    /// <summary>The target's placed visits from its first fault on.</summary>
    private List<Demand> FromFault(TargetState state)
    {
        audit.Faults(state, out var first);
        return state.Demands.Where(d => d.Placed && d.Day >= first).OrderBy(d => d.Day).ToList();
    }

    /// <summary>
    /// Gives a member of <paramref name="first"/> and one of <paramref name="second"/> to other visitors with a free
    /// slot, then, if another target now misses a visitor those moves freed, gives that target's visit to them: the
    /// first such set of moves that leaves fewer faults over every target it could affect; false (nothing changed)
    /// if none does.
    /// </summary>
    private bool MoveBoth(TargetState target, Demand first, Demand second)
    {
        var judged = new[] { first, second }.SelectMany(d => d.Visitors.SelectMany(v => Bystanders(target, v, d.Day))).Append(target).Distinct().ToList();
        var before = judged.Sum(t => audit.Faults(t, out _));
        for (var one = 0; one < first.Members; one++)
        {
            foreach (var (visitor, day) in Moves(first, one).ToList())
            {
                if (visitor == first.Visitors[one] || !Room(Node(visitor, day)))
                {
                    continue;
                }
                var mark = _journal.Count;
                Move(first, one, visitor, day);
                for (var two = 0; two < second.Members; two++)
                {
                    foreach (var (other, otherDay) in Moves(second, two).ToList())
                    {
                        if (other == second.Visitors[two] || !Room(Node(other, otherDay)))
                        {
                            continue;
                        }
                        var inner = _journal.Count;
                        Move(second, two, other, otherDay);
                        if (Improves(target, judged, before))
                        {
                            return true;
                        }
                        Undo(inner);
                    }
                }
                Undo(mark);
            }
        }
        return false;
    }

    /// <summary>
    /// Whether the moves just made leave fewer faults over <paramref name="judged"/> than the
    /// <paramref name="before"/> they had: as they stand, or, when the target's own faults are gone, after each
    /// target they left faulty has one visit given to a visitor with a free slot (counting the targets that could
    /// rely on the weeks those visits leave). Undoes the visits given, and only those, when they do not.
    /// </summary>
    private bool Improves(TargetState target, List<TargetState> judged, int before)
    {
        if (judged.Sum(t => audit.Faults(t, out _)) < before)
        {
            return true;
        }
        if (!audit.Holds(target))
        {
            return false;
        }
        var mark = _journal.Count;
        var counted = new HashSet<TargetState>(judged);
        foreach (var other in judged.Where(t => t != target && !audit.Holds(t)).ToList())
        {
            var faults = audit.Faults(other, out _);
            foreach (var (demand, member, visitor, day) in other.Demands.Where(d => d.Placed).ToList()
                .SelectMany(d => Enumerable.Range(0, d.Members).SelectMany(m => Moves(d, m).ToList().Select(x => (d, m, x.Visitor, x.Day)))))
            {
                if (visitor == demand.Visitors[member] || !Room(Node(visitor, day)))
                {
                    continue;
                }
                // Targets that could rely on the week the visit leaves are counted too, as they stand before it leaves.
                var relying = Bystanders(other, demand.Visitors[member], demand.Day).Where(t => !counted.Contains(t)).ToList();
                var inner = _journal.Count;
                Move(demand, member, visitor, day);
                if (audit.Faults(other, out _) < faults)
                {
                    Undo(inner);
                    before += relying.Sum(t => audit.Faults(t, out _));
                    Move(demand, member, visitor, day);
                    counted.UnionWith(relying);
                    break;
                }
                Undo(inner);
            }
        }
        if (_journal.Count > mark && counted.Sum(t => audit.Faults(t, out _)) < before)
        {
            return true;
        }
        Undo(mark);
        return false;
    }

    /// <summary>
    /// Applies a change to some of the target's visits and keeps it if the faults over the target and the targets
    /// that could rely on the weeks those visits leave fall; returns those targets, or null (and undoes it).
    /// </summary>
    private List<TargetState>? TryChange(TargetState target, List<Demand> changed, Func<bool> change)
    {
        var others = changed.SelectMany(d => d.Visitors.SelectMany(v => Bystanders(target, v, d.Day))).Distinct().ToList();
        var judged = others.Prepend(target).ToList();
        var before = audit.FaultDays(judged);
        var mark = _journal.Count;
        if (change() && Earlier(before, audit.FaultDays(judged)))
        {
            return others;
        }
        Undo(mark);
        return null;
    }

    /// <summary>
    /// Whether the faults <paramref name="after"/> a change are fewer, or later: the first day where the two differ
    /// held a fault before and holds none after (faults after it may be more). Mending by this order can move a fault
    /// along a target's visits to the end, where it is mended or runs out: a chain of alternating visitors that one
    /// filled window turns around is mended visit by visit, though each step may leave as many faults as before.
    /// Every change lowers the count of faults on the earliest day where the counts differ, so mending still ends.
    /// </summary>
    private static bool Earlier(List<int> before, List<int> after)
    {
        for (var i = 0; i < Math.Min(before.Count, after.Count); i++)
        {
            if (before[i] != after[i])
            {
                return after[i] > before[i];
            }
        }
        return after.Count < before.Count;
    }

    /// <summary>Chooses visitors afresh for the visits, in date order as the first pass does, near the days they had.</summary>
    private bool Rechoose(List<Demand> visits)
    {
        var near = visits.Select(d => d.Day).ToList();
        foreach (var demand in visits)
        {
            Withdraw(demand);
        }
        for (var i = 0; i < visits.Count; i++)
        {
            if (!Replace(visits[i], near[i]))
            {
                return false;
            }
        }
        return true;
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
