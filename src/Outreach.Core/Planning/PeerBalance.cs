namespace Outreach.Planning;

/// <summary>
/// Levels peers after repairs. The first pass keeps peers (same grids, role and capacity) within one visit a
/// week by choosing the lighter one; a repair path ends wherever it finds room, which can leave a peer two or
/// more ahead. Then one of the busier peer's visits that week goes to the lighter peer (same week, a day they
/// are off leave), if rotation still holds for every target that could notice; totals over the range are
/// levelled the same way, in weeks where the busier peer is ahead, or else by the two peers trading places for a
/// run of one target's visits (<see cref="Trade"/>). Where rotation keeps the lighter peer from every one of the
/// busier one's visits, a third visitor steps in (<see cref="Shed"/>, <see cref="Take"/>), or a peer makes one of
/// their own visits in another week of its window (<see cref="Pull"/>, <see cref="Push"/>: no target changes
/// visitor), and failing that a change the rotation mend must follow is tried (<see cref="HandMending"/>, a few a
/// run). Each move but those few, the sheds to a visitor of another class no lighter and the moves for the horizon
/// totals (a few a run each) lowers the sum of squared loads, so levelling ends.
/// </summary>
internal sealed partial class PeerBalance(PlanCalendar days, VisitorLedger ledger, PlanEdits edits)
{
    /// <summary>How many hands a run may make that the rotation mend has to follow (see <see cref="HandMending"/>).</summary>
    private const int MendedHands = 50;

    private int _mendedHandsLeft = MendedHands;

    /// <summary>How many sheds a run may make to a visitor of another class no lighter (see <see cref="Shed"/>).</summary>
    private int _unevenShedsLeft = MendedHands;

    private bool[] _wholeRange = [];

    public void Level()
    {
        _wholeRange = Enumerable.Range(0, ledger.Count).Select(v => !Enumerable.Range(0, days.Weeks).Any(w => OnLeaveIn(v, w))).ToArray();
        var peers = Enumerable.Range(0, ledger.Count).GroupBy(v => ledger.Class[v]).Where(g => g.Count() > 1).Select(g => g.ToArray()).ToList();
        bool moved;
        do
        {
            moved = false;
            foreach (var group in peers)
            {
                for (var week = 0; week < days.Weeks; week++)
                {
                    var present = group.Where(v => !OnLeaveIn(v, week)).OrderBy(v => ledger.WeekLoad(v, week)).ThenBy(v => v).ToList();
                    if (present.Count > 1 && ledger.WeekLoad(present[^1], week) - ledger.WeekLoad(present[0], week) > 1)
                    {
                        moved |= Narrow(present, week);
                    }
                }
                moved |= LevelTotals(group);
            }
        }
        while (moved);
    }

    /// <summary>
    /// One move that narrows the spread of the week's peers (<paramref name="present"/>, lightest first): between the
    /// busiest and the lightest, else between any two at least two apart, widest first (a peer as busy or as light as
    /// those two may have a visit rotation lets go where theirs are held), and failing all that a hand for the rotation
    /// mend to follow.
    /// </summary>
    private bool Narrow(List<int> present, int week)
    {
        var pairs = present.SelectMany(idle => present.Select(busy => (Busy: busy, Idle: idle)))
            .Where(p => ledger.WeekLoad(p.Busy, week) - ledger.WeekLoad(p.Idle, week) > 1)
            .OrderByDescending(p => ledger.WeekLoad(p.Busy, week) - ledger.WeekLoad(p.Idle, week))
            .ThenBy(p => p.Busy != present[^1] || p.Idle != present[0]);
        foreach (var (busy, idle) in pairs)
        {
            // Visits leave their due days only for peers more than two apart: to close a gap of two, balance is not
            // worth the level days it costs.
            var farApart = ledger.WeekLoad(busy, week) - ledger.WeekLoad(idle, week) > 2;
            if (Hand(busy, idle, week) || Shed(busy, week, farApart) || Take(idle, week)
                || (farApart && (Pull(busy, idle, week) || Push(busy, idle, week))))
            {
                return true;
            }
        }
        return HandMending(present[^1], present[0], week);
    }

