using CsCheck;
using Outreach.Planning;
using Outreach.Roster;
using static Outreach.Core.Tests.Planning.RandomRosters;

namespace Outreach.Core.Tests.Planning;

public class PlanningUnitTests
{
    [Fact]
    public void Grids_that_share_a_visitor_are_one_unit()
    {
        var visitors = new[]
        {
            new Visitor("a", "a", "+8613800000000", "r", ["g1", "g3"], 10, []),
            new Visitor("b", "b", "+8613800000000", "r", ["g2"], 10, []),
            new Visitor("c", "c", "+8613800000000", "r", ["g3", "g4"], 10, []),
        };

        var units = PlanningUnit.Split(["g4", "g2", "g1", "g3", "g5"], visitors);

        Assert.Equal(["g1,g3,g4", "g2", "g5"], units.Select(u => u.ToString()));
    }

    [Fact]
    public void Units_planned_apart_never_overbook_a_shared_visitor()
    {
        RandomRosters.Cases().Sample(c =>
        {
            var request = c.Request;
            var grids = request.Targets.Select(t => t.Grid).Concat(request.Visitors.SelectMany(v => v.Grids)).Distinct();
            var units = PlanningUnit.Split(grids, request.Visitors);

            // Each unit sees only its own grids' targets and the visitors who cover them, as a queue message would.
            var visits = units.SelectMany(unit => RotationPlanner.Plan(request with
            {
                Targets = request.Targets.Where(t => unit.Grids.Contains(t.Grid)).ToList(),
                Visitors = request.Visitors.Where(v => v.Grids.Any(unit.Grids.Contains)).ToList(),
            }).Visits).ToList();

            Assert.All(request.Visitors, v => Assert.Single(units, u => v.Grids.Any(u.Grids.Contains)));
            var capacity = request.Visitors.ToDictionary(v => v.Id, v => v.WeeklyCapacity);
            foreach (var ((visitor, week), load) in WeeklyLoads(visits))
            {
                Assert.True(load <= capacity[visitor], $"{visitor} has {load} visits in the week of {week}");
            }
            Assert.Equal(RotationPlanner.Plan(request).Visits.Count, visits.Count);
        }, iter: 1000);
    }
}
