using CsCheck;
using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Roster;
using static Outreach.Core.Tests.Planning.RandomRosters;

namespace Outreach.Core.Tests.Planning;

/// <summary>
/// Rosters that are known to have a plan filling every window: a random roster (<see cref="RandomRosters"/>,
/// with a festival of several days off added to its calendar) is given a hidden plan first, a random eligible
/// visitor (two for a pair visit) on a random working day of each cadence window that lies wholly in the range,
/// off leave, not one of the previous visit's visitors where the roster allows. Each visitor's weekly capacity is
/// then set to their busiest hidden week (at least 1, sometimes one more), so the roster is as tight as that plan.
/// The planner sees only the roster: a plan keeping coverage and rotation both exists, so it must keep both.
/// </summary>
internal static class PlantedRosters
{
    public static Gen<Case> Cases() =>
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 10], Gen.Int[1, 40], Gen.Int[7, 70], Gen.Int[0, int.MaxValue - 1])
            .Select(t => Build(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5));

    public static Case Build(int gridCount, int visitorCount, int targetCount, int dayCount, int seed)
    {
        var random = RandomRosters.Build(gridCount, visitorCount, targetCount, dayCount, seed, ample: false);
        var dice = new Random(seed);
        var request = WithFestival(random.Request, dice);
        var visitors = request.Visitors.OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
        var hidden = new Dictionary<(string Visitor, DateOnly Week), int>();
        var kept = new List<Target>();
        foreach (var target in request.Targets.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var policy = request.Policies.Match(target)!;
            var eligible = visitors.Where(v => v.Covers(target.Grid) && policy.AllowsRole(v.Role)).ToList();
            var planted = new List<(string Visitor, DateOnly Week)>();
            var plantable = eligible.Count >= policy.VisitorsPerVisit;
            var previous = new List<Visitor>();
            for (var window = CadenceWindow.First(request.Start, policy.IntervalDays, StableHash.Of(target.Id));
                 plantable && window.End <= request.To;
                 window = window.Next(policy.IntervalDays))
            {
                var days = Enumerable.Range(0, window.End.DayNumber - window.Start.DayNumber + 1).Select(window.Start.AddDays)
                    .Where(d => request.Calendar.IsWorkingDay(d) && eligible.Count(v => !v.IsOnLeave(d)) >= policy.VisitorsPerVisit)
                    .ToList();
                if (days.Count == 0)
                {
                    // No plan can fill this window: the target is left out of a planted roster.
                    plantable = false;
                    continue;
                }
                // The hidden plan keeps rotation too where the roster lets it: visitors of the previous visit
                // are sent again only when too few others are off leave on any day of the window.
                var fresh = days.Where(d => eligible.Count(v => !v.IsOnLeave(d) && !previous.Contains(v)) >= policy.VisitorsPerVisit).ToList();
                var day = fresh.Count > 0 ? fresh[dice.Next(fresh.Count)] : days[dice.Next(days.Count)];
                previous = eligible.Where(v => !v.IsOnLeave(day)).OrderBy(v => previous.Contains(v)).ThenBy(_ => dice.Next()).Take(policy.VisitorsPerVisit).ToList();
                planted.AddRange(previous.Select(v => (v.Id, ChinaTime.WeekStart(day))));
            }
            if (!plantable)
            {
                continue;
            }
            kept.Add(target);
            foreach (var slot in planted)
            {
                hidden[slot] = hidden.GetValueOrDefault(slot) + 1;
            }
        }
        var capacities = visitors.Select(v => v with
        {
            WeeklyCapacity = hidden.Where(h => h.Key.Visitor == v.Id).Select(h => h.Value).DefaultIfEmpty(1).Max() + (dice.Next(4) == 0 ? 1 : 0),
        }).ToList();
        return new Case(request with { Visitors = capacities, Targets = kept }, $"planted: {random.Description}, {kept.Count} of {request.Targets.Count} targets kept");
    }

    /// <summary>A block of 3 to 9 days off somewhere in the range, as the Spring Festival or National Day make.</summary>
    private static PlanRequest WithFestival(PlanRequest request, Random dice)
    {
        var days = request.To.DayNumber - request.Start.DayNumber + 1;
        var first = request.Start.AddDays(dice.Next(days));
        var festival = Enumerable.Range(0, 3 + dice.Next(7)).Select(i => new CalendarEntry(first.AddDays(i), DayKind.Holiday));
        return request with { Calendar = new WorkingCalendar([], [.. request.Calendar.Entries, .. festival]) };
    }
}
