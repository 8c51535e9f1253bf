namespace Outreach.Planning;

/// <summary>
/// Fills the windows the first pass left open by moving visits placed in this run (never published ones):
/// augmenting paths over visitor-weeks. To free a slot in a full visitor-week, one of its visits moves to
/// another eligible visitor-week of its window (a pair visit changes a visitor, or its day within the week),
/// whose own slot may in turn be freed the same way, until a visitor-week with room is reached. Breadth first
/// over visitor-weeks, each seen once, this finds a path whenever one exists (within <see cref="Effort"/>); a pair
/// visit in the way may also be placed again elsewhere in its window, with other visitors or in another week. A
/// window left open is then proven short (<see cref="ShortfallProof"/>), or reported as one the search could not fill.
/// </summary>
/// <remarks>
/// Windows the range holds only in part give way to whole ones (the next plan may find room for them). Two tries
/// per window, each made twice: every move on the path keeping rotation; then paths found without judging each move.
/// A pair moved out of the way goes to another week; only when both tries fail are they made again with pairs that
/// may also stay in a week being freed, with other visitors (a search that branches far more: the last resort). Whatever
/// the try, the changes are kept only if rotation holds afterwards for every target they could affect, mended if need
/// be (<see cref="PlanEdits.Settle"/>): where a fill and rotation cannot both be had, the window stays open. Moves
/// never lower a visitor-week's load except where a pair leaves it, and those weeks' other targets are judged again.
/// </remarks>
internal sealed class CoverageRepair(PlanEdits edits, VisitorLedger ledger, VisitorChoice choice, RotationAudit audit)
{
    private enum Try
    {
        /// <summary>Every move on a path keeps rotation.</summary>
        Careful,

        /// <summary>Paths found without judging each move (rotation is judged, and mended, once the path is taken).</summary>
        Bold,
    }

    private static readonly (Try Attempt, bool StayInWeek)[] Tries =
        [(Try.Careful, false), (Try.Bold, false), (Try.Careful, true), (Try.Bold, true)];

    /// <summary>How many pair visits deep a pair may push others to other weeks.</summary>
    private const int PairMoves = 12;

    /// <summary>How many of a pair window's best candidates are tried with each other, a day.</summary>
    private const int PairsTried = 3;

    /// <summary>
    /// Visitor-weeks searched, days tried and pair moves made, at most, for one try at a window: moving pairs
    /// branches, and a window that cannot be filled should not cost a night. Each try has its own: a careful try
    /// can spend it all moving pairs to no end, and the bold try, which may be the one that fills the window, must
    /// still be made.
    /// </summary>
    private const int Effort = 1_000;

    private readonly int[] _reserved = new int[edits.Index.Nodes];
    private readonly int[] _visited = new int[edits.Index.Nodes];
    private readonly Step[] _parent = new Step[edits.Index.Nodes];
    private int _search;
    private int _effort;

    /// <summary>Whether a pair moved out of the way may be placed again in a week being freed, with other visitors.</summary>
    private bool _stayInWeek;

    /// <summary>One move on a path: the unit (a visit's member) that moves from <see cref="From"/> into the node.</summary>
    private readonly record struct Step(int From, Demand? Demand, int Member, int Visitor, int Day);

    public bool TryFill(Demand demand)
    {
        foreach (var (attempt, stayInWeek) in Tries)
        {
            _effort = Effort;
            _stayInWeek = stayInWeek;
            var mark = edits.Begin();
            var filled = demand.Members == 1 ? FillSingle(demand, attempt) : FillPair(demand, attempt, PairMoves, []);
            if (filled && edits.Settle(mark))
            {
                return true;
            }
            edits.Undo(mark);
        }
        return false;
    }

    /// <summary>
    /// Places an open window as the first pass would, if rotation then holds, mended if need be: a team free for the
    /// window can make the target's next visit a repeat that another visitor is free for, and a window left open
    /// while a team is free for it is a shortfall no bound proves.
    /// </summary>
    public bool TryPlace(Demand demand)
    {
        var mark = edits.Begin();
        return edits.Replace(demand, demand.Due) && edits.Settle(mark);
    }

    private bool FillSingle(Demand demand, Try attempt)
    {
        var starts = new List<Step>();
        foreach (var v in demand.Target.Eligible)
        {
            for (var week = demand.Lo / 7; week <= demand.Hi / 7; week++)
            {
                foreach (var day in edits.DaysNearDue(demand, week))
                {
                    if (!ledger.OnLeave(v, day) && (attempt == Try.Bold || audit.HoldsWith(demand, day, [v])))
                    {
                        starts.Add(new Step(-1, null, 0, v, day));
                        break;
                    }
                }
            }
        }
        var start = Free(starts, attempt);
        if (start is null)
        {
            // Full of pair visits: place one of them again elsewhere.
            var index = starts.FindIndex(s => FreeMovingPair(edits.Node(s.Visitor, s.Day), attempt, PairMoves, []));
            if (index < 0)
            {
                return false;
            }
            start = starts[index];
        }
        edits.Place(demand, start.Value.Day, [start.Value.Visitor]);
        return true;
    }

