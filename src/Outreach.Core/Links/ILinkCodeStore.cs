namespace Outreach.Links;

/// <summary>
/// Stored codes, keyed by a keyed hash of the code (never the code itself), and the counters of failed attempts that
/// bound guessing (<see cref="LinkCodeService"/>).
/// </summary>
public interface ILinkCodeStore
{
    /// <summary>Stores the code unless its lookup is stored already (a rerun of the same message): true when added.</summary>
    Task<bool> AddAsync(StoredLinkCode code, CancellationToken cancellationToken = default);

    /// <summary>The code stored under <paramref name="lookup"/>, with its row's ETag; null when there is none.</summary>
    Task<StoredLinkCode?> GetAsync(string lookup, CancellationToken cancellationToken = default);

    /// <summary>Adds one to the code's failed tries if its row still has <see cref="StoredLinkCode.ETag"/>: false when it changed first.</summary>
    Task<bool> TryCountFailureAsync(StoredLinkCode code, CancellationToken cancellationToken = default);

    /// <summary>The failed attempts counted in <paramref name="bucket"/> (0 when none).</summary>
    Task<int> CountAsync(string bucket, CancellationToken cancellationToken = default);

    /// <summary>Counts one more failed attempt in <paramref name="bucket"/>, however many count at once: the new count.</summary>
    Task<int> IncrementAsync(string bucket, CancellationToken cancellationToken = default);
}

/// <summary>
/// What a code stands for: the grant of the link it replaces (<see cref="LinkGrant"/>), and the check of the last four
/// digits of the phone it was sent to, which whoever types the code must know too.
/// </summary>
/// <param name="Lookup">A keyed hash of the code (hex): the store never sees a code.</param>
/// <param name="PhoneCheck">A keyed hash of the lookup and the phone's last four digits (hex).</param>
/// <param name="Failures">Tries with this code and the wrong digits: at <see cref="LinkCodeService.MaxTriesPerCode"/> the code is locked.</param>
public sealed record StoredLinkCode(string Lookup, string VisitorId, string Scope, DateTimeOffset ExpiresAt, string PhoneCheck, int Failures = 0)
{
    /// <summary>The stored row's ETag when read from a store.</summary>
    public string? ETag { get; init; }

    public LinkGrant Grant => new(VisitorId, Scope, ExpiresAt);
}
