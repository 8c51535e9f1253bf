namespace Outreach.Planning;

/// <summary>
/// The rotation mend of <see cref="PlanEdits"/>: after a repair, the targets whose rotation it broke have visits
/// chosen afresh or given to others, one change at a time, each kept only when the faults around it fall or move later.
/// </summary>
internal sealed partial class PlanEdits
{
    /// <summary>
    /// Mends rotation. A change to a target (its visitors chosen afresh from some visit on, or one visit given to
    /// another visitor with a free slot) is kept only when it leaves fewer or later visits breaking rotation over
    /// that target and every target that could have relied on a week it made lighter (<see cref="Earlier"/>), and a
    /// target others relied on is mended in turn. Failing that, a chain of targets is chosen afresh together
    /// (<see cref="Chain"/>), or two visits are given to others at once when that leaves fewer faults. Every change
    /// kept leaves fewer faults, or as many and later, so mending ends; <see cref="MendSteps"/> bounds its cost.
    /// </summary>
    private void Mend(IEnumerable<TargetState> touched)
    {
        var work = new SortedSet<TargetState>(touched.Where(t => !audit.Holds(t)), Comparer<TargetState>.Create((a, b) => a.Index.CompareTo(b.Index)));
        var stuck = new HashSet<TargetState>();
        var steps = 0;
        while (work.FirstOrDefault(t => !stuck.Contains(t)) is { } target && steps++ < MendSteps)
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
        return Chain(target);
    }

    /// <summary>How many targets one mend may look at, at most: far more than any mend the tests and benches make.</summary>
    private const int MendSteps = 10_000;

    /// <summary>How many rounds of targets a chain of choices afresh may reach (see <see cref="Chain"/>).</summary>
    private const int ChainRounds = 4;

    /// <summary>
    /// Chooses the target's visits afresh from its fault on, then does the same for each target that change left
    /// faulty, a few rounds deep, and keeps it all if the faults over every target are fewer or later. Where every
    /// visitor-week is full, one filled window turns a target's alternation around (its next visits must change
    /// visitor), and the visitor-week that leaves lighter makes a neighbour's forced repeat a fault, mended only by
    /// turning that neighbour around in turn: no single step lowers the faults, the chain does.
    /// </summary>
    private List<TargetState>? Chain(TargetState target)
    {
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
                var placed = FromFault(state);
                if (placed.Count == 0)
                {
                    continue;
                }
                var others = placed.SelectMany(d => d.Visitors.SelectMany(v => Bystanders(state, v, d.Day))).Distinct().ToList();
                if (!Rechoose(placed))
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

    /// <summary>
    /// The target's placed visits from its first fault on; for a fault at a kept visit after them all (the last
    /// placed one made it a repeat), that last one.
    /// </summary>
    private List<Demand> FromFault(TargetState state)
    {
        audit.Faults(state, out var first);
        var placed = state.Demands.Where(d => d.Placed).OrderBy(d => d.Day).ToList();
        var at = placed.FindIndex(d => d.Day >= first);
        return placed.Skip(at < 0 ? Math.Max(0, placed.Count - 1) : at).ToList();
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
    /// Whether the faults <paramref name="after"/> a change are fewer, or as many and later: at the first place where
    /// the two, in day order, differ, the fault after falls on a later day. Mending by this order can move a fault
    /// along a target's visits to the end, where it is mended or runs out: a chain of alternating visitors that one
    /// filled window turns around is mended visit by visit, though each step leaves as many faults as before. Every
    /// change kept lowers the count, or keeps it and moves a fault later, as the other mends' changes (fewer faults)
    /// do too, so mending ends.
    /// </summary>
    private static bool Earlier(List<int> before, List<int> after)
    {
        if (after.Count != before.Count)
        {
            return after.Count < before.Count;
        }
        for (var i = 0; i < before.Count; i++)
        {
            if (before[i] != after[i])
            {
                return after[i] > before[i];
            }
        }
        return false;
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
}
