using Outreach.Calendar;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Bench;

/// <summary>
/// A deterministic city whose capacity is only about 1.3× its demand, shaped like the roster issue 15 was
/// found on: grids in pairs that share party workers and enterprise liaisons (who may visit enterprises
/// only), grid members, in-service party members with a small capacity, key enterprises visited in pairs
/// (两人一组), elderly people living alone visited weekly, other households every six weeks, leave of a few
/// days to two weeks, and a Spring Festival whose two weeks have three working days each, with a Sunday and
/// a Saturday made workdays (调休).
/// </summary>
internal static class TightCity
{
    public const int GridPairs = 12;
    public const int HouseholdsPerGrid = 300;
    public const int EnterprisesPerGrid = 30;

    /// <summary>13 weeks from the first Monday of 2027.</summary>
    public static readonly DateOnly Start = new(2027, 1, 4);
    public const int HorizonDays = 91;

    public static readonly PolicyBook Policies = new(
    [
        new VisitPolicy("household", TargetKind.Household, [], 42, 1, ["grid-member", "party-worker", "in-service-member"]),
        new VisitPolicy("household-elderly-alone", TargetKind.Household, ["elderly-alone"], 7, 1, ["grid-member", "party-worker", "in-service-member"]),
        new VisitPolicy("enterprise", TargetKind.Enterprise, [], 30, 1, []),
        new VisitPolicy("enterprise-key", TargetKind.Enterprise, ["key"], 14, 2, ["grid-member", "party-worker", "enterprise-liaison"]),
        new VisitPolicy("enterprise-chain", TargetKind.Enterprise, ["chain:*"], 14, 1, ["party-worker", "enterprise-liaison"]),
    ]);

    /// <summary>
    /// The shipped calendar plus a Spring Festival: Thursday 11 to Wednesday 17 February off, Sunday 7 and
    /// Saturday 20 February worked. The weeks of 8 and 15 February have three working days each.
    /// </summary>
    public static WorkingCalendar Calendar() => WorkingCalendar.WithShipped(
    [
        new CalendarEntry(new DateOnly(2027, 2, 7), DayKind.Workday, "春节调休"),
        .. Enumerable.Range(0, 7).Select(i => new CalendarEntry(new DateOnly(2027, 2, 11).AddDays(i), DayKind.Holiday, "春节")),
        new CalendarEntry(new DateOnly(2027, 2, 20), DayKind.Workday, "春节调休"),
    ]);

    public static SyntheticCity Generate(int seed = 20270211)
    {
        var random = new Random(seed);
        var grids = new List<Grid>();
        var visitors = new List<Visitor>();
        var targets = new Dictionary<string, IReadOnlyList<Target>>(StringComparer.Ordinal);
        var count = 0;
        for (var pair = 0; pair < GridPairs; pair++)
        {
            string[] both = [$"t{2 * pair:D2}", $"t{2 * pair + 1:D2}"];
            // Shared between the two grids of the pair: party workers (any visit) and enterprise liaisons.
            for (var i = 0; i < 2; i++)
            {
                visitors.Add(Person(random, $"{both[0]}-pw{i}", "party-worker", both, 12));
                visitors.Add(Person(random, $"{both[0]}-el{i}", "enterprise-liaison", both, 10));
            }
            foreach (var grid in both)
            {
                grids.Add(new Grid(grid, $"网格 {grid}", $"area-{pair:D2}"));
                for (var i = 0; i < 6; i++)
                {
                    visitors.Add(Person(random, $"{grid}-gm{i}", "grid-member", [grid], 13));
                }
                for (var i = 0; i < 4; i++)
                {
                    visitors.Add(Person(random, $"{grid}-im{i}", "in-service-member", [grid], 2 + random.Next(3)));
                }
                var list = new List<Target>();
                for (var h = 0; h < HouseholdsPerGrid; h++)
                {
                    string[] tags = random.NextDouble() < 0.10 ? ["elderly-alone"] : [];
                    list.Add(new Target($"{grid}-h{h:D3}", TargetKind.Household, $"{grid} 楼{h / 20}-{h % 20}", grid, tags));
                }
                for (var e = 0; e < EnterprisesPerGrid; e++)
                {
                    string[] tags = e < 8 ? ["key"] : e < 14 ? [$"chain:c{e % 3}"] : [];
                    list.Add(new Target($"{grid}-e{e:D2}", TargetKind.Enterprise, $"企业 {grid}-{e}", grid, tags));
                }
                targets[grid] = list;
                count += list.Count;
            }
        }
        return new SyntheticCity(grids, visitors, targets, count);
    }

    private static Visitor Person(Random random, string id, string role, string[] grids, int capacity)
    {
        IReadOnlyList<DateRange> leave = [];
        if (random.NextDouble() < 0.15)
        {
            var from = Start.AddDays(random.Next(HorizonDays));
            leave = [new DateRange(from, from.AddDays(2 + random.Next(12)))];
        }
        return new Visitor(id, id, "+8613800000000", role, grids, capacity, leave);
    }
}
