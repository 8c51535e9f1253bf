namespace Outreach.Planning;

/// <summary>
/// Stored visits. Keys serve three queries: one grid's days, one target's history, and one visitor's days,
/// which are found in the grids the visitor covers.
/// </summary>
public interface IVisitStore
{
    /// <summary>Visits of one grid dated within [from, to], ordered by date then target.</summary>
    Task<IReadOnlyList<Visit>> GetGridVisitsAsync(string grid, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Visits one visitor is assigned to, dated within [from, to], ordered by date then grid then target. A
    /// visitor's visits are found in the grids they cover: the caller passes them (<see cref="Roster.Visitor.Grids"/>)
    /// and each is searched as a day range within that grid's visits; visits in other grids are not found.
    /// </summary>
    Task<IReadOnlyList<Visit>> GetVisitorVisitsAsync(string visitorId, IReadOnlyCollection<string> grids, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Every stored visit of one target, oldest first.</summary>
    Task<IReadOnlyList<Visit>> GetTargetVisitsAsync(string grid, string targetId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The visits of some targets of one grid dated within [from, to], oldest first: one query over a day range of the
    /// grid, not its whole history.
    /// </summary>
    Task<IReadOnlyList<Visit>> GetTargetVisitsAsync(string grid, IReadOnlyCollection<string> targetIds, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    Task<Visit?> GetVisitAsync(string visitId, CancellationToken cancellationToken = default);

    /// <summary>A visit with the ETag of its stored row, for updates that must not overwrite another's.</summary>
    Task<StoredVisit?> GetStoredVisitAsync(string visitId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a visit's row if it still has <paramref name="etag"/>: the new ETag, or null when someone
    /// changed it first.
    /// </summary>
    Task<string?> TryReplaceAsync(Visit visit, string etag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a visit's row if it still has <paramref name="etag"/> and stores the problems its outcome
    /// raised, all in one transaction: everything is written, or nothing. Problems already stored under the
    /// same id are left as they are (their workflow may have moved on). The new ETag, or null when the visit
    /// changed first or a problem appeared meanwhile (nothing written).
    /// </summary>
    /// <param name="problems">Problems in the visit's grid (the same partition), at most 99.</param>
    Task<string?> TryReplaceWithProblemsAsync(Visit visit, string etag, IReadOnlyList<Problems.Problem> problems, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a plan's changes: upserts and deletes, in entity-group batches per partition. Re-applying the
    /// same changes leaves the same rows. A visit that carries the <see cref="Visit.ETag"/> it was read with
    /// is written only if its row is unchanged; otherwise <see cref="ConcurrentChangeException"/>.
    /// </summary>
    Task ApplyAsync(IReadOnlyList<Visit> upserts, IReadOnlyList<Visit> deletes, CancellationToken cancellationToken = default);
}

/// <summary>A stored visit and the ETag its row had when read.</summary>
public sealed record StoredVisit(Visit Visit, string ETag);

/// <summary>
/// A stored visit changed after it was read (an outcome arrived while a plan was being made): nothing of
/// that partition was written; read again and plan again.
/// </summary>
public sealed class ConcurrentChangeException(string message, Exception? inner = null) : Exception(message, inner);