    /// <summary>
    /// Peers never on leave in the range whose totals differ by more than two: one visit goes from the busier to
    /// the lighter in a week where the busier one has more that week, so that week stays within one; else the two
    /// trade places for a run of visits (<see cref="Trade"/>); else one of the busier one's visits goes to the
    /// lighter one on a day of its window in another week (<see cref="HandElsewhere"/>, <see cref="HandPairElsewhere"/>).
    /// Those three keep every week they touch within one first; failing all of them, as the horizon ranks above one
    /// week's last visit, within two. They need not lower the sum of squared loads, so a run makes only
    /// <see cref="HorizonMoves"/> of them.
    /// </summary>
    private bool LevelTotals(int[] group)
    {
        var whole = group.Where(v => _wholeRange[v]).OrderBy(v => ledger.Total[v]).ThenBy(v => v).ToList();
        if (whole.Count < 2 || ledger.Total[whole[^1]] - ledger.Total[whole[0]] <= 2)
        {
            return false;
        }
        var (busy, idle) = (whole[^1], whole[0]);
        for (var week = 0; week < days.Weeks; week++)
        {
            if (ledger.WeekLoad(busy, week) > ledger.WeekLoad(idle, week) && Hand(busy, idle, week))
            {
                return true;
            }
        }
        if (_horizonMovesLeft == 0)
        {
            return false;
        }
        foreach (var tolerated in (ReadOnlySpan<int>)[1, 2])
        {
            if (Trade(busy, idle, tolerated) || HandElsewhere(busy, idle, tolerated) || HandPairElsewhere(busy, idle, tolerated))
            {
                _horizonMovesLeft--;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Gives one of <paramref name="busy"/>'s visits to <paramref name="idle"/> on a day of its window in another week,
    /// where they have room, if both weeks' peers stay within <paramref name="tolerated"/> or as close as they were
    /// and the visit may leave its day (<see cref="MayMove"/>).
    /// </summary>
    private bool HandElsewhere(int busy, int idle, int tolerated)
    {
        for (var week = 0; week < days.Weeks; week++)
        {
            var from = week;
            if (StaysLevel(busy, from, -1, tolerated)
                && Give(busy, from, (visitor, day, demand) => visitor == idle && day / 7 != from && MayMove(demand, day, busy) && edits.Room(edits.Node(idle, day))
                    && StaysLevel(idle, day / 7, +1, tolerated)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Gives one of <paramref name="busy"/>'s visits that week to <paramref name="idle"/>, if rotation allows.</summary>
    private bool Hand(int busy, int idle, int week) => Give(busy, week, (visitor, day, _) => visitor == idle && day / 7 == week);

    /// <summary>
    /// When rotation keeps the lighter peer from the busier one's visits (they made the target's previous or next
    /// visit, or have been there while the busier one has not), one of the busier peer's visits that week goes to
    /// another eligible visitor instead: one with room, at least two lighter that week, whose own peers stay as level
    /// as they were. The visit keeps its day if it can (the days stay level); else, for peers more than two apart
    /// (<paramref name="otherDays"/>), it moves to another day of its window where that visitor is free (a pair stays
    /// in its week). The sum of squared loads still falls. For peers more than two apart, failing that, the visitor
    /// may be of another class and no lighter, as long as they have room and their own peers stay as level (the sum
    /// may grow, so a run makes only a few such sheds): balance is owed among peers, not between classes.
    /// </summary>
    private bool Shed(int busy, int week, bool otherDays)
    {
        var load = ledger.WeekLoad(busy, week);
        bool Takes(int visitor, int day, bool anyLoad) => edits.Room(edits.Node(visitor, day)) && StaysLevel(visitor, day / 7, +1)
            && (anyLoad ? ledger.Class[visitor] != ledger.Class[busy] : ledger.WeekLoad(visitor, day / 7) + 1 < load);
        bool Sheds(bool anyLoad) => Give(busy, week, (visitor, day, demand) => day == demand.Day && Takes(visitor, day, anyLoad))
            || (otherDays && Give(busy, week, (visitor, day, demand) => day != demand.Day && MayMove(demand, day, busy) && Takes(visitor, day, anyLoad)));
        if (Sheds(anyLoad: false))
        {
            return true;
        }
        if (otherDays && _unevenShedsLeft > 0 && Sheds(anyLoad: true))
        {
            _unevenShedsLeft--;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The other way round: the lighter peer takes a visit that week, on its day, from another visitor at least two
    /// busier, whose own peers stay as level as they were, if rotation holds.
    /// </summary>
    private bool Take(int idle, int week)
    {
        var load = ledger.WeekLoad(idle, week);
        for (var other = 0; other < ledger.Count; other++)
        {
            if (other != idle && ledger.WeekLoad(other, week) > load + 1 && StaysLevel(other, week, -1)
                && Give(other, week, (visitor, day, demand) => visitor == idle && day == demand.Day))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// When rotation keeps every visit that week where it is and the peers are more than two apart, the lighter peer
    /// makes one of their own visits of another week in this one instead (its window reaches this week, on a day they are off leave), from a week
    /// where they carry at least two more and whose peers end no further apart than these two will. No target
    /// changes visitor.
    /// </summary>
    private bool Pull(int busy, int idle, int week, bool mend = false)
    {
        var load = ledger.WeekLoad(idle, week);
        var tolerated = ledger.WeekLoad(busy, week) - load - 1;
        for (var other = 0; other < days.Weeks; other++)
        {
            if (other != week && ledger.WeekLoad(idle, other) > load + 1 && StaysLevel(idle, other, -1, tolerated)
                && Give(idle, other, (visitor, day, demand) => visitor == idle && day / 7 == week && MayMove(demand, day, idle), mend, Closer(busy, idle, week, mend), own: true))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The other way round: the busier peer makes one of their visits that week in another week of its window,
    /// where they have room and carry at least two fewer, and whose peers end no further apart than these two will.
    /// </summary>
    private bool Push(int busy, int idle, int week, bool mend = false)
    {
        var load = ledger.WeekLoad(busy, week);
        var tolerated = load - ledger.WeekLoad(idle, week) - 1;
        for (var other = 0; other < days.Weeks; other++)
        {
            if (other != week && ledger.WeekLoad(busy, other) + 1 < load && ledger.HasRoom(busy, other) && StaysLevel(busy, other, +1, tolerated)
                && Give(busy, week, (visitor, day, demand) => visitor == busy && day / 7 == other && MayMove(demand, day, busy), mend, Closer(busy, idle, week, mend), own: true))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// As <see cref="Hand"/>, <see cref="Pull"/> or <see cref="Push"/>, where the change breaks rotation (a repeat, or
    /// a week left lighter that a returning visitor or a repeat elsewhere relied on being full) and the rotation mend
    /// puts it right by giving other visits to others; kept only if rotation then holds and the two peers end closer.
    /// The mend may move visits the levelling had placed, so a run makes only a few such changes: levelling still ends.
    /// </summary>
    private bool HandMending(int busy, int idle, int week)
    {
        if (_mendedHandsLeft == 0)
        {
            return false;
        }
        _mendedHandsLeft--;
        var farApart = ledger.WeekLoad(busy, week) - ledger.WeekLoad(idle, week) > 2;
        return Give(busy, week, (visitor, day, _) => visitor == idle && day / 7 == week, mend: true, closer: Closer(busy, idle, week, mend: true))
            || (farApart && (Pull(busy, idle, week, mend: true) || Push(busy, idle, week, mend: true)));
    }

    /// <summary>
    /// Whether levelling a peer of <paramref name="peer"/>'s may make a visit on another day. Where a week of one of
    /// those peers is full now (levelling itself may have filled it), yes: balance ranks above level days. Where they all have room all along, every visit keeps
    /// its due day (the first pass spread due days so that days stay level) and only one placed elsewhere moves, within
    /// the week either side of a due day that is not a working day: peers far apart there are as rotation left them.
    /// </summary>
    private bool MayMove(Demand demand, int day, int peer) =>
        ClassFull(ledger.Class[peer]) || (days.IsWorking(demand.Due) ? demand.Day != demand.Due : Math.Abs(day - demand.Due) <= 6);

    private bool ClassFull(int peers)
    {
        for (var v = 0; v < ledger.Count; v++)
        {
            if (ledger.Class[v] == peers && ledger.Capacity(v) > 0 && Enumerable.Range(0, days.Weeks).Any(w => !ledger.HasRoom(v, w)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>After a change the rotation mend followed: whether the two peers ended closer that week than they are now.</summary>
    private Func<bool>? Closer(int busy, int idle, int week, bool mend)
    {
        if (!mend)
        {
            return null;
        }
        var spread = ledger.WeekLoad(busy, week) - ledger.WeekLoad(idle, week);
        return () => ledger.WeekLoad(busy, week) - ledger.WeekLoad(idle, week) < spread;
    }

    /// <summary>
    /// Moves one of <paramref name="from"/>'s visits that week to a visitor and day <paramref name="accepts"/>, if
    /// rotation still holds; to another day of <paramref name="from"/>'s own only when <paramref name="own"/>.
    /// </summary>
    private bool Give(int from, int week, Func<int, int, Demand, bool> accepts, bool mend = false, Func<bool>? closer = null, bool own = false)
    {
        // The horizon's spreads before any move, taken once a move is tried (most calls find none to try).
        int[]? spreads = null;
        foreach (var (demand, member) in edits.Index.In(edits.Node(from, 7 * week)).ToList())
        {
            foreach (var (visitor, day) in edits.Moves(demand, member).ToList())
            {
                if ((visitor == from) != own || !accepts(visitor, day, demand))
                {
                    continue;
                }
                spreads ??= TotalSpreads();
                var mark = edits.Begin();
                edits.Move(demand, member, visitor, day);
                if (Keep(mark, spreads, mend, closer))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// Keeps the changes since <paramref name="mark"/> if rotation holds (after the rotation mend, with
    /// <paramref name="mend"/>), <paramref name="closer"/> agrees, and no class's horizon spread widens past two
    /// (<see cref="KeepsTotals"/>); else undoes them.
    /// </summary>
    private bool Keep(int mark, int[] totals, bool mend = false, Func<bool>? closer = null)
    {
        // Settle undoes what breaks rotation, or what its mend could not put right.
        if (!edits.Settle(mark, mend))
        {
            return false;
        }
        if ((closer is null || closer()) && KeepsTotals(totals))
        {
            return true;
        }
        edits.Undo(mark);
        return false;
    }

    /// <summary>
    /// Whether the visitor's peers present that week stay within one, or as close as they were, or within
    /// <paramref name="tolerated"/>, after the change.
    /// </summary>
    private bool StaysLevel(int v, int week, int delta, int tolerated = 1) =>
        OnLeaveIn(v, week) || ClassStaysLevel(week, (v, delta), (Visitor: -1, Delta: 0), tolerated);

    /// <summary>
    /// Whether the class of <paramref name="first"/>'s visitor, among the peers present that week, stays within one, or
    /// as close as it was, or within <paramref name="tolerated"/>, after the two visitors' loads change by their deltas.
    /// </summary>
    private bool ClassStaysLevel(int week, (int Visitor, int Delta) first, (int Visitor, int Delta) second, int tolerated)
    {
        int min = int.MaxValue, max = int.MinValue, newMin = int.MaxValue, newMax = int.MinValue;
        for (var peer = 0; peer < ledger.Count; peer++)
        {
            if (ledger.Class[peer] != ledger.Class[first.Visitor] || OnLeaveIn(peer, week))
            {
                continue;
            }
            var load = ledger.WeekLoad(peer, week);
            var after = load + (peer == first.Visitor ? first.Delta : 0) + (peer == second.Visitor ? second.Delta : 0);
            (min, max) = (Math.Min(min, load), Math.Max(max, load));
            (newMin, newMax) = (Math.Min(newMin, after), Math.Max(newMax, after));
        }
        return newMax - newMin <= Math.Max(tolerated, max - min);
    }

    /// <summary>Per class, the spread of horizon totals among the peers on leave on no day of the range.</summary>
    private int[] TotalSpreads()
    {
        var (min, max) = (new int[ledger.ClassCount], new int[ledger.ClassCount]);
        Array.Fill(min, int.MaxValue);
        Array.Fill(max, int.MinValue);
        for (var v = 0; v < ledger.Count; v++)
        {
            if (_wholeRange[v])
            {
                var c = ledger.Class[v];
                (min[c], max[c]) = (Math.Min(min[c], ledger.Total[v]), Math.Max(max[c], ledger.Total[v]));
            }
        }
        return [.. min.Zip(max, (lo, hi) => hi >= lo ? hi - lo : 0)];
    }

    /// <summary>
    /// A week is levelled only where the horizon stays so: no class of peers ends more than two apart over the range
    /// unless it already was, and then no further (a hand to a third visitor could leave a peer behind for good).
    /// </summary>
    private bool KeepsTotals(int[] before) => TotalSpreads().Select((after, c) => after <= Math.Max(2, before[c])).All(ok => ok);

    /// <summary>Peers on leave any day of the week (within the range) are not compared that week.</summary>
    private bool OnLeaveIn(int v, int week)
    {
        for (var day = Math.Max(7 * week, days.StartIndex); day <= Math.Min(7 * week + 6, days.ToIndex); day++)
        {
            if (ledger.OnLeave(v, day))
            {
                return true;
            }
        }
        return false;
    }
}
