using Microsoft.Extensions.Time.Testing;
using Outreach.Calendar;
using Outreach.Points;
using Outreach.Roster;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Points;

/// <summary>
/// A community of two grids on the in-memory stores: households h1 and h2 in g1, h3 in g2, the enterprise e1 in g1; the
/// rules <c>cleanup</c> (5 points, at most 20 a month) and <c>sorting</c> (2, no cap); the items <c>soap</c> (10 points,
/// 3 in stock) and <c>towel</c> (3 points, 5 in stock). The clock reads 10:00 on Tuesday 15 December 2026.
/// </summary>
internal sealed class PointsWorld
{
    public static readonly DateTimeOffset Now = new(2026, 12, 15, 10, 0, 0, ChinaTime.Offset);

    public InMemoryStores Stores { get; } = new();

    public InMemoryPointsStore Points { get; } = new();

    public FakeTimeProvider Clock { get; } = new(Now);

    public PointsService Service => new(Stores.Roster, Points, Clock);

    public static async Task<PointsWorld> CreateAsync(int soap = 3, int towels = 5)
    {
        var world = new PointsWorld();
        await world.Stores.Roster.SaveGridsAsync([new Grid("g1", "仙山一网格", "仙山社区"), new Grid("g2", "凯地二网格", "凯地家园")]);
        await world.Stores.Roster.SaveTargetsAsync(
        [
            new Target("h1", TargetKind.Household, "仙山社区1号楼102", "g1", [], Contact: "戴雪敏"),
            new Target("h2", TargetKind.Household, "仙山社区2号楼301", "g1", []),
            new Target("h3", TargetKind.Household, "凯地家园5号楼101", "g2", []),
            new Target("e1", TargetKind.Enterprise, "万通物流股份有限公司", "g1", []),
        ]);
        await world.Points.ImportRulesAsync([new PointsRule("cleanup", "参加环境整治", 5, 20), new PointsRule("sorting", "垃圾分类", 2)]);
        await world.Points.ImportItemsAsync([new PointsItem("soap", "肥皂", 10, soap), new PointsItem("towel", "毛巾", 3, towels)]);
        return world;
    }

    public Task<PointsResult> Award(string household, string code, DateTimeOffset? at = null, string? visit = null) =>
        Service.AwardAsync(new PointsAward(household, code, At: at, VisitId: visit));
}
