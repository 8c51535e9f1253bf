namespace Outreach.Roster;

/// <summary>Lookups over a whole roster, for hosts that are given a bare target id (the CLI, the points passbook).</summary>
public static class RosterLookups
{
    /// <summary>
    /// Every target with id <paramref name="targetId"/>, grid by grid (ids are unique within a grid): one point read per
    /// grid, so a host that knows the grid reads the target directly instead.
    /// </summary>
    public static async Task<IReadOnlyList<Target>> FindTargetsAsync(this IRosterStore roster, string targetId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var found = new List<Target>();
        foreach (var grid in await roster.GetGridsAsync(cancellationToken))
        {
            if (await roster.GetTargetAsync(grid.Id, targetId, cancellationToken) is { } target)
            {
                found.Add(target);
            }
        }
        return found;
    }
}
