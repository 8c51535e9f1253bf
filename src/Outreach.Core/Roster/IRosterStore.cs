using Outreach.Calendar;
using Outreach.Policies;

namespace Outreach.Roster;

/// <summary>
/// The coordinator's reference data: grids, visitors, targets, visit policies, calendar entries and departments.
/// Each Save replaces the rows with the same ids and leaves the others alone.
/// </summary>
public interface IRosterStore
{
    /// <summary>
    /// Stores one import all or nothing, however many batches, partitions and tables it spans: a failure at any point
    /// (a refused write, a dropped connection, a killed process) leaves the roster as it was before, or leaves the
    /// import committed, to be completed by <see cref="CompleteImportsAsync"/> (which the next import and the next plan
    /// run first). Running the same import again completes it.
    /// </summary>
    Task ImportAsync(RosterChange change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes the imports a failure left committed and forgets those that never committed; how many it completed.
    /// </summary>
    Task<int> CompleteImportsAsync(CancellationToken cancellationToken = default);

    Task SaveGridsAsync(IReadOnlyList<Grid> grids, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Grid>> GetGridsAsync(CancellationToken cancellationToken = default);

    Task SaveVisitorsAsync(IReadOnlyList<Visitor> visitors, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Visitor>> GetVisitorsAsync(CancellationToken cancellationToken = default);

    /// <summary>One visitor, or null when there is none with this id (a point read, for pages that show one person).</summary>
    Task<Visitor?> GetVisitorAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The visitors whose supervisor is <paramref name="supervisorId"/>.</summary>
    Task<IReadOnlyList<Visitor>> GetTeamAsync(string supervisorId, CancellationToken cancellationToken = default);

    Task SaveTargetsAsync(IReadOnlyList<Target> targets, CancellationToken cancellationToken = default);

    /// <summary>Deletes these targets' rows (by grid and id), e.g. the old row of a target that moved grid.</summary>
    Task DeleteTargetsAsync(IReadOnlyList<Target> targets, CancellationToken cancellationToken = default);

    /// <summary>The targets of one grid (one partition).</summary>
    Task<IReadOnlyList<Target>> GetTargetsAsync(string grid, CancellationToken cancellationToken = default);

    /// <summary>
    /// Those of these targets of one grid that exist, in id order: one query of the partition for up to 14 ids, where
    /// reading them one by one costs a round trip each (a day page shows up to a dozen).
    /// </summary>
    Task<IReadOnlyList<Target>> GetTargetsAsync(string grid, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>One target of a grid, or null (a point read).</summary>
    Task<Target?> GetTargetAsync(string grid, string id, CancellationToken cancellationToken = default);

    Task SavePoliciesAsync(IReadOnlyList<VisitPolicy> policies, CancellationToken cancellationToken = default);

    /// <summary>The imported policies; empty when none were imported (the planner then uses the defaults).</summary>
    Task<IReadOnlyList<VisitPolicy>> GetPoliciesAsync(CancellationToken cancellationToken = default);

    Task SaveCalendarAsync(IReadOnlyList<CalendarEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The imported calendar entries (they take precedence over the shipped holiday tables).</summary>
    Task<IReadOnlyList<CalendarEntry>> GetCalendarAsync(CancellationToken cancellationToken = default);

    Task SaveDepartmentsAsync(IReadOnlyList<Department> departments, CancellationToken cancellationToken = default);

    /// <summary>The imported departments; empty when none were imported (a dispatch may then name any valid id).</summary>
    Task<IReadOnlyList<Department>> GetDepartmentsAsync(CancellationToken cancellationToken = default);
}
