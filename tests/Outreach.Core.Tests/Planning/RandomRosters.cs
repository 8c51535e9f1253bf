using CsCheck;
using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Core.Tests.Planning;

/// <summary>
/// Random planner inputs: grids, visitors covering one or two of them with random roles, capacities and
/// leave, households and enterprises with random tags, random policies (intervals of 1 to 90 days, teams
/// of two, role restrictions) and a calendar with random holidays and adjusted workdays.
/// Sizes are drawn by CsCheck (so they shrink); the details come from a seeded <see cref="Random"/>.
/// </summary>
internal static class RandomRosters
{
    public sealed record Case(PlanRequest Request, string Description)
    {
        public override string ToString() => Description;
    }

    private static readonly int[] Intervals = [1, 2, 3, 5, 7, 10, 14, 30, 90];

    public static Gen<Case> Cases(bool ample = false) =>
        Gen.Select(Gen.Int[1, 3], Gen.Int[0, 8], Gen.Int[0, 30], Gen.Int[1, 70], Gen.Int[0, int.MaxValue - 1])
            .Select(t => Build(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, ample));

    public static Case Build(int gridCount, int visitorCount, int targetCount, int days, int seed, bool ample)
    {
        var random = new Random(seed);
        var start = new DateOnly(2026, 1, 5).AddDays(random.Next(0, 400));
        var to = start.AddDays(days - 1);
        var today = start.AddDays(random.Next(-3, 3));
        var grids = Enumerable.Range(1, gridCount).Select(i => $"g{i}").ToArray();
        string[] roles = ["a", "b"];

        var visitors = new List<Visitor>();
        for (var i = 0; i < visitorCount; i++)
        {
            var covered = grids.Where(_ => random.Next(3) == 0).ToList();
            if (covered.Count == 0)
            {
                covered.Add(grids[random.Next(grids.Length)]);
            }
            var leave = new List<DateRange>();
            if (!ample && random.Next(4) == 0)
            {
                var from = start.AddDays(random.Next(0, days));
                leave.Add(new DateRange(from, from.AddDays(random.Next(0, 10))));
            }
            var capacity = ample ? 7 * targetCount + 1 : random.Next(0, 13);
            visitors.Add(new Visitor($"v{i}", $"v{i}", "+8613800000000", roles[random.Next(2)], covered, capacity, leave));
        }

        string[] tags = ["elderly-alone", "key", "tier:1b"];
        var targets = new List<Target>();
        for (var i = 0; i < targetCount; i++)
        {
            var kind = random.Next(2) == 0 ? TargetKind.Household : TargetKind.Enterprise;
            targets.Add(new Target($"t{i}", kind, $"t{i}", grids[random.Next(grids.Length)], tags.Where(_ => random.Next(3) == 0).ToArray()));
        }

        var policies = new List<VisitPolicy>
        {
            new("household", TargetKind.Household, [], Intervals[random.Next(Intervals.Length)], 1, []),
            new("elderly", TargetKind.Household, ["elderly-alone"], Intervals[random.Next(Intervals.Length)], 1, []),
            new("enterprise", TargetKind.Enterprise, [], Intervals[random.Next(Intervals.Length)], 1 + random.Next(2), random.Next(2) == 0 ? [] : ["a"]),
        };
        if (random.Next(2) == 0)
        {
            policies.Add(new VisitPolicy("team", TargetKind.Enterprise, ["tier:1b"], Intervals[random.Next(Intervals.Length)], 2, ["a", "b"]));
        }

        var entries = new List<CalendarEntry>();
        for (var day = start; day <= to; day = day.AddDays(1))
        {
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            if (!weekend && random.Next(20) == 0)
            {
                entries.Add(new CalendarEntry(day, DayKind.Holiday));
            }
            else if (weekend && random.Next(10) == 0)
            {
                entries.Add(new CalendarEntry(day, DayKind.Workday));
            }
        }

        var request = new PlanRequest(start, to, today, visitors, targets, new PolicyBook(policies), new WorkingCalendar([], entries), []);
        return new Case(request, $"grids={gridCount} visitors={visitorCount} targets={targetCount} days={days} seed={seed} ample={ample}");
    }

    /// <summary>Visits per visitor per ISO week, over every visit in the plan.</summary>
    public static Dictionary<(string Visitor, DateOnly Week), int> WeeklyLoads(IEnumerable<Visit> visits) =>
        visits.SelectMany(v => v.VisitorIds.Select(id => (id, ChinaTime.WeekStart(v.Date))))
            .GroupBy(k => k)
            .ToDictionary(g => g.Key, g => g.Count());

    public static bool IsEligible(Visitor visitor, Target target, VisitPolicy policy) =>
        visitor.Covers(target.Grid) && policy.AllowsRole(visitor.Role) && visitor.WeeklyCapacity > 0;

    /// <summary>Not on leave and with room left in that week at the end of planning (so also at any point during it).</summary>
    public static bool IsFree(Visitor visitor, DateOnly day, Dictionary<(string, DateOnly), int> loads) =>
        !visitor.IsOnLeave(day) && loads.GetValueOrDefault((visitor.Id, ChinaTime.WeekStart(day))) < visitor.WeeklyCapacity;
}
