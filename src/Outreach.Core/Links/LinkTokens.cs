using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Outreach.Links;

/// <summary>What a link token grants: one visitor, for one visit (or one day of visits), until it expires.</summary>
/// <param name="VisitorId">The visitor, or for a problem link the department (or supervisor) it was sent to.</param>
/// <param name="Scope">A visit id, <c>day:yyyyMMdd</c> for every visit of that visitor on that day, or <c>problem:{id}</c>.</param>
public sealed record LinkGrant(string VisitorId, string Scope, DateTimeOffset ExpiresAt)
{
    public static string DayScope(DateOnly day) => "day:" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string ProblemScope(string problemId) => "problem:" + problemId;

    /// <summary>A link for one problem, sent to <paramref name="recipientId"/> with a dispatch or escalation notice.</summary>
    public static LinkGrant ForProblem(string recipientId, string problemId, DateTimeOffset expiresAt) =>
        new(recipientId, ProblemScope(problemId), expiresAt);

    /// <summary>A link for one visit, valid until its cadence window closes (midnight after its last day, China time).</summary>
    public static LinkGrant ForVisit(string visitorId, Planning.Visit visit) =>
        new(visitorId, visit.Id, WindowClose(visit.WindowEnd));

    /// <summary>A link for all of a visitor's visits on one day, valid until the latest of their windows closes.</summary>
    public static LinkGrant ForDay(string visitorId, DateOnly day, IEnumerable<Planning.Visit> visits) =>
        new(visitorId, DayScope(day), WindowClose(visits.Select(v => v.WindowEnd).DefaultIfEmpty(day).Max()));

    private static DateTimeOffset WindowClose(DateOnly lastDay) =>
        new(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), Calendar.ChinaTime.Offset);
}

public enum LinkCheck
{
    Valid,
    Malformed,
    BadSignature,
    UnknownKey,
    Expired,
}

/// <summary>
/// Compact signed tokens for the links in reminder SMS: <c>payload.signature</c>, both base64url, where the
/// payload is <c>v1|keyId|visitorId|scope|expiresUnixSeconds</c> and the signature HMAC-SHA256 over it,
/// truncated to 128 bits.
/// </summary>
/// <remarks>
/// Key rotation: tokens name the key that signed them (the first 8 hex digits of its SHA-256). Sign with the
/// current key and keep the previous key among the verification keys until every link it signed has
/// expired (at most one cadence window), then drop it.
/// </remarks>
public sealed class LinkTokens
{
    public const int MinKeyBytes = 32;

    private readonly byte[] _current;
    private readonly string _currentId;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <param name="currentKey">The signing key.</param>
    /// <param name="previousKeys">Keys still accepted for verification.</param>
    public LinkTokens(byte[] currentKey, IEnumerable<byte[]>? previousKeys = null)
    {
        foreach (var key in (previousKeys ?? []).Prepend(currentKey))
        {
            if (key.Length < MinKeyBytes)
            {
                throw new ArgumentException($"A link signing key needs at least {MinKeyBytes} bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`).", nameof(currentKey));
            }
            _keys[KeyId(key)] = key;
        }
        _current = currentKey;
        _currentId = KeyId(currentKey);
    }

    public string Sign(LinkGrant grant)
    {
        var payload = string.Join('|', "v1", _currentId, grant.VisitorId, grant.Scope,
            grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var bytes = Encoding.UTF8.GetBytes(payload);
        return $"{Base64Url(bytes)}.{Base64Url(Mac(_current, bytes))}";
    }

    /// <summary>Checks signature and expiry; the grant is returned only when <see cref="LinkCheck.Valid"/>.</summary>
    public LinkCheck Verify(string? token, DateTimeOffset now, out LinkGrant? grant)
    {
        grant = null;
        var parts = token?.Split('.');
        if (parts is not { Length: 2 } || !TryFromBase64Url(parts[0], out var payload) || !TryFromBase64Url(parts[1], out var signature))
        {
            return LinkCheck.Malformed;
        }
        var fields = Encoding.UTF8.GetString(payload).Split('|');
        if (fields is not ["v1", var keyId, var visitor, var scope, var expires]
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return LinkCheck.Malformed;
        }
        if (!_keys.TryGetValue(keyId, out var key))
        {
            return LinkCheck.UnknownKey;
        }
        if (!CryptographicOperations.FixedTimeEquals(Mac(key, payload), signature))
        {
            return LinkCheck.BadSignature;
        }
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(unix);
        if (now >= expiresAt)
        {
            return LinkCheck.Expired;
        }
        grant = new LinkGrant(visitor, scope, expiresAt);
        return LinkCheck.Valid;
    }

    /// <summary>
    /// HMAC-SHA256 truncated to 128 bits (RFC 2104 §5 allows truncation to at least half the hash): the
    /// link rides in an SMS, where every character counts, and 2^128 forgery work is ample.
    /// </summary>
    private static byte[] Mac(byte[] key, byte[] payload) => HMACSHA256.HashData(key, payload)[..16];

    private static string KeyId(byte[] key) => Convert.ToHexString(SHA256.HashData(key))[..8].ToLowerInvariant();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        bytes = new byte[padded.Length];
        var ok = Convert.TryFromBase64String(padded, bytes, out var written);
        bytes = ok ? bytes[..written] : [];
        // Only the canonical spelling: otherwise the unused low bits of the last character would let one
        // token be written several ways.
        return ok && written > 0 && Base64Url(bytes) == text;
    }
}
