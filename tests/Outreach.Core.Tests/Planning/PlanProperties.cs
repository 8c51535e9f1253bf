using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Roster;
using static Outreach.Core.Tests.Planning.RandomRosters;

namespace Outreach.Core.Tests.Planning;

/// <summary>Guarantees stated once and checked on several kinds of roster (random, planted).</summary>
internal static class PlanProperties
{
    /// <summary>
    /// Balance: peers (same grids, role and capacity) off leave all week differ by at most one visit that week,
    /// apart from visits the idle peer could not have taken without breaking rotation (DESIGN.md puts rotation
    /// above balance): they made the target's previous or next visit (they would go twice in a row), or they had
    /// been there before and the busier peer never had (a newcomer is sent while one is free).
    /// </summary>
    public static void AssertPeersLevel(PlanRequest request, PlanResult plan)
    {
        var loads = WeeklyLoads(plan.Visits);
        var byTarget = plan.Visits.GroupBy(v => v.TargetId).ToDictionary(g => g.Key, g => g.OrderBy(v => v.Date).ToList());
        var peers = request.Visitors.GroupBy(v => (v.Role, v.WeeklyCapacity, string.Join(';', v.Grids.Order())));
        var weeks = plan.Visits.Select(v => ChinaTime.WeekStart(v.Date)).Distinct();
        foreach (var group in peers)
        {
            foreach (var week in weeks)
            {
                var days = Enumerable.Range(0, 7).Select(week.AddDays).Where(d => d >= request.Start && d <= request.To).ToList();
                var present = group.Where(v => !days.Any(v.IsOnLeave)).ToList();
                foreach (var busy in present)
                {
                    foreach (var idle in present)
                    {
                        var busyLoad = loads.GetValueOrDefault((busy.Id, week));
                        var idleLoad = loads.GetValueOrDefault((idle.Id, week));
                        if (busyLoad - idleLoad <= 1)
                        {
                            continue;
                        }
                        var explained = plan.Visits
                            .Where(v => v.VisitorIds.Contains(busy.Id) && !v.VisitorIds.Contains(idle.Id) && ChinaTime.WeekStart(v.Date) == week)
                            .Count(v => RotationKeeps(byTarget[v.TargetId], v, idle.Id, busy.Id));
                        Assert.True(busyLoad - idleLoad - explained <= 1,
                            $"{busy.Id} has {busyLoad} visits and peer {idle.Id} {idleLoad} in the week of {week}; rotation explains {explained}");
                    }
                }
            }
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
                var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).Where(request.Calendar.IsWorkingDay);
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

    /// <summary>Would handing <paramref name="visit"/> from <paramref name="busy"/> to <paramref name="idle"/> break rotation?</summary>
    private static bool RotationKeeps(List<Visit> targetVisits, Visit visit, string idle, string busy)
    {
        var index = targetVisits.IndexOf(visit);
        var before = targetVisits.Take(index).ToList();
        var neighbour = (index > 0 && targetVisits[index - 1].VisitorIds.Contains(idle))
            || (index + 1 < targetVisits.Count && targetVisits[index + 1].VisitorIds.Contains(idle));
        var newcomerSent = before.Any(v => v.VisitorIds.Contains(idle)) && !before.Any(v => v.VisitorIds.Contains(busy));
        return neighbour || newcomerSent;
    }
}