    /// <summary>
    /// A pair visit: two visitors on one day, each slot freed in turn, on the days nearest the due day first. A
    /// slot held by another pair visit is freed by placing that pair again in its own window, up to
    /// <paramref name="depth"/> pairs deep, never in the <paramref name="locked"/> visitor-weeks being freed above it:
    /// in another week of its window, then (in the last tries) in a week being freed, with other visitors.
    /// The window being filled tries the first few candidates with each other, keeping the first team whose
    /// rotation settles; a pair moved out of the way takes the first team it can get.
    /// </summary>
    private bool FillPair(Demand demand, Try attempt, int depth, HashSet<int> locked)
    {
        var settle = depth == PairMoves;
        // Room is made in visitor-weeks and every failed try is undone: a team that could not be secured on one day
        // cannot be on another day of that week, so it is not searched for again there.
        var unsecured = new HashSet<(int Week, int First, int Second)>();
        foreach (var day in PairDays(demand, locked))
        {
            var candidates = Candidates(demand, day, []);
            candidates.RemoveAll(v => locked.Contains(edits.Node(v, day)));
            foreach (var (first, second) in Teams(candidates, settle ? PairsTried : 1))
            {
                if (first >= 0 && unsecured.Contains((day / 7, first, second)))
                {
                    continue;
                }
                if (--_effort <= 0)
                {
                    return false;
                }
                var mark = edits.Mark();
                var two = (int?)null;
                if (Secure(day, first, candidates, -1, attempt, depth, locked) is { } one)
                {
                    // Held for the pair: a path freeing the second visitor must not take it.
                    _reserved[edits.Node(one, day)]++;
                    two = Secure(day, second, candidates, one, attempt, depth, locked);
                    _reserved[edits.Node(one, day)]--;
                    if (two is { } other)
                    {
                        edits.Place(demand, day, [one, other]);
                        if (!settle || edits.Settle(mark))
                        {
                            return true;
                        }
                    }
                }
                if (two is null && first >= 0)
                {
                    unsecured.Add((day / 7, first, second));
                }
                edits.Undo(mark);
            }
        }
        return false;
    }

    /// <summary>
    /// The days a pair may be placed on, nearest the due day first: those of weeks no <paramref name="locked"/>
    /// visitor-week is in, then, when it may stay in a week being freed, the others. A pair that takes the first team
    /// it can get, moved within a week being freed, keeps visitors there whom rotation may want elsewhere; another
    /// week frees them too, and is tried first.
    /// </summary>
    private IEnumerable<int> PairDays(Demand demand, HashSet<int> locked)
    {
        if (locked.Count == 0)
        {
            return edits.DaysNearDue(demand, -1);
        }
        var weeks = locked.Select(edits.Index.WeekOf).ToHashSet();
        var days = edits.DaysNearDue(demand, -1).ToList();
        var elsewhere = days.Where(d => !weeks.Contains(d / 7));
        return _stayInWeek ? elsewhere.Concat(days.Where(d => weeks.Contains(d / 7))) : elsewhere;
    }

    /// <summary>
    /// Teams to try, by rank: "the best one that can be freed, then the next" (-1 for either) when
    /// <paramref name="tried"/> is 1, else the first few candidates paired with each other, then, when there are
    /// more candidates, the best one that can be freed and the next.
    /// </summary>
    private static IEnumerable<(int First, int Second)> Teams(List<int> candidates, int tried)
    {
        if (tried == 1)
        {
            yield return (-1, -1);
            yield break;
        }
        var few = candidates.Take(tried).ToList();
        foreach (var first in few)
        {
            foreach (var second in few.Where(v => v != first))
            {
                yield return (first, second);
            }
        }
        if (candidates.Count > tried)
        {
            // The candidates ranked first are the lightest weeks, often full: a visitor further down may be the only
            // one with room, and every team that fills the window may need them.
            yield return (-1, -1);
        }
    }

    /// <summary>
    /// Makes room on the day for <paramref name="visitor"/> (or, with -1, the best candidate but
    /// <paramref name="except"/> for whom room can be made): free already, freed along a path, or by moving a pair away.
    /// </summary>
    private int? Secure(int day, int visitor, List<int> candidates, int except, Try attempt, int depth, HashSet<int> locked)
    {
        List<int> pool = visitor >= 0 ? (visitor == except ? [] : [visitor]) : candidates.Where(v => v != except).ToList();
        foreach (var v in pool)
        {
            if (Room(edits.Node(v, day)))
            {
                return v;
            }
        }
        foreach (var v in pool)
        {
            if (Free([new Step(-1, null, 0, v, day)], attempt) is not null)
            {
                return v;
            }
        }
        foreach (var v in pool)
        {
            if (FreeMovingPair(edits.Node(v, day), attempt, depth, locked))
            {
                return v;
            }
        }
        return null;
    }

