using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Roster;
using static Outreach.Core.Tests.Planning.RandomRosters;

namespace Outreach.Core.Tests.Planning;

/// <summary>Guarantees stated once and checked on several kinds of roster (random, planted).</summary>
internal static class PlanProperties
{
    /// <summary>
    /// Balance: peers (same grids, role and capacity) off leave all week are never more than two visits apart that
    /// week, save for the visits of the busier peer's that are proven theirs, one by one; the peer-weeks counted and
    /// those within one are returned, for the share the tests ask of many plans together. A visit the busier peer made
    /// that week without the lighter one is proven theirs when no single change that would close the gap by it keeps
    /// rotation, capacity and the days:
    /// <list type="bullet">
    /// <item>the lighter peer cannot take their place (<see cref="BreaksRotation"/>): they made the target's previous
    /// or next visit, or from this visit on a visit would send someone who had been there before while an eligible
    /// newcomer was free that day;</item>
    /// <item>nor can any third eligible visitor on a working day of its window with a free slot (off leave, week not
    /// full) when its other visitors are off leave: a pair keeps its week;</item>
    /// <item>nor, for a single visit, can the busier peer make it in another week of its window where they are off
    /// leave with room and at least two fewer visits, without passing over a free newcomer, leaving a full week that
    /// another visit's repeat or returning visitor relied on (<see cref="ReliedOnFull"/>), or leaving that week's peers
    /// further apart than they were and than these two then would be;</item>
    /// <item>and no visit moves off its due day where no week of these peers is full (<see cref="Movable"/>): with room
    /// for everyone, the due day holds.</item>
    /// </list>
    /// None is proven when the lighter peer could, under the same conditions, make one of their single visits of a week
    /// where they carry at least two more in this one instead (<see cref="CouldPull"/>).
    /// </summary>
    public static (int PeerWeeks, int WithinOne) AssertPeersLevel(PlanRequest request, PlanResult plan)
    {
        var loads = WeeklyLoads(plan.Visits);
        var byTarget = plan.Visits.GroupBy(v => v.TargetId).ToDictionary(g => g.Key, g => g.OrderBy(v => v.Date).ToList());
        var targets = request.Targets.ToDictionary(t => t.Id);
        var visitors = request.Visitors.ToDictionary(v => v.Id);
        var peers = request.Visitors.GroupBy(v => (v.Role, v.WeeklyCapacity, string.Join(';', v.Grids.Order())));
        var weeks = plan.Visits.Select(v => ChinaTime.WeekStart(v.Date)).Distinct().ToList();
        int peerWeeks = 0, withinOne = 0;
        foreach (var group in peers)
        {
            foreach (var week in weeks)
            {
                var days = Enumerable.Range(0, 7).Select(week.AddDays).Where(d => d >= request.Start && d <= request.To).ToList();
                var present = group.Where(v => !days.Any(v.IsOnLeave)).OrderBy(v => loads.GetValueOrDefault((v.Id, week))).ThenBy(v => v.Id).ToList();
                if (present.Count < 2)
                {
                    continue;
                }
                peerWeeks++;
                var spread = loads.GetValueOrDefault((present[^1].Id, week)) - loads.GetValueOrDefault((present[0].Id, week));
                withinOne += spread <= 1 ? 1 : 0;
                if (spread <= 2)
                {
                    continue;
                }
                foreach (var (busy, idle) in present.SelectMany(b => present.Select(i => (b, i))))
                {
                    var gap = loads.GetValueOrDefault((busy.Id, week)) - loads.GetValueOrDefault((idle.Id, week));
                    if (gap <= 2)
                    {
                        continue;
                    }
                    var pull = CouldPull(request, plan, byTarget, loads, group, idle, week, gap);
                    var unproven = plan.Visits
                        .Where(v => v.VisitorIds.Contains(busy.Id) && !v.VisitorIds.Contains(idle.Id) && ChinaTime.WeekStart(v.Date) == week)
                        .Select(v => Unproven(request, plan, targets[v.TargetId], visitors, loads, byTarget, v, group, busy, idle, gap))
                        .ToList();
                    var proven = pull is null ? unproven.Count(u => u is null) : 0;
                    Assert.True(gap - proven <= 2,
                        $"{busy.Id} has {gap} visits more than peer {idle.Id} in the week of {week}; rotation proves {proven} of them: "
                        + string.Join("; ", pull is null ? unproven.OfType<string>() : [pull]));
                }
            }
        }
        return (peerWeeks, withinOne);
    }

