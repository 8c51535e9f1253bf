using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Outreach.Links;

/// <summary>
/// What a link token grants, until it expires: one visitor's visit or day of visits, a department's problem (or a copy
/// of it), a supervisor's read-only view of their people's late visits, a target's request page, or the requester's
/// rating of one fix.
/// </summary>
/// <param name="VisitorId">The visitor, for a problem link the department (or supervisor) it was sent to, for a request or rating link the target.</param>
/// <param name="Scope">
/// A visit id, <c>day:yyyyMMdd</c> for every visit of that visitor on that day, <c>problem:{id}</c> for the department
/// a problem is with, <c>problem-cc:{id}</c> for a read-only copy, or <c>team:yyyyMMdd</c> for a supervisor's read-only
/// view of their people's visits still without an outcome.
/// </param>
public sealed record LinkGrant(string VisitorId, string Scope, DateTimeOffset ExpiresAt)
{
    /// <summary>
    /// The longest a problem link lives, counted from its notice: a department with longer due days gets a fresh
    /// link with the escalation notice, or the coordinator steps for it.
    /// </summary>
    public const int MaxProblemLinkDays = 30;

    public static string DayScope(DateOnly day) => "day:" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string ProblemScope(string problemId) => "problem:" + problemId;

    public static string ProblemCopyScope(string problemId) => "problem-cc:" + problemId;

