using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Roster;

namespace Outreach.Bench;

/// <summary>
/// How good a first plan is, measured from the outside (nothing here asks the planner): shortfalls against a
/// max-flow bound, peers' weekly spread, rotation repeats and the daily load's coefficient of variation.
/// </summary>
internal sealed record PlanQuality(
    int Visits,
    int NoCapacity,
    int OtherShortfalls,
    int FlowBound,
    int DemandSlots,
    int CapacitySlots,
    int PeerWeeks,
    int PeerWeeksWithinOne,
    int PeerWeeksBeyondTwo,
    int MaxPeerSpread,
    int MaxUnexplainedSpread,
    int MaxPeerTotalSpread,
    int ConsecutivePairs,
    int Repeats,
    int UnjustifiedRepeats,
    double CityDailyCv,
    double MeanUnitDailyCv,
    double MaxUnitDailyCv)
{
    public double PeerWeeksWithinOneShare => PeerWeeks == 0 ? 1 : (double)PeerWeeksWithinOne / PeerWeeks;

    public static PlanQuality Measure(IReadOnlyList<(PlanRequest Request, PlanResult Result)> units)
    {
        int unexplained = 0, beyondTwo = 0, visits = 0, noCapacity = 0, other = 0, bound = 0, demandSlots = 0, capacitySlots = 0, peerWeeks = 0, within = 0, maxSpread = 0, maxTotal = 0, pairs = 0, repeats = 0, unjustified = 0;
        var cityDays = new SortedDictionary<DateOnly, int>();
        var unitCvs = new List<double>();
        foreach (var (request, result) in units)
        {
            visits += result.Visits.Count;
            noCapacity += result.Shortfalls.Count(s => s.Reason == ShortfallReason.NoCapacity);
            other += result.Shortfalls.Count(s => s.Reason != ShortfallReason.NoCapacity);
            var (demand, unfillable) = CoverageFlow.Solve(request);
            bound += unfillable;
            demandSlots += demand;
            capacitySlots += request.Visitors.Sum(v => v.WeeklyCapacity) * ((request.To.DayNumber - request.Start.DayNumber) / 7 + 1);
            var byTarget = result.Visits.GroupBy(v => v.TargetId).ToDictionary(g => g.Key, g => g.OrderBy(v => v.Date).ToList());
            var loads = result.Visits.SelectMany(v => v.VisitorIds.Select(id => (id, ChinaTime.WeekStart(v.Date))))
                .GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());

            foreach (var peers in request.Visitors.GroupBy(v => (v.Role, v.WeeklyCapacity, string.Join(';', v.Grids.Order(StringComparer.Ordinal)))))
            {
                for (var week = ChinaTime.WeekStart(request.Start); week <= request.To; week = week.AddDays(7))
                {
                    var days = Enumerable.Range(0, 7).Select(week.AddDays).Where(d => d >= request.Start && d <= request.To).ToList();
                    var present = peers.Where(v => !days.Any(v.IsOnLeave)).Select(v => loads.GetValueOrDefault((v.Id, week))).ToList();
                    if (present.Count < 2)
                    {
                        continue;
                    }
                    peerWeeks++;
                    var spread = present.Max() - present.Min();
                    within += spread <= 1 ? 1 : 0;
                    beyondTwo += spread > 2 ? 1 : 0;
                    if (spread > 1)
                    {
                        var members = peers.Where(v => !days.Any(v.IsOnLeave)).OrderBy(v => loads.GetValueOrDefault((v.Id, week))).ThenBy(v => v.Id, StringComparer.Ordinal).ToList();
                        unexplained = Math.Max(unexplained, spread - RotationForced(byTarget, members[^1].Id, members[0].Id, week));
                    }
                    maxSpread = Math.Max(maxSpread, spread);
                }
                var whole = peers.Where(v => v.Leave.Count == 0).Select(v => result.Visits.Count(x => x.VisitorIds.Contains(v.Id))).ToList();
                maxTotal = whole.Count < 2 ? maxTotal : Math.Max(maxTotal, whole.Max() - whole.Min());
            }

            var targets = request.Targets.ToDictionary(t => t.Id, StringComparer.Ordinal);
            foreach (var sequence in result.Visits.GroupBy(v => v.TargetId))
            {
                var ordered = sequence.OrderBy(v => v.Date).ToList();
                for (var i = 1; i < ordered.Count; i++)
                {
                    pairs++;
                    var (previous, visit) = (ordered[i - 1], ordered[i]);
                    if (!visit.VisitorIds.Intersect(previous.VisitorIds).Any())
                    {
                        continue;
                    }
                    repeats++;
                    var target = targets[visit.TargetId];
                    var policy = request.Policies.Match(target)!;
                    var from = visit.WindowStart > request.Start ? visit.WindowStart : request.Start;
                    var to = visit.WindowEnd < request.To ? visit.WindowEnd : request.To;
                    var someoneElse = request.Visitors.Any(y => y.Covers(target.Grid) && policy.AllowsRole(y.Role) && y.WeeklyCapacity > 0
                        && !visit.VisitorIds.Contains(y.Id) && !previous.VisitorIds.Contains(y.Id)
                        && Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays)
                            .Any(d => request.Calendar.IsWorkingDay(d) && !y.IsOnLeave(d) && loads.GetValueOrDefault((y.Id, ChinaTime.WeekStart(d))) < y.WeeklyCapacity));
                    unjustified += someoneElse ? 1 : 0;
                }
            }

            var perDay = new List<int>();
            for (var day = request.Start; day <= request.To; day = day.AddDays(1))
            {
                if (request.Calendar.IsWorkingDay(day))
                {
                    var n = result.Visits.Count(v => v.Date == day);
                    perDay.Add(n);
                    cityDays[day] = cityDays.GetValueOrDefault(day) + n;
                }
            }
            unitCvs.Add(Cv(perDay));
        }
        return new PlanQuality(visits, noCapacity, other, bound, demandSlots, capacitySlots, peerWeeks, within, beyondTwo, maxSpread, unexplained, maxTotal, pairs, repeats, unjustified,
            Cv(cityDays.Values.ToList()), unitCvs.Count == 0 ? 0 : unitCvs.Average(), unitCvs.Count == 0 ? 0 : unitCvs.Max());
    }

    /// <summary>
    /// How many of <paramref name="busy"/>'s visits that week <paramref name="idle"/> could not have taken without
    /// breaking rotation (they made the previous or next visit, or they had been before and the busier peer had not).
    /// </summary>
    private static int RotationForced(Dictionary<string, List<Visit>> byTarget, string busy, string idle, DateOnly week) =>
        byTarget.Values.SelectMany(visits => visits.Select((v, i) => (visits, v, i)))
            .Where(x => ChinaTime.WeekStart(x.v.Date) == week && x.v.VisitorIds.Contains(busy) && !x.v.VisitorIds.Contains(idle))
            .Count(x =>
            {
                var before = x.visits.Take(x.i).ToList();
                var neighbour = (x.i > 0 && x.visits[x.i - 1].VisitorIds.Contains(idle)) || (x.i + 1 < x.visits.Count && x.visits[x.i + 1].VisitorIds.Contains(idle));
                return neighbour || (before.Any(v => v.VisitorIds.Contains(idle)) && !before.Any(v => v.VisitorIds.Contains(busy)));
            });

    private static double Cv(List<int> values)
    {
        if (values.Count == 0 || values.Average() == 0)
        {
            return 0;
        }
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count) / mean;
    }
}

