namespace Outreach.Planning;

/// <summary>
/// Levels peers after repairs. The first pass keeps peers (same grids, role and capacity) within one visit a
/// week by choosing the lighter one; a repair path ends wherever it finds room, which can leave a peer two or
/// more ahead. Then one of the busier peer's visits that week goes to the lighter peer (same week, a day they
/// are off leave), if rotation still holds for every target that could notice; totals over the range are
/// levelled the same way, in weeks where the busier peer is ahead. Where rotation keeps the lighter peer from
/// every one of the busier one's visits, a third visitor steps in (<see cref="Shed"/>, <see cref="Take"/>), and
/// failing that a hand the rotation mend must follow is tried (<see cref="HandMending"/>, a few a run). Each move
/// but those few lowers the sum of squared loads, so levelling ends.
/// </summary>
internal sealed class PeerBalance(PlanCalendar days, VisitorLedger ledger, PlanEdits edits)
{
    /// <summary>How many hands a run may make that the rotation mend has to follow (see <see cref="HandMending"/>).</summary>
    private const int MendedHands = 50;

    private int _mendedHandsLeft = MendedHands;

    public void Level()
    {
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
                        var (busy, idle) = (present[^1], present[0]);
                        moved |= Hand(busy, idle, week) || Shed(busy, week) || Take(idle, week) || HandMending(busy, idle, week);
                    }
                }
                moved |= LevelTotals(group);
            }
        }
        while (moved);
    }

    /// <summary>
    /// Peers never on leave in the range whose totals differ by more than two: one visit goes from the busier to
    /// the lighter in a week where the busier one has more that week, so that week stays within one.
    /// </summary>
    private bool LevelTotals(int[] group)
    {
        var whole = group.Where(v => !Enumerable.Range(0, days.Weeks).Any(w => OnLeaveIn(v, w))).OrderBy(v => ledger.Total[v]).ThenBy(v => v).ToList();
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
        return false;
    }

    /// <summary>Gives one of <paramref name="busy"/>'s visits that week to <paramref name="idle"/>, if rotation allows.</summary>
    private bool Hand(int busy, int idle, int week) => Give(busy, week, (visitor, day, _) => visitor == idle && day / 7 == week);

    /// <summary>
    /// When rotation keeps the lighter peer from the busier one's visits (they made the target's previous or next
    /// visit, or have been there while the busier one has not), one of the busier peer's visits that week goes to
    /// another eligible visitor free that day instead: one with room, at least two lighter that week, whose own peers
    /// stay as level as they were. The visit keeps its day, and the sum of squared loads still falls.
    /// </summary>
    private bool Shed(int busy, int week)
    {
        var load = ledger.WeekLoad(busy, week);
        return Give(busy, week, (visitor, day, demand) => day == demand.Day && edits.Room(edits.Node(visitor, day))
            && ledger.WeekLoad(visitor, week) + 1 < load && StaysLevel(visitor, week, +1));
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
    /// As <see cref="Hand"/>, where the visit handed makes a repeat that the rotation mend puts right by giving other
    /// visits to others; kept only if rotation then holds and the two peers end closer. The mend may move visits the
    /// levelling had placed, so a run makes only a few such hands: levelling still ends.
    /// </summary>
    private bool HandMending(int busy, int idle, int week)
    {
        if (_mendedHandsLeft == 0)
        {
            return false;
        }
        _mendedHandsLeft--;
        var spread = ledger.WeekLoad(busy, week) - ledger.WeekLoad(idle, week);
        return Give(busy, week, (visitor, day, _) => visitor == idle && day / 7 == week, mend: true,
            closer: () => ledger.WeekLoad(busy, week) - ledger.WeekLoad(idle, week) < spread);
    }

    /// <summary>Moves one of <paramref name="from"/>'s visits that week to a visitor and day <paramref name="accepts"/>, if rotation still holds.</summary>
    private bool Give(int from, int week, Func<int, int, Demand, bool> accepts, bool mend = false, Func<bool>? closer = null)
    {
        foreach (var (demand, member) in edits.Index.In(edits.Node(from, 7 * week)).ToList())
        {
            foreach (var (visitor, day) in edits.Moves(demand, member).ToList())
            {
                if (visitor == from || !accepts(visitor, day, demand))
                {
                    continue;
                }
                var mark = edits.Begin();
                edits.Move(demand, member, visitor, day);
                if (edits.Settle(mark, mend))
                {
                    if (closer is null || closer())
                    {
                        return true;
                    }
                    edits.Undo(mark);
                }
            }
        }
        return false;
    }

    /// <summary>Whether the visitor's peers present that week stay within one (or as close as they were) after the change.</summary>
    private bool StaysLevel(int v, int week, int delta)
    {
        if (OnLeaveIn(v, week))
        {
            return true;
        }
        int min = int.MaxValue, max = int.MinValue, newMin = int.MaxValue, newMax = int.MinValue;
        for (var peer = 0; peer < ledger.Count; peer++)
        {
            if (ledger.Class[peer] != ledger.Class[v] || OnLeaveIn(peer, week))
            {
                continue;
            }
            var load = ledger.WeekLoad(peer, week);
            var after = peer == v ? load + delta : load;
            (min, max) = (Math.Min(min, load), Math.Max(max, load));
            (newMin, newMax) = (Math.Min(newMin, after), Math.Max(newMax, after));
        }
        return newMax - newMin <= Math.Max(1, max - min);
    }

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