    /// <summary>
    /// Balance over the horizon: peers (same grids, role and capacity) on leave on no day of it end within two visits of
    /// each other.
    /// </summary>
    public static void AssertTotalsLevel(PlanRequest request, PlanResult plan)
    {
        var days = Enumerable.Range(0, request.To.DayNumber - request.Start.DayNumber + 1).Select(request.Start.AddDays).ToList();
        var totals = plan.Visits.SelectMany(v => v.VisitorIds).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        foreach (var peers in request.Visitors.Where(v => !days.Any(v.IsOnLeave)).GroupBy(v => (v.Role, v.WeeklyCapacity, string.Join(';', v.Grids.Order()))))
        {
            var loads = peers.Select(v => (v.Id, Total: totals.GetValueOrDefault(v.Id))).OrderBy(x => x.Total).ToList();
            Assert.True(loads[^1].Total - loads[0].Total <= 2,
                $"peers {loads[^1].Id} and {loads[0].Id} made {loads[^1].Total} and {loads[0].Total} visits over {request.Start}..{request.To}");
        }
    }

    /// <summary>
    /// Rotation: a visit repeats a visitor of the target's previous visit only when the window left no choice: on
    /// no working day of it, not only on the visit's day, could a whole team have been sent (free: off leave, week
    /// not full) with fewer visitors of the previous visit. For a single visit: nobody else had a free slot in the
    /// window.
    /// </summary>
    public static void AssertRepeatsForced(PlanRequest request, PlanResult plan)
    {
        var loads = WeeklyLoads(plan.Visits);
        var targets = request.Targets.ToDictionary(t => t.Id);
        foreach (var sequence in plan.Visits.GroupBy(v => v.TargetId))
        {
            var target = targets[sequence.Key];
            var policy = request.Policies.Match(target)!;
            var visits = sequence.OrderBy(v => v.Date).ToList();
            foreach (var (previous, visit) in visits.Zip(visits.Skip(1)))
            {
                var repeats = visit.VisitorIds.Intersect(previous.VisitorIds).Count();
                if (repeats == 0)
                {
                    continue;
                }
                var from = visit.WindowStart > request.Start ? visit.WindowStart : request.Start;
                var to = visit.WindowEnd < request.To ? visit.WindowEnd : request.To;
                var days = WindowDays(request, visit);
                // The visit's own visitors would still have room in its week if it moved within that week.
                bool Free(Visitor y, DateOnly d) => IsFree(y, d, loads)
                    || (visit.VisitorIds.Contains(y.Id) && !y.IsOnLeave(d) && ChinaTime.WeekStart(d) == ChinaTime.WeekStart(visit.Date));
                // On each day a team could be sent, the fewest repeats it could have had.
                var fewest = days
                    .Select(d => (Day: d, Free: request.Visitors.Where(y => IsEligible(y, target, policy) && Free(y, d)).ToList()))
                    .Where(x => x.Free.Count >= policy.VisitorsPerVisit)
                    .Select(x => (x.Day, Fresh: x.Free.Where(y => !previous.VisitorIds.Contains(y.Id)).Select(y => y.Id).ToList()))
                    .MinBy(x => policy.VisitorsPerVisit - Math.Min(x.Fresh.Count, policy.VisitorsPerVisit));
                Assert.True(fewest.Fresh is null || repeats <= policy.VisitorsPerVisit - Math.Min(fewest.Fresh.Count, policy.VisitorsPerVisit),
                    $"{target.Id} was visited on {previous.Date} and again on {visit.Date} with {repeats} of the same visitors " +
                    $"({string.Join(",", visit.VisitorIds.Intersect(previous.VisitorIds))}), while {string.Join(",", fewest.Fresh ?? [])} were free on {fewest.Day} in {from}..{to}");
            }
        }
    }

