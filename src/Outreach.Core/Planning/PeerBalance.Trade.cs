namespace Outreach.Planning;

internal sealed partial class PeerBalance
{
    /// <summary>How many trades that fit <see cref="Trade"/> tries for one pair of peers, at each tolerance, before it gives up.</summary>
    private const int TradesTried = 200;

    /// <summary>The longest run of a target's visits that is paired with a run at another target.</summary>
    private const int PairedRun = 3;

    /// <summary>How many of the shortest runs are paired with each other, at most (their pairs are tried fewest visits first).</summary>
    private const int PairedRuns = 400;

    /// <summary>
    /// How many moves for the horizon totals a run may make (trades, hands to another week): one may leave a week two
    /// apart that the weekly levelling then closes, so the count, not the sum of squared loads, is what ends levelling.
    /// </summary>
    private const int HorizonMoves = 50;

    private int _horizonMovesLeft = HorizonMoves;

    /// <summary>A run of one target's placed visits, in day order, and how many visits it hands from the busier peer net.</summary>
    private readonly record struct Run(ArraySegment<Demand> Visits, int Net);

    /// <summary>
    /// Where rotation holds every single visit in place (three visitors taking turns at a target leave each visit to
    /// the one who made neither the visit before nor the one after), the two peers trade places for a run of one
    /// target's visits: the busier one's visits there go to the lighter one and the lighter one's to the busier, which
    /// keeps the turns. Where no such run fits the weeks, two short runs at two targets together may: one lets the
    /// lighter peer into a week where they have room, the other gives the busier peer back a visit in a week the
    /// first one filled. Kept if the trade moves fewer visits net than the peers are apart (they end closer), every
    /// week stays within capacity and as level as it was or within <paramref name="tolerated"/>, and rotation and the
    /// class's horizon spread hold. Fewest visits first: they change the fewest weeks.
    /// </summary>
    private bool Trade(int busy, int idle, int tolerated)
    {
        var gap = ledger.Total[busy] - ledger.Total[idle];
        var runs = Runs(busy, idle, gap);
        var single = runs.Where(r => r.Net > 0 && r.Net < gap).Select(r => (IReadOnlyList<Demand>)r.Visits);
        return Try(single, busy, idle, tolerated)
            || Try(Paired(runs, gap).Select(p => (IReadOnlyList<Demand>)[.. p.A.Visits, .. p.B.Visits]), busy, idle, tolerated);
    }

    /// <summary>
    /// The runs of the targets either peer visits that begin and end with a visit one of them makes without the
    /// other, shortest first; stable: targets in id order, then by first visit.
    /// </summary>
    private List<Run> Runs(int busy, int idle, int gap)
    {
        var targets = Enumerable.Range(0, days.Weeks)
            .SelectMany(week => edits.Index.In(edits.Node(busy, 7 * week)).Concat(edits.Index.In(edits.Node(idle, 7 * week))))
            .Select(unit => unit.Demand.Target).Distinct().OrderBy(t => t.Index);
        var runs = new List<Run>();
        foreach (var target in targets)
        {
            var visits = target.Demands.Where(d => d.Placed).OrderBy(d => d.Day).ToArray();
            for (var first = 0; first < visits.Length; first++)
            {
                if (Side(visits[first], busy, idle) == 0)
                {
                    continue;
                }
                var net = 0;
                for (var last = first; last < visits.Length; last++)
                {
                    net += Side(visits[last], busy, idle);
                    if (Side(visits[last], busy, idle) != 0 && Math.Abs(net) < gap)
                    {
                        runs.Add(new Run(new ArraySegment<Demand>(visits, first, last - first + 1), net));
                    }
                }
            }
        }
        return [.. runs.OrderBy(r => r.Visits.Count)];
    }

    /// <summary>Two short runs at two targets that hand fewer visits net than the gap, fewest visits first.</summary>
    private static List<(Run A, Run B)> Paired(List<Run> runs, int gap)
    {
        var shortest = runs.Where(r => r.Visits.Count <= PairedRun).Take(PairedRuns).ToList();
        var pairs = new List<(Run A, Run B)>();
        for (var i = 0; i < shortest.Count; i++)
        {
            for (var j = 0; j < shortest.Count; j++)
            {
                var (a, b) = (shortest[i], shortest[j]);
                if (a.Visits[0].Target.Index < b.Visits[0].Target.Index && a.Net + b.Net > 0 && a.Net + b.Net < gap)
                {
                    pairs.Add((a, b));
                }
            }
        }
        return [.. pairs.OrderBy(p => p.A.Visits.Count + p.B.Visits.Count)];
    }