/// <summary>
/// A lower bound on what a first plan must leave unfilled: the max flow from the cadence windows that lie
/// wholly in the range (one unit per visitor a visit needs) through their eligible visitors (at most one unit
/// per visitor and window) to the visitor-weeks in which that visitor has a working day of the window off leave,
/// each holding the visitor's weekly capacity. A pair visit's two visitors may fall in different weeks here,
/// so the bound is a relaxation: a plan can never beat it, and when it is 0 a plan may fill every window.
/// </summary>
internal static class CoverageFlow
{
    /// <summary>The visitor slots the windows need, and how many of them no plan can fill.</summary>
    public static (int Demand, int Unfillable) Solve(PlanRequest request)
    {
        var start = request.Start;
        var weekBase = ChinaTime.WeekStart(start);
        var weeks = (request.To.DayNumber - weekBase.DayNumber) / 7 + 1;
        var visitors = request.Visitors.Where(v => v.WeeklyCapacity > 0).OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
        var graph = new Dinic();
        var source = graph.Node();
        var sink = graph.Node();
        var visitorWeek = new int[visitors.Count, weeks];
        for (var v = 0; v < visitors.Count; v++)
        {
            for (var w = 0; w < weeks; w++)
            {
                visitorWeek[v, w] = graph.Node();
                graph.Edge(visitorWeek[v, w], sink, visitors[v].WeeklyCapacity);
            }
        }
        var demand = 0;
        foreach (var target in request.Targets.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var policy = request.Policies.Match(target);
            var eligible = policy is null ? [] : visitors.Select((v, i) => (v, i)).Where(x => x.v.Covers(target.Grid) && policy.AllowsRole(x.v.Role)).ToList();
            if (policy is null || eligible.Count < policy.VisitorsPerVisit)
            {
                continue;
            }
            for (var window = CadenceWindow.First(start, policy.IntervalDays, StableHash.Of(target.Id)); window.End <= request.To; window = window.Next(policy.IntervalDays))
            {
                var days = Enumerable.Range(0, window.End.DayNumber - window.Start.DayNumber + 1).Select(window.Start.AddDays)
                    .Where(d => d >= start && request.Calendar.IsWorkingDay(d)).ToList();
                if (days.Count == 0)
                {
                    continue;
                }
                var node = graph.Node();
                graph.Edge(source, node, policy.VisitorsPerVisit);
                demand += policy.VisitorsPerVisit;
                foreach (var (visitor, v) in eligible)
                {
                    var weeksFree = days.Where(d => !visitor.IsOnLeave(d)).Select(d => (d.DayNumber - weekBase.DayNumber) / 7).Distinct().ToList();
                    if (weeksFree.Count == 0)
                    {
                        continue;
                    }
                    var person = graph.Node();
                    graph.Edge(node, person, 1);
                    foreach (var w in weeksFree)
                    {
                        graph.Edge(person, visitorWeek[v, w], 1);
                    }
                }
            }
        }
        return (demand, demand - graph.MaxFlow(source, sink));
    }