    /// <summary>
    /// Could the lighter peer have made one of their single visits of a week where they carry at least two more in
    /// this one (a change of day only: off leave, no free newcomer passed over, not from a full week another visit relied
    /// on, the due day kept where <see cref="Movable"/> says so), leaving that week's peers no further apart than they
    /// were or than these two would then be? The change, or null.
    /// </summary>
    private static string? CouldPull(PlanRequest request, PlanResult plan, Dictionary<string, List<Visit>> byTarget, Dictionary<(string, DateOnly), int> loads,
        IEnumerable<Visitor> peers, Visitor idle, DateOnly week, int gap)
    {
        var load = loads.GetValueOrDefault((idle.Id, week));
        var pulled = plan.Visits.FirstOrDefault(v => v.VisitorIds.Count == 1 && v.VisitorIds[0] == idle.Id && ChinaTime.WeekStart(v.Date) != week
            && loads.GetValueOrDefault((idle.Id, ChinaTime.WeekStart(v.Date))) >= load + 2
            && !ReliedOnFull(request, plan, byTarget, loads, idle, ChinaTime.WeekStart(v.Date))
            && WindowDays(request, v).Any(d => ChinaTime.WeekStart(d) == week && !idle.IsOnLeave(d) && Movable(request, loads, peers, v, d)
                && !NewcomerPassedOver(request, byTarget[v.TargetId], v, d, loads))
            && Spread(request, loads, peers, ChinaTime.WeekStart(v.Date), idle.Id, -1) <= Math.Max(gap - 1, Spread(request, loads, peers, ChinaTime.WeekStart(v.Date), null)));
        return pulled is null ? null : $"{idle.Id} could have made {pulled.TargetId}'s visit of {pulled.Date} this week";
    }

    /// <summary>The spread of the week's loads among the peers off leave all week, with <paramref name="delta"/> more for <paramref name="changed"/>.</summary>
    private static int Spread(PlanRequest request, Dictionary<(string, DateOnly), int> loads, IEnumerable<Visitor> peers, DateOnly week, string? changed, int delta = 0)
    {
        var days = Enumerable.Range(0, 7).Select(week.AddDays).Where(d => d >= request.Start && d <= request.To).ToList();
        var present = peers.Where(v => !days.Any(v.IsOnLeave)).Select(v => loads.GetValueOrDefault((v.Id, week)) + (v.Id == changed ? delta : 0)).ToList();
        return present.Count < 2 ? 0 : present.Max() - present.Min();
    }

