using Outreach.Roster;

namespace Outreach.Planning;

/// <summary>
/// A set of grids planned together. Units share no visitor, so units planned in parallel (one queue message
/// each, on as many instances as Azure gives) can never overbook a visitor who covers several grids.
/// </summary>
public sealed record PlanningUnit(IReadOnlyList<string> Grids)
{
    public override string ToString() => string.Join(",", Grids);

    /// <summary>
    /// Splits grids into units: the connected components of the graph whose edges are visitors covering more
    /// than one grid. A grid nobody covers is a unit of its own (its targets are reported as shortfalls).
    /// </summary>
    public static IReadOnlyList<PlanningUnit> Split(IEnumerable<string> grids, IEnumerable<Visitor> visitors)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string g)
        {
            while (parent[g] != g)
            {
                parent[g] = parent[parent[g]];
                g = parent[g];
            }
            return g;
        }
        foreach (var grid in grids)
        {
            parent.TryAdd(grid, grid);
        }
        foreach (var visitor in visitors)
        {
            string? first = null;
            foreach (var grid in visitor.Grids)
            {
                parent.TryAdd(grid, grid);
                if (first is null)
                {
                    first = grid;
                    continue;
                }
                var (a, b) = (Find(first), Find(grid));
                if (a != b)
                {
                    // The smaller id becomes the root so the result does not depend on input order.
                    if (string.CompareOrdinal(a, b) < 0)
                    {
                        parent[b] = a;
                    }
                    else
                    {
                        parent[a] = b;
                    }
                }
            }
        }
        return parent.Keys
            .GroupBy(Find, StringComparer.Ordinal)
            .Select(g => new PlanningUnit(g.Order(StringComparer.Ordinal).ToArray()))
            .OrderBy(u => u.Grids[0], StringComparer.Ordinal)
            .ToArray();
    }
}

/// <summary>The queue message that asks for one unit to be planned over [From, To].</summary>
public sealed record PlanUnitMessage(
    IReadOnlyList<string> Grids,
    [property: System.Text.Json.Serialization.JsonRequired] DateOnly From,
    [property: System.Text.Json.Serialization.JsonRequired] DateOnly To);