    /// <summary>
    /// Frees a slot in a full visitor-week by placing one of the pair visits in it again, elsewhere in its window:
    /// another week, or (in the last tries) the same week with visitors whose weeks are not being freed (which may
    /// move further pairs, up to <paramref name="depth"/> deep, never into a <paramref name="locked"/> visitor-week).
    /// </summary>
    private bool FreeMovingPair(int node, Try attempt, int depth, HashSet<int> locked)
    {
        if (depth == 0)
        {
            return false;
        }
        var inner = new HashSet<int>(locked) { node };
        foreach (var (pair, _) in edits.Index.In(node).Where(u => u.Demand.Members > 1 && !u.Demand.Optional).ToList())
        {
            if (--_effort <= 0)
            {
                return false;
            }
            var mark = edits.Mark();
            edits.Withdraw(pair);
            _reserved[node]++;
            var moved = FillPair(pair, attempt, depth - 1, inner);
            _reserved[node]--;
            if (moved && Room(node))
            {
                return true;
            }
            edits.Undo(mark);
        }
        return false;
    }

    /// <summary>Eligible visitors off leave on the day, not chosen yet: newcomers first, neighbours' visitors last, then the lightest week.</summary>
    private List<int> Candidates(Demand demand, int day, List<int> chosen)
    {
        choice.View(demand.Target, demand.Lo, demand.Hi);
        return demand.Target.Eligible
            .Where(v => !chosen.Contains(v) && !ledger.OnLeave(v, day))
            .OrderBy(choice.Rotation)
            .ThenBy(v => ledger.WeekLoad(v, day / 7))
            .ThenBy(v => StableHash.Mix(ledger.Hash[v], demand.Target.Hash + (uint)day))
            .ToList();
    }

    /// <summary>
    /// Breadth first from the start visitor-weeks to one with room (or, when allowed, holding a window that may
    /// give way), then moves the visits along the path back to a start, which is left with a free slot: that
    /// start is returned.
    /// </summary>
    private Step? Free(List<Step> starts, Try attempt)
    {
        if (--_effort <= 0)
        {
            return null;
        }
        _search++;
        var queue = new Queue<int>();
        foreach (var start in starts)
        {
            var node = edits.Node(start.Visitor, start.Day);
            if (_visited[node] == _search)
            {
                continue;
            }
            if (Room(node))
            {
                return start;
            }
            _visited[node] = _search;
            _parent[node] = start;
            queue.Enqueue(node);
        }
        while (queue.TryDequeue(out var node) && --_effort > 0)
        {
            foreach (var (demand, member) in edits.Index.In(node))
            {
                if (demand.Optional)
                {
                    return Apply(node, demand);
                }
                if (demand.Members > 1 && OnPath(node, demand))
                {
                    // A pair sits in two visitor-weeks: its moves are judged against the pair as it stands, so a
                    // path moves it once (a second move could take the first's new visitor to a day they are off).
                    continue;
                }
                foreach (var (visitor, day) in edits.Moves(demand, member))
                {
                    var next = edits.Node(visitor, day);
                    if (_visited[next] == _search
                        || (attempt != Try.Bold && !audit.HoldsWith(demand, day, PlanEdits.With(demand, member, visitor))))
                    {
                        continue;
                    }
                    _visited[next] = _search;
                    _parent[next] = new Step(node, demand, member, visitor, day);
                    if (Room(next))
                    {
                        return Apply(next, null);
                    }
                    queue.Enqueue(next);
                }
            }
        }
        return null;
    }

    /// <summary>Whether the path the search took to <paramref name="node"/> already moves <paramref name="demand"/>.</summary>
    private bool OnPath(int node, Demand demand)
    {
        for (var step = _parent[node]; step.From >= 0; step = _parent[step.From])
        {
            if (step.Demand == demand)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Moves the visits along the path ending at <paramref name="end"/> (after withdrawing one that gives way).</summary>
    private Step? Apply(int end, Demand? yielding)
    {
        if (yielding is not null)
        {
            edits.Withdraw(yielding);
        }
        var node = end;
        while (_parent[node].From >= 0)
        {
            var step = _parent[node];
            edits.Move(step.Demand!, step.Member, step.Visitor, step.Day);
            node = step.From;
        }
        return _parent[node];
    }

    private bool Room(int node) => edits.Room(node, _reserved[node]);
}