    /// <summary>
    /// Null when rotation (or capacity) keeps <paramref name="visit"/> with <paramref name="busy"/>, as
    /// <see cref="AssertPeersLevel"/> says; else the change that was open.
    /// </summary>
    private static string? Unproven(PlanRequest request, PlanResult plan, Target target, Dictionary<string, Visitor> visitors, Dictionary<(string, DateOnly), int> loads,
        Dictionary<string, List<Visit>> byTarget, Visit visit, IEnumerable<Visitor> peers, Visitor busy, Visitor idle, int gap)
    {
        var targetVisits = byTarget[visit.TargetId];
        bool Repeats(string y) => BreaksRotation(request, target, loads, targetVisits, visit, busy, visitors[y]);
        if (!Repeats(idle.Id))
        {
            return $"{visit.TargetId} on {visit.Date} could go to {idle.Id}";
        }
        var policy = request.Policies.Match(target)!;
        var days = WindowDays(request, visit).ToList();
        var others = visit.VisitorIds.Where(id => id != busy.Id && visitors.ContainsKey(id)).Select(id => visitors[id]).ToList();
        // A pair visit is only ever moved within its week: its other visitors' weeks stay as they are.
        var reach = visit.VisitorIds.Count == 1 ? days : days.Where(d => ChinaTime.WeekStart(d) == ChinaTime.WeekStart(visit.Date)).ToList();
        // A peer compared that week who would take it and end as far above the lighter one as the busier one is now
        // only moves the gap.
        var week = ChinaTime.WeekStart(visit.Date);
        var weekDays = Enumerable.Range(0, 7).Select(week.AddDays).Where(d => d >= request.Start && d <= request.To).ToList();
        bool MovesGap(Visitor y, DateOnly d) => ChinaTime.WeekStart(d) == week && peers.Contains(y) && !weekDays.Any(y.IsOnLeave)
            && loads.GetValueOrDefault((y.Id, week)) + 1 - loads.GetValueOrDefault((idle.Id, week)) >= gap;
        var third = request.Visitors.FirstOrDefault(y => y.Id != idle.Id && !visit.VisitorIds.Contains(y.Id) && IsEligible(y, target, policy) && !Repeats(y.Id)
            && reach.Any(d => IsFree(y, d, loads) && others.All(o => !o.IsOnLeave(d)) && Movable(request, loads, peers, visit, d) && !MovesGap(y, d)));
        if (third is not null)
        {
            return $"{visit.TargetId} on {visit.Date} could go to {third.Id}";
        }
        var load = loads.GetValueOrDefault((busy.Id, ChinaTime.WeekStart(visit.Date)));
        var later = visit.VisitorIds.Count == 1 && !ReliedOnFull(request, plan, byTarget, loads, busy, ChinaTime.WeekStart(visit.Date)) && days.Any(d => ChinaTime.WeekStart(d) != ChinaTime.WeekStart(visit.Date)
            && IsFree(busy, d, loads) && loads.GetValueOrDefault((busy.Id, ChinaTime.WeekStart(d))) + 2 <= load && Movable(request, loads, peers, visit, d)
            && !NewcomerPassedOver(request, targetVisits, visit, d, loads)
            && Spread(request, loads, peers, ChinaTime.WeekStart(d), busy.Id, +1) <= Math.Max(gap - 1, Spread(request, loads, peers, ChinaTime.WeekStart(d), null)));
        return later ? $"{busy.Id} could have made {visit.TargetId}'s visit of {visit.Date} in another week" : null;
    }

    /// <summary>
    /// Would giving <paramref name="busy"/>'s place on <paramref name="visit"/> to <paramref name="other"/> break the
    /// target's rotation? It does when they made the previous or next visit (twice in a row), or when, from this visit
    /// on, a visit would send someone who has been there before while an eligible newcomer is off leave with room that
    /// day (the busier peer has one more slot that week) and did not before the change.
    /// </summary>
    private static bool BreaksRotation(PlanRequest request, Target target, Dictionary<(string, DateOnly), int> loads, List<Visit> targetVisits, Visit visit,
        Visitor busy, Visitor other)
    {
        var index = targetVisits.IndexOf(visit);
        if ((index > 0 && targetVisits[index - 1].VisitorIds.Contains(other.Id))
            || (index + 1 < targetVisits.Count && targetVisits[index + 1].VisitorIds.Contains(other.Id)))
        {
            return true;
        }
        var policy = request.Policies.Match(target)!;
        var eligible = request.Visitors.Where(y => IsEligible(y, target, policy)).ToList();
        var week = ChinaTime.WeekStart(visit.Date);
        IReadOnlyList<string> Changed(Visit v) => v == visit ? [.. v.VisitorIds.Select(id => id == busy.Id ? other.Id : id)] : v.VisitorIds;
        int Load(Visitor y, DateOnly day) => loads.GetValueOrDefault((y.Id, ChinaTime.WeekStart(day)))
            + (ChinaTime.WeekStart(day) != week ? 0 : y.Id == busy.Id ? -1 : y.Id == other.Id ? 1 : 0);
        bool PassesOver(Func<Visit, IReadOnlyList<string>> visitorsOf, int j, Func<Visitor, DateOnly, int> load)
        {
            var seen = targetVisits.Take(j).SelectMany(visitorsOf).ToHashSet();
            var sent = visitorsOf(targetVisits[j]);
            var day = targetVisits[j].Date;
            return sent.Any(seen.Contains) && eligible.Any(y => !seen.Contains(y.Id) && !sent.Contains(y.Id) && !y.IsOnLeave(day) && load(y, day) < y.WeeklyCapacity);
        }
        return Enumerable.Range(index, targetVisits.Count - index).Any(j =>
            PassesOver(Changed, j, Load) && !PassesOver(v => v.VisitorIds, j, (y, d) => loads.GetValueOrDefault((y.Id, ChinaTime.WeekStart(d)))));
    }

