namespace Outreach.Planning;

/// <summary>
/// The rotation planner: a pure, deterministic function from a <see cref="PlanRequest"/> to a
/// <see cref="PlanResult"/>. It keeps every published visit that is still feasible, repairs the ones that
/// are not, and fills every cadence window that has no visit yet, whenever some plan can.
/// </summary>
/// <remarks>
/// How it chooses, in the priority order of DESIGN.md §3 (<see cref="PlanRun"/> runs the steps):
/// <list type="number">
/// <item>Hard: a visitor covers the grid, has an eligible role, is not on leave, the day is a working day,
/// and their week (Monday to Sunday) is not full.</item>
/// <item>Coverage: windows with the fewest visitor-days to choose from are placed first
/// (<see cref="Placer"/>); a window still open is filled by moving this run's visits along augmenting paths
/// (<see cref="CoverageRepair"/>), and one that stays open carries the bound that proves no plan fills it
/// (<see cref="ShortfallProof"/>); without a bound it is one the search could not fill without breaking rotation
/// or a pair visit (rotation is not traded for it).</item>
/// <item>Rotation: never the previous visitor while another eligible visitor has a free slot in the window;
/// a newcomer while one is free that day (<see cref="VisitorChoice"/>).</item>
/// <item>Balance: then the visitor whose week is lightest among their peers (same grids, role and capacity),
/// then whose horizon is; after repairs, peers still apart are levelled (<see cref="PeerBalance"/>).</item>
/// <item>Level days: a visitor's week is spread over five working days (a short festival week gets less), and
/// a due day off moves to the lightest working day around it.</item>
/// </list>
/// </remarks>
public static class RotationPlanner
{
    public static PlanResult Plan(PlanRequest request)
    {
        var overdue = Overdue(request);
        if (request.To < request.Start)
        {
            return new PlanResult([], [], [], [], overdue, []);
        }
        // Grids that share no visitor are planned apart, each exactly as it would be on its own (as the planning
        // service plans them, one unit per queue message): nothing one unit does may move another's visits.
        var units = OneGrid(request) ? null : PlanningUnit.Split(request.Targets.Select(t => t.Grid), request.Visitors);
        if (units is null || units.Count <= 1)
        {
            return PlanChanges.Result([new PlanRun(request).Execute()], overdue);
        }
        var unitOf = units.SelectMany(u => u.Grids.Select(g => (Grid: g, Unit: u))).ToDictionary(x => x.Grid, x => x.Unit, StringComparer.Ordinal);
        var gridOf = request.Targets.ToDictionary(t => t.Id, t => t.Grid, StringComparer.Ordinal);
        // A stored visit goes with its target's unit; one whose target left the roster, with its own grid's.
        PlanningUnit? UnitOf(Visit visit) =>
            unitOf.GetValueOrDefault(gridOf.TryGetValue(visit.TargetId, out var grid) ? grid : visit.Grid) ?? units[0];
        var existing = request.Existing.ToLookup(UnitOf);
        return PlanChanges.Result(units.Select(unit => new PlanRun(request with
        {
            Targets = request.Targets.Where(t => unit.Grids.Contains(t.Grid, StringComparer.Ordinal)).ToList(),
            Visitors = request.Visitors.Where(v => v.Grids.Any(g => unit.Grids.Contains(g, StringComparer.Ordinal))).ToList(),
            Existing = existing[unit].ToList(),
        }).Execute()).ToList(), overdue);
    }

    /// <summary>All targets and visitors in one grid: one unit, nothing to split (the common case).</summary>
    private static bool OneGrid(PlanRequest request)
    {
        var grid = request.Targets.Count > 0 ? request.Targets[0].Grid : null;
        return grid is not null
            && request.Targets.All(t => t.Grid == grid)
            && request.Visitors.All(v => v.Grids.All(g => g == grid));
    }

    private static List<Visit> Overdue(PlanRequest request) =>
        request.Existing
            .Where(v => v.Date < request.Today && v.Status is VisitStatus.Planned or VisitStatus.Overdue)
            .OrderBy(v => v.Date).ThenBy(v => v.Grid, StringComparer.Ordinal).ThenBy(v => v.TargetId, StringComparer.Ordinal)
            .ToList();
}