    private bool Try(IEnumerable<IReadOnlyList<Demand>> trades, int busy, int idle, int tolerated)
    {
        var tried = 0;
        foreach (var trade in trades)
        {
            if (Fits(trade, busy, idle, tolerated))
            {
                if (TryTrade(trade, busy, idle))
                {
                    return true;
                }
                if (++tried == TradesTried)
                {
                    break;
                }
            }
        }
        return false;
    }

    /// <summary>+1 for a visit the busier peer makes without the lighter one, -1 the other way round, else 0.</summary>
    private static int Side(Demand demand, int busy, int idle) =>
        (demand.Visitors.Contains(busy), demand.Visitors.Contains(idle)) switch
        {
            (true, false) => 1,
            (false, true) => -1,
            _ => 0,
        };

    /// <summary>
    /// Whether after the trade every week it touches keeps both peers within capacity and the class as level as it
    /// was, or within <paramref name="tolerated"/>.
    /// </summary>
    private bool Fits(IReadOnlyList<Demand> trade, int busy, int idle, int tolerated)
    {
        foreach (var week in trade.Select(d => d.Day / 7).Distinct())
        {
            var shift = trade.Where(d => d.Day / 7 == week).Sum(d => Side(d, busy, idle));
            if (shift == 0)
            {
                continue;
            }
            if (ledger.WeekLoad(idle, week) + shift > ledger.Capacity(idle) || ledger.WeekLoad(busy, week) - shift > ledger.Capacity(busy)
                || !ClassStaysLevel(week, (idle, shift), (busy, -shift), tolerated))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Trades the visits between the two peers; kept if rotation and the class's horizon spread hold.</summary>
    private bool TryTrade(IReadOnlyList<Demand> trade, int busy, int idle)
    {
        var totals = TotalSpreads();
        var mark = edits.Begin();
        foreach (var demand in trade.Where(d => Side(d, busy, idle) != 0))
        {
            var member = Array.FindIndex(demand.Visitors, v => v == busy || v == idle);
            edits.Move(demand, member, demand.Visitors[member] == busy ? idle : busy, demand.Day);
        }
        return Keep(mark, totals);
    }

    /// <summary>
    /// One of the busier peer's pair visits made in another week of its window with the lighter peer in their place
    /// (elsewhere a pair stays in its week: <see cref="PlanEdits.Moves"/>), on a day the lighter peer and the pair's
    /// other visitors are off leave, in a week where all of them have room, if the visit may leave its day
    /// (<see cref="MayMove"/>); every week it touches stays within <paramref name="tolerated"/> or as close as it was,
    /// and rotation and the class's horizon spread hold.
    /// </summary>
    private bool HandPairElsewhere(int busy, int idle, int tolerated)
    {
        // The horizon's spreads before any move, taken once a move is tried (as in Give).
        int[]? totals = null;
        for (var week = 0; week < days.Weeks; week++)
        {
            if (!StaysLevel(busy, week, -1, tolerated))
            {
                continue;
            }
            foreach (var (demand, member) in edits.Index.In(edits.Node(busy, 7 * week)).Where(u => u.Demand.Members > 1 && !u.Demand.Visitors.Contains(idle)).ToList())
            {
                var others = demand.Visitors.Where(v => v != busy).ToArray();
                if (!others.All(v => StaysLevel(v, week, -1, tolerated)))
                {
                    continue;
                }
                for (var other = demand.Lo / 7; other <= demand.Hi / 7; other++)
                {
                    var fits = other != week && edits.Room(edits.Node(idle, 7 * other)) && StaysLevel(idle, other, +1, tolerated)
                        && others.All(v => edits.Room(edits.Node(v, 7 * other)) && StaysLevel(v, other, +1, tolerated));
                    // The day nearest the due day that all of them are off leave, as Moves offers one day a week.
                    var day = fits ? edits.DaysNearDue(demand, other).FirstOrDefault(d => !ledger.OnLeave(idle, d) && others.All(v => !ledger.OnLeave(v, d)), -1) : -1;
                    if (day < 0 || !MayMove(demand, day, busy))
                    {
                        continue;
                    }
                    totals ??= TotalSpreads();
                    var mark = edits.Begin();
                    edits.Move(demand, member, idle, day);
                    if (Keep(mark, totals))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