    /// <summary>
    /// Was the visitor's week full, and did another visit that week rely on it: a visitor sent again to a target the
    /// visitor had never been to, or the previous visit's visitor repeated, on a day the visitor was off leave?
    /// Leaving that week would give them room, and that visit a free newcomer or a fresh visitor passed over.
    /// </summary>
    private static bool ReliedOnFull(PlanRequest request, PlanResult plan, Dictionary<string, List<Visit>> byTarget, Dictionary<(string, DateOnly), int> loads,
        Visitor visitor, DateOnly week)
    {
        if (loads.GetValueOrDefault((visitor.Id, week)) < visitor.WeeklyCapacity)
        {
            return false;
        }
        return plan.Visits.Any(x =>
        {
            if (ChinaTime.WeekStart(x.Date) != week || x.VisitorIds.Contains(visitor.Id) || visitor.IsOnLeave(x.Date))
            {
                return false;
            }
            var target = request.Targets.First(t => t.Id == x.TargetId);
            if (!IsEligible(visitor, target, request.Policies.Match(target)!))
            {
                return false;
            }
            var visits = byTarget[x.TargetId];
            var before = visits.Take(visits.IndexOf(x)).ToList();
            var seen = before.SelectMany(v => v.VisitorIds).ToHashSet();
            return (x.VisitorIds.Any(seen.Contains) && !seen.Contains(visitor.Id))
                || (before.Count > 0 && x.VisitorIds.Intersect(before[^1].VisitorIds).Any());
        });
    }

    /// <summary>
    /// Made on <paramref name="day"/> instead, would the visit send a visitor who has been to the target before while an
    /// eligible visitor who has not is off leave that day with room in its week?
    /// </summary>
    private static bool NewcomerPassedOver(PlanRequest request, List<Visit> targetVisits, Visit visit, DateOnly day, Dictionary<(string, DateOnly), int> loads)
    {
        var seen = targetVisits.Take(targetVisits.IndexOf(visit)).SelectMany(v => v.VisitorIds).ToHashSet();
        var target = request.Targets.First(t => t.Id == visit.TargetId);
        var policy = request.Policies.Match(target)!;
        return visit.VisitorIds.Any(seen.Contains) && request.Visitors.Any(y => IsEligible(y, target, policy) && !seen.Contains(y.Id)
            && !visit.VisitorIds.Contains(y.Id) && IsFree(y, day, loads));
    }

    /// <summary>
    /// May levelling <paramref name="peers"/> make the visit on <paramref name="day"/>? Where a week of one of them is
    /// full, yes; where they all have room all along, a visit keeps its due day (the guarantee of days with room for
    /// everyone), and one placed elsewhere stays within the week either side of a due day that is not a working day.
    /// </summary>
    private static bool Movable(PlanRequest request, Dictionary<(string, DateOnly), int> loads, IEnumerable<Visitor> peers, Visit visit, DateOnly day)
    {
        var someWeekFull = peers.Any(v => v.WeeklyCapacity > 0 && loads.Any(l => l.Key.Item1 == v.Id && l.Value >= v.WeeklyCapacity));
        var due = visit.DueDate < request.Start ? request.Start : visit.DueDate;
        return day == visit.Date || someWeekFull
            || (request.Calendar.IsWorkingDay(due) ? visit.Date != due : Math.Abs(day.DayNumber - due.DayNumber) <= 6);
    }

    /// <summary>The working days of a visit's window within the range.</summary>
    private static IEnumerable<DateOnly> WindowDays(PlanRequest request, Visit visit)
    {
        var from = visit.WindowStart > request.Start ? visit.WindowStart : request.Start;
        var to = visit.WindowEnd < request.To ? visit.WindowEnd : request.To;
        return Enumerable.Range(0, Math.Max(0, to.DayNumber - from.DayNumber + 1)).Select(from.AddDays).Where(request.Calendar.IsWorkingDay);
    }
}
