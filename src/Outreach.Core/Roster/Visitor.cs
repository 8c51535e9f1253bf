namespace Outreach.Roster;

/// <summary>
/// A visitor (走访人员): party-affairs worker, grid member, in-service party member, chain committee member.
/// </summary>
/// <param name="Phone">E.164, e.g. +8613800000000.</param>
/// <param name="Grids">The grids this visitor covers.</param>
/// <param name="WeeklyCapacity">Visits this visitor can make in one ISO week (Monday to Sunday).</param>
/// <param name="Leave">Inclusive leave periods; no visit is planned on these days.</param>
public sealed record Visitor(
    string Id,
    string Name,
    string Phone,
    string Role,
    IReadOnlyList<string> Grids,
    int WeeklyCapacity,
    IReadOnlyList<DateRange> Leave,
    string? Supervisor = null)
{
    public const int DefaultWeeklyCapacity = 10;

    public bool IsOnLeave(DateOnly day)
    {
        foreach (var range in Leave)
        {
            if (range.Contains(day))
            {
                return true;
            }
        }
        return false;
    }

    public bool Covers(string grid) => Grids.Contains(grid, StringComparer.Ordinal);
}
