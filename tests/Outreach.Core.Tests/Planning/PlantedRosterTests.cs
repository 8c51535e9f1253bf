using CsCheck;
using Outreach.Planning;

namespace Outreach.Core.Tests.Planning;

/// <summary>
/// Tight rosters with a plan known to fill every window (<see cref="PlantedRosters"/>): the planner, given only
/// the roster, fills every window too, and keeps rotation and balance while it does.
/// </summary>
public class PlantedRosterTests
{
    private const long Iterations = 2000;

    [Fact]
    public void When_a_plan_fills_every_window_the_planner_fills_every_window()
    {
        PlantedRosters.Cases().Sample(c =>
        {
            var plan = RotationPlanner.Plan(c.Request);
            var first = plan.Shortfalls.Count > 0 ? plan.Shortfalls[0] : null;
            Assert.True(first is null, $"{plan.Shortfalls.Count} shortfalls, first {first?.TargetId} {first?.WindowStart}: {first?.Detail}");
        }, iter: Iterations);
    }

    [Fact]
    public void Filling_every_window_keeps_peers_level()
    {
        PlantedRosters.Cases().Sample(c => PlanProperties.AssertPeersLevel(c.Request, RotationPlanner.Plan(c.Request)), iter: Iterations);
    }

    [Fact]
    public void Filling_every_window_repeats_a_visitor_only_when_nobody_else_has_a_free_slot()
    {
        PlantedRosters.Cases().Sample(c => PlanProperties.AssertRepeatsForced(c.Request, RotationPlanner.Plan(c.Request)), iter: Iterations);
    }
}
