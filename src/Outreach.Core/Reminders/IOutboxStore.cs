namespace Outreach.Reminders;

/// <summary>Which rows to list; null means any.</summary>
public sealed record OutboxFilter(OutboxStatus? Status = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>Stored outbox rows and the deny list.</summary>
public interface IOutboxStore
{
    /// <summary>Adds the row unless one with the same key exists: true when added.</summary>
    Task<bool> AddAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Rows ordered by date, then key.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Pending and failed rows whose <see cref="OutboxMessage.NextAttemptAt"/> is at or before <paramref name="at"/>, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the row if it still has the message's <see cref="OutboxMessage.ETag"/>: the new ETag, or null when
    /// someone changed it first.
    /// </summary>
    Task<string?> TryReplaceAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the rows in a final state (not <see cref="OutboxStatuses.IsOpen"/>) dated before <paramref name="before"/>;
    /// open rows and the deny list are kept. Returns how many rows were deleted.
    /// </summary>
    Task<int> DeleteFinalAsync(DateOnly before, CancellationToken cancellationToken = default);

    /// <summary>Puts an E.164 number on the deny list (idempotent).</summary>
    Task DenyAsync(string phone, string reason, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<IReadOnlySet<string>> GetDeniedAsync(CancellationToken cancellationToken = default);

    /// <summary>The number's entry on the deny list (denied, or allowed again by a reply), or null when it has none.</summary>
    Task<DenyEntry?> GetDenyEntryAsync(string phone, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the entry if the stored one still has <see cref="DenyEntry.ETag"/> (null: only if there is none): false
    /// when another writer got there first. Rows already denied stay denied when an entry allows the number again.
    /// </summary>
    Task<bool> TryPutDenyEntryAsync(DenyEntry entry, CancellationToken cancellationToken = default);
}

/// <summary>
/// A number's standing on the deny list: <paramref name="Denied"/> (by a coordinator, or by a reply), or allowed
/// again by a reply. <paramref name="At"/> is when it was decided (for a reply, when the gateway received it), so a
/// reply handled late, after a newer one, cannot undo it. <paramref name="ByReply"/> says who decided: a reply can
/// lift only what a reply did, never a coordinator's <c>deny</c>, whatever its reason says.
/// </summary>
public sealed record DenyEntry(string Phone, bool Denied, string Reason, DateTimeOffset At, bool ByReply = false)
{
    /// <summary>The stored entry's ETag when read from a store.</summary>
    public string? ETag { get; init; }
}
