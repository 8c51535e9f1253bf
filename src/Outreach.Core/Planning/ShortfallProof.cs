namespace Outreach.Planning;

/// <summary>
/// The bound behind a no-capacity shortfall. From the open window, collect every visitor-week it could use;
/// every placed window with a visitor in one of them could move to any visitor-week it could use, so add
/// those too, until nothing new comes in. If those visitor-weeks have fewer free slots than the open window
/// needs, no rearrangement of these windows can fill it: the windows found need more slots than exist.
/// This relaxes pair visits (each visitor may move on their own), so a proof holds for the real rules too.
/// </summary>
internal sealed class ShortfallProof(PlanCalendar days, VisitorLedger ledger, WeekIndex index)
{
    private readonly int[] _reached = new int[index.Nodes];
    private readonly Dictionary<Demand, int[]> _candidates = new();
    private int _proof;

    /// <summary>
    /// The bound that shows <paramref name="window"/> cannot be filled, or null if the relaxation finds room;
    /// the other <paramref name="open"/> windows that can only use the same visitor-weeks are counted in.
    /// </summary>
    public ShortfallBound? Prove(Demand window, IReadOnlyList<Demand> open)
    {
        _proof++;
        var reached = new List<int>();
        var inA = new HashSet<Demand> { window };
        var queue = new Queue<Demand>([window]);
        var yielding = 0;
        while (queue.TryDequeue(out var demand))
        {
            foreach (var node in Candidates(demand))
            {
                if (_reached[node] == _proof)
                {
                    continue;
                }
                _reached[node] = _proof;
                reached.Add(node);
                // Free slots, and slots held by windows the range holds only in part (they would give way).
                yielding += Math.Max(0, ledger.Capacity(index.VisitorOf(node)) - ledger.WeekLoad(index.VisitorOf(node), index.WeekOf(node)));
                foreach (var (placed, _) in index.In(node))
                {
                    if (placed.Optional)
                    {
                        yielding++;
                    }
                    else if (inA.Add(placed))
                    {
                        queue.Enqueue(placed);
                    }
                }
            }
            if (yielding >= window.Members)
            {
                return null;
            }
        }
        // Other open windows that can only use these visitor-weeks compete for them too.
        foreach (var other in open)
        {
            if (other != window && !other.Placed && Array.TrueForAll(Candidates(other), n => _reached[n] == _proof))
            {
                inA.Add(other);
            }
        }
        var slots = 0;
        foreach (var node in reached)
        {
            var (v, week) = (index.VisitorOf(node), index.WeekOf(node));
            var movable = index.In(node).Count(u => u.Demand.Optional || inA.Contains(u.Demand));
            slots += ledger.Capacity(v) - (ledger.WeekLoad(v, week) - movable);
        }
        return new ShortfallBound(
            inA.Sum(d => d.Members),
            slots,
            reached.Select(n => new ShortfallBound.VisitorWeek(ledger.Visitors[index.VisitorOf(n)].Id, days.Day(7 * index.WeekOf(n))))
                .OrderBy(w => w.VisitorId, StringComparer.Ordinal).ThenBy(w => w.Monday).ToList(),
            inA.Select(d => new ShortfallBound.Window(d.Target.Target.Id, d.Window.Start, d.Window.End))
                .OrderBy(w => w.TargetId, StringComparer.Ordinal).ThenBy(w => w.Start).ToList());
    }

    /// <summary>The visitor-weeks in which an eligible visitor has a working day of the window off leave.</summary>
    private int[] Candidates(Demand demand)
    {
        if (!_candidates.TryGetValue(demand, out var nodes))
        {
            var found = new List<int>();
            foreach (var v in demand.Target.Eligible)
            {
                var lastWeek = -1;
                for (var day = demand.Lo; day <= demand.Hi; day++)
                {
                    if (day / 7 != lastWeek && days.IsWorking(day) && !ledger.OnLeave(v, day))
                    {
                        lastWeek = day / 7;
                        found.Add(index.Node(v, day));
                    }
                }
            }
            nodes = found.ToArray();
            _candidates[demand] = nodes;
        }
        return nodes;
    }
}