    public static string TeamScope(DateOnly day) => "team:" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary><c>request:{grid}~{generation}</c>: a target's request link (the target is the grant's id).</summary>
    public static string RequestScope(string grid, int generation) =>
        string.Create(CultureInfo.InvariantCulture, $"request:{grid}~{generation}");

    /// <summary><c>rate:{problemId}</c>: the requester's link to rate the fix of one problem.</summary>
    public static string RateScope(string problemId) => "rate:" + problemId;

    /// <summary>
    /// When a request link runs out: never in practice (the token's clock ends in 2106). Such a link is revoked by
    /// rotating its target's generation instead, and rotating the signing key revokes every one (reprint them all).
    /// </summary>
    public static readonly DateTimeOffset RequestLinkExpiry = new(2099, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The long-lived link an enterprise or household places requests with (企业下单、居民点单), printed as a QR code on the
    /// 党群服务站 door: valid while <paramref name="generation"/> is its target's current one.
    /// </summary>
    public static LinkGrant ForRequests(string targetId, string grid, int generation) => new(targetId, RequestScope(grid, generation), RequestLinkExpiry);

    /// <summary>The requester's link to rate the fix of <paramref name="problemId"/> (评价反馈), until <paramref name="expiresAt"/>.</summary>
    public static LinkGrant ForRating(string targetId, string problemId, DateTimeOffset expiresAt) => new(targetId, RateScope(problemId), expiresAt);

    /// <summary>
    /// A supervisor's read-only link to the visits of the people they supervise that are still waiting for an outcome as
    /// of <paramref name="day"/> (the overdue digest): valid for a week, while the digest is still worth reading.
    /// </summary>
    public static LinkGrant ForTeam(string supervisorId, DateOnly day) => new(supervisorId, TeamScope(day), WindowClose(day.AddDays(7)));

    /// <summary>
    /// A link for the department a problem is with, sent with a dispatch or escalation notice at
    /// <paramref name="sentAt"/>: until <paramref name="expiresAt"/>, and never more than <see cref="MaxProblemLinkDays"/>.
    /// </summary>
    public static LinkGrant ForProblem(string departmentId, string problemId, DateTimeOffset sentAt, DateTimeOffset expiresAt) =>
        new(departmentId, ProblemScope(problemId), Capped(sentAt, expiresAt));

    /// <summary>
    /// A read-only link for a copy of a problem's notice (the supervisor's 抄送): it opens the problem but takes no
    /// step, whatever the recipient's id, since visitor and department ids share one format.
    /// </summary>
    public static LinkGrant ForProblemCopy(string recipientId, string problemId, DateTimeOffset sentAt, DateTimeOffset expiresAt) =>
        new(recipientId, ProblemCopyScope(problemId), Capped(sentAt, expiresAt));

    /// <summary>A link for one visit, valid until its cadence window closes (midnight after its last day, China time).</summary>
    public static LinkGrant ForVisit(string visitorId, Planning.Visit visit) =>
        new(visitorId, visit.Id, WindowClose(visit.WindowEnd));

    /// <summary>A link for all of a visitor's visits on one day, valid until the latest of their windows closes.</summary>
    public static LinkGrant ForDay(string visitorId, DateOnly day, IEnumerable<Planning.Visit> visits) =>
        new(visitorId, DayScope(day), WindowClose(visits.Select(v => v.WindowEnd).DefaultIfEmpty(day).Max()));

    /// <summary>
    /// Whether the link reads and reports <paramref name="visitId"/>: a link to that visit, or a day link for the
    /// visit's day (the visitor's assignment is checked on the stored visit).
    /// </summary>
    public bool CoversVisit(string visitId) =>
        Scope == visitId || (Planning.VisitId.TryParse(visitId, out _, out var day, out _) && Scope == DayScope(day));

    /// <summary>Whether the link opens problem <paramref name="problemId"/>: the department's link or a read-only copy.</summary>
    public bool OpensProblem(string problemId) => Scope == ProblemScope(problemId) || Scope == ProblemCopyScope(problemId);

    /// <summary>Whether the link takes the department's steps on problem <paramref name="problemId"/> (a copy only reads).</summary>
    public bool ActsOnProblem(string problemId) => Scope == ProblemScope(problemId);

    /// <summary>The day of a day link; null for any other scope.</summary>
    public DateOnly? Day =>
        Scope.StartsWith("day:", StringComparison.Ordinal)
        && DateOnly.TryParseExact(Scope[4..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
        && DayScope(day) == Scope
            ? day
            : null;

    /// <summary>The day of a supervisor's team link; null for any other scope.</summary>
    public DateOnly? TeamDay =>
        Scope.StartsWith("team:", StringComparison.Ordinal)
        && DateOnly.TryParseExact(Scope[5..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
        && TeamScope(day) == Scope
            ? day
            : null;

    /// <summary>The grid and generation of a request link (the target is <see cref="VisitorId"/>); null for any other scope.</summary>
    public (string Grid, int Generation)? Requests =>
        Scope.StartsWith("request:", StringComparison.Ordinal)
        && Scope["request:".Length..].Split('~') is [var grid, var number]
        && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
        && RequestScope(grid, generation) == Scope
            ? (grid, generation)
            : null;

    /// <summary>The problem a rating link rates; null for any other scope.</summary>
    public string? RatedProblemId => Scope.StartsWith("rate:", StringComparison.Ordinal) ? Scope["rate:".Length..] : null;

    /// <summary>The problem of a problem link or copy; null for any other scope.</summary>
    public string? ProblemId =>
        Scope.StartsWith("problem:", StringComparison.Ordinal) ? Scope["problem:".Length..]
        : Scope.StartsWith("problem-cc:", StringComparison.Ordinal) ? Scope["problem-cc:".Length..]
        : null;

    private static DateTimeOffset Capped(DateTimeOffset sentAt, DateTimeOffset expiresAt) =>
        expiresAt < sentAt.AddDays(MaxProblemLinkDays) ? expiresAt : sentAt.AddDays(MaxProblemLinkDays);

    private static DateTimeOffset WindowClose(DateOnly lastDay) =>
        new(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), Calendar.ChinaTime.Offset);
}

/// <summary>Why a link token was accepted or not: only <see cref="Valid"/> opens anything.</summary>
public enum LinkCheck
{
    Valid,
    Malformed,
    BadSignature,
    UnknownKey,
    Expired,
}

/// <summary>
/// Compact signed tokens for the links in reminder SMS, where every character costs: one base64url string of a
/// binary payload followed by its HMAC-SHA256, truncated to 128 bits. The payload is
/// <c>version (1 byte) · key id (3) · expiry, Unix seconds (4) · visitor id length (1) · visitor id (UTF-8) · scope</c>,
/// where a day scope (<c>day:yyyyMMdd</c>) is <c>'D'</c> and the day number since 2000-01-01 (2 bytes) and any
/// other scope (a visit id, <c>problem:…</c>, <c>problem-cc:…</c>, <c>team:…</c>) is <c>'S'</c> and its UTF-8. A day link for a typical visitor id is 48 characters.
/// </summary>
/// <remarks>
/// Key rotation: tokens name the key that signed them (the first 3 bytes of its SHA-256). Sign with the
/// current key and keep the previous key among the verification keys until every link it signed has
/// expired, then drop it: the longer of the longest cadence window (a visit link lives until its window
/// closes) and <see cref="LinkGrant.MaxProblemLinkDays"/> (a problem link) after the rotation.
/// </remarks>
public sealed class LinkTokens
{
    public const int MinKeyBytes = 32;

    private const byte Version = 2;
    private const int KeyIdBytes = 3;
    private const int MacBytes = 16;
    private const int HeaderBytes = 1 + KeyIdBytes + 4 + 1;
    private const byte DayTag = (byte)'D';
    private const byte ScopeTag = (byte)'S';
    private static readonly DateOnly DayZero = new(2000, 1, 1);

    private readonly byte[] _current;
    private readonly int _currentId;
    private readonly Dictionary<int, byte[]> _keys = [];

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
            if (_keys.TryGetValue(KeyId(key), out var known) && !known.AsSpan().SequenceEqual(key))
            {
                throw new ArgumentException("Two link signing keys share a key id (1 in 16 million): generate a new current key.", nameof(previousKeys));
            }
            _keys[KeyId(key)] = key;
        }
        _current = currentKey;
        _currentId = KeyId(currentKey);
    }

    public string Sign(LinkGrant grant)
    {
        var visitor = Encoding.UTF8.GetBytes(grant.VisitorId);
        if (visitor.Length > byte.MaxValue)
        {
            throw new ArgumentException($"Visitor id '{grant.VisitorId}' is longer than {byte.MaxValue} bytes.", nameof(grant));
        }
        var payload = new List<byte>(HeaderBytes + visitor.Length + 16) { Version };
        payload.AddRange([(byte)_currentId, (byte)(_currentId >> 8), (byte)(_currentId >> 16)]);
        var expires = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(expires, checked((uint)grant.ExpiresAt.ToUnixTimeSeconds()));
        payload.AddRange(expires);
        payload.Add((byte)visitor.Length);
        payload.AddRange(visitor);
        if (grant.Day is { } day)
        {
            var days = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(days, checked((ushort)(day.DayNumber - DayZero.DayNumber)));
            payload.Add(DayTag);
            payload.AddRange(days);
        }
        else
        {
            payload.Add(ScopeTag);
            payload.AddRange(Encoding.UTF8.GetBytes(grant.Scope));
        }
        var bytes = payload.ToArray();
        return Base64Url([.. bytes, .. Mac(_current, bytes)]);
    }

    /// <summary>Checks signature and expiry; the grant is returned only when <see cref="LinkCheck.Valid"/>.</summary>
    public LinkCheck Verify(string? token, DateTimeOffset now, out LinkGrant? grant)
    {
        var check = Inspect(token, now, out grant);
        grant = check == LinkCheck.Valid ? grant : null;
        return check;
    }

    /// <summary>
    /// Like <see cref="Verify"/>, but an expired link's grant is returned too, so that a page can say whose link it
    /// was and when it ran out. Never treat that grant as a credential.
    /// </summary>
    public LinkCheck Inspect(string? token, DateTimeOffset now, out LinkGrant? grant)
    {
        grant = null;
        if (token is null || !TryFromBase64Url(token, out var bytes) || bytes.Length < HeaderBytes + 1 + MacBytes || bytes[0] != Version)
        {
            return LinkCheck.Malformed;
        }
        var payload = bytes.AsSpan(0, bytes.Length - MacBytes);
        var signature = bytes.AsSpan(bytes.Length - MacBytes);
        var keyId = payload[1] | payload[2] << 8 | payload[3] << 16;
        if (!_keys.TryGetValue(keyId, out var key))
        {
            return LinkCheck.UnknownKey;
        }
        if (!CryptographicOperations.FixedTimeEquals(Mac(key, payload.ToArray()), signature))
        {
            return LinkCheck.BadSignature;
        }
        // Signed by us, so well formed; checked anyway, since a verifier should not trust its own past bugs.
        var visitorLength = payload[HeaderBytes - 1];
        if (payload.Length < HeaderBytes + visitorLength + 1)
        {
            return LinkCheck.Malformed;
        }
        var rest = payload[(HeaderBytes + visitorLength)..];
        if (rest[0] is not (DayTag or ScopeTag) || (rest[0] == DayTag && rest.Length != 3))
        {
            return LinkCheck.Malformed;
        }
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(payload[(1 + KeyIdBytes)..]));
        var scope = rest[0] == DayTag
            ? LinkGrant.DayScope(DayZero.AddDays(BinaryPrimitives.ReadUInt16BigEndian(rest[1..])))
            : Encoding.UTF8.GetString(rest[1..]);
        grant = new LinkGrant(Encoding.UTF8.GetString(payload.Slice(HeaderBytes, visitorLength)), scope, expiresAt);
        return now >= expiresAt ? LinkCheck.Expired : LinkCheck.Valid;
    }

    /// <summary>The key new tokens are signed with, for other uses of it (<see cref="Derive"/>).</summary>
    internal byte[] CurrentKey => _current;

    /// <summary>Every key still accepted, the current one first: what an earlier key made is still found.</summary>
    internal IEnumerable<byte[]> AcceptedKeys => _keys.Values.OrderByDescending(k => ReferenceEquals(k, _current));

    /// <summary>
    /// A MAC of <paramref name="text"/> for another use of a signing key, named by <paramref name="purpose"/> so that no
    /// two uses can stand in for each other (the codes that stand for links).
    /// </summary>
    internal static byte[] Derive(byte[] key, string purpose, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose + "\n" + text));

    /// <summary>
    /// HMAC-SHA256 truncated to 128 bits (RFC 2104 §5 allows truncation to at least half the hash): the
    /// link rides in an SMS, where every character counts, and 2^128 forgery work is ample.
    /// </summary>
    private static byte[] Mac(byte[] key, byte[] payload) => HMACSHA256.HashData(key, payload)[..MacBytes];

    private static int KeyId(byte[] key)
    {
        var hash = SHA256.HashData(key);
        return hash[0] | hash[1] << 8 | hash[2] << 16;
    }

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