    /// <summary>Dinic's max flow on an adjacency list: small and fast enough for a unit of a few thousand windows.</summary>
    private sealed class Dinic
    {
        private readonly List<List<int>> _adjacent = new();
        private readonly List<int> _to = new();
        private readonly List<int> _capacity = new();
        private int[] _level = [];
        private int[] _next = [];

        public int Node()
        {
            _adjacent.Add(new List<int>());
            return _adjacent.Count - 1;
        }

        public void Edge(int from, int to, int capacity)
        {
            _adjacent[from].Add(_to.Count);
            _to.Add(to);
            _capacity.Add(capacity);
            _adjacent[to].Add(_to.Count);
            _to.Add(from);
            _capacity.Add(0);
        }

        public int MaxFlow(int source, int sink)
        {
            var flow = 0;
            while (Levels(source, sink))
            {
                _next = new int[_adjacent.Count];
                int pushed;
                while ((pushed = Push(source, sink, int.MaxValue)) > 0)
                {
                    flow += pushed;
                }
            }
            return flow;
        }

        private bool Levels(int source, int sink)
        {
            _level = Enumerable.Repeat(-1, _adjacent.Count).ToArray();
            _level[source] = 0;
            var queue = new Queue<int>([source]);
            while (queue.TryDequeue(out var node))
            {
                foreach (var edge in _adjacent[node])
                {
                    if (_capacity[edge] > 0 && _level[_to[edge]] < 0)
                    {
                        _level[_to[edge]] = _level[node] + 1;
                        queue.Enqueue(_to[edge]);
                    }
                }
            }
            return _level[sink] >= 0;
        }

        private int Push(int node, int sink, int limit)
        {
            if (node == sink)
            {
                return limit;
            }
            for (; _next[node] < _adjacent[node].Count; _next[node]++)
            {
                var edge = _adjacent[node][_next[node]];
                var to = _to[edge];
                if (_capacity[edge] <= 0 || _level[to] != _level[node] + 1)
                {
                    continue;
                }
                var pushed = Push(to, sink, Math.Min(limit, _capacity[edge]));
                if (pushed > 0)
                {
                    _capacity[edge] -= pushed;
                    _capacity[edge ^ 1] += pushed;
                    return pushed;
                }
            }
            return 0;
        }
    }
}
