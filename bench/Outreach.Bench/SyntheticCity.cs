using Outreach.Roster;

namespace Outreach.Bench;

/// <summary>
/// A deterministic synthetic city: per grid 2,000 households, 100 enterprises and 40 visitors who cover
/// only that grid. Tags follow rough real proportions so every default policy is exercised.
/// </summary>
internal sealed record SyntheticCity(
    IReadOnlyList<Grid> Grids,
    IReadOnlyList<Visitor> Visitors,
    IReadOnlyDictionary<string, IReadOnlyList<Target>> TargetsByGrid,
    int TargetCount)
{
    public const int HouseholdsPerGrid = 2_000;
    public const int EnterprisesPerGrid = 100;
    public const int VisitorsPerGrid = 40;

    private static readonly string[] Chains = ["农化植保", "精细化工", "海洋装备", "新材料", "生物医药", "绿电"];
    private static readonly string[] Roles = ["grid-member", "party-worker", "in-service-member", "chain-committee"];

    // Shared tag lists: a real roster read from storage would hold one list per row, but the planner only
    // reads them, and sharing keeps the roster's own footprint out of the planner's peak memory.
    private static readonly string[] NoTags = [];
    private static readonly string[] ElderlyAlone = ["elderly-alone"];
    private static readonly string[][] OtherHouseholdTags = [["disabled"], ["low-income"], ["veteran"]];

    /// <param name="leaveFrom">First day leave periods may start (the plan start).</param>
    public static SyntheticCity Generate(int gridCount, DateOnly leaveFrom, int leaveSpanDays, int seed = 20270104)
    {
        var random = new Random(seed);
        var chainTags = Chains.Select(c => new[] { $"chain:{c}" }).ToArray();
        var keyChainTags = Chains.Select(c => new[] { "key", $"chain:{c}" }).ToArray();
        string[] keyTags = ["key"];
        string[] tierTags = ["tier:100m"];

        var grids = new List<Grid>(gridCount);
        var visitors = new List<Visitor>(gridCount * VisitorsPerGrid);
        var targets = new Dictionary<string, IReadOnlyList<Target>>(gridCount, StringComparer.Ordinal);
        var count = 0;
        for (var g = 0; g < gridCount; g++)
        {
            var gridId = $"g{g:D3}";
            grids.Add(new Grid(gridId, $"网格 {g}", $"area-{g / 20:D2}", "district-1"));
            string[] covers = [gridId];

            for (var v = 0; v < VisitorsPerGrid; v++)
            {
                var n = g * VisitorsPerGrid + v;
                IReadOnlyList<DateRange> leave = [];
                if (random.NextDouble() < 0.02)
                {
                    var from = leaveFrom.AddDays(random.Next(leaveSpanDays));
                    leave = [new DateRange(from, from.AddDays(2 + random.Next(9)))];
                }
                visitors.Add(new Visitor($"v{n:D5}", $"走访员{n}", $"+86138{n:D8}", Roles[random.Next(Roles.Length)], covers,
                    25 + random.Next(16), leave));
            }

            var list = new Target[HouseholdsPerGrid + EnterprisesPerGrid];
            for (var h = 0; h < HouseholdsPerGrid; h++)
            {
                var roll = random.NextDouble();
                var tags = roll < 0.03 ? ElderlyAlone
                    : roll < 0.10 ? OtherHouseholdTags[random.Next(OtherHouseholdTags.Length)]
                    : NoTags;
                list[h] = new Target($"{gridId}-h{h:D4}", TargetKind.Household, $"{gridId} 楼{h / 40}-{h % 40}", gridId, tags);
            }
            for (var e = 0; e < EnterprisesPerGrid; e++)
            {
                var key = random.NextDouble() < 0.12;
                var chain = random.NextDouble() < 0.15 ? random.Next(Chains.Length) : -1;
                var tags = (key, chain) switch
                {
                    (true, >= 0) => keyChainTags[chain],
                    (true, _) => keyTags,
                    (false, >= 0) => chainTags[chain],
                    _ => random.NextDouble() < 0.2 ? tierTags : NoTags,
                };
                list[HouseholdsPerGrid + e] = new Target($"{gridId}-e{e:D3}", TargetKind.Enterprise, $"企业 {gridId}-{e}", gridId, tags);
            }
            targets[gridId] = list;
            count += list.Length;
        }
        return new SyntheticCity(grids, visitors, targets, count);
    }
}
