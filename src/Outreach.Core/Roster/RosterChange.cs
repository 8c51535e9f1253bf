using Outreach.Calendar;
using Outreach.Policies;

namespace Outreach.Roster;

/// <summary>
/// What one import changes: the rows it stores (replacing those with the same ids) and the old rows of targets that
/// moved grid. <see cref="IRosterStore.ImportAsync"/> stores it all or nothing.
/// </summary>
public sealed record RosterChange
{
    public IReadOnlyList<Grid> Grids { get; init; } = [];

    public IReadOnlyList<Visitor> Visitors { get; init; } = [];

    public IReadOnlyList<Target> Targets { get; init; } = [];

    /// <summary>Rows to delete after the others are stored: the old rows (old grid) of <see cref="Targets"/> that moved.</summary>
    public IReadOnlyList<Target> MovedFrom { get; init; } = [];

    public IReadOnlyList<VisitPolicy> Policies { get; init; } = [];

    public IReadOnlyList<CalendarEntry> Calendar { get; init; } = [];

    public IReadOnlyList<Department> Departments { get; init; } = [];
}
