using System.Globalization;
using Outreach.Calendar;
using Outreach.Roster;

namespace Outreach.Links;

/// <summary>Why a typed code opened nothing.</summary>
public enum CodeRefusal
{
    /// <summary>Opened: the redemption carries the link token.</summary>
    None,

    /// <summary>Not eight symbols of the code alphabet, or not four digits: nothing was looked up or counted.</summary>
    Malformed,

    /// <summary>No code with these digits. Said the same whether the code exists or not, so a guess learns nothing.</summary>
    Wrong,

    /// <summary>Code and digits are right, but what it stood for has expired.</summary>
    Expired,

    /// <summary>Code and digits are right, but too many wrong digits were tried with the code first: it is locked.</summary>
    Locked,

    /// <summary>Too many failed attempts from this client this hour, or from everyone today: nothing was looked up.</summary>
    TooManyTries,
}

/// <summary>What typing a code did: the signed link token to open when <see cref="Refusal"/> is <see cref="CodeRefusal.None"/>.</summary>
public sealed record CodeRedemption(CodeRefusal Refusal, string? Token = null, LinkGrant? Grant = null)
{
    public bool Opened => Refusal == CodeRefusal.None;
}

/// <summary>
/// Codes that stand for links (<see cref="LinkCode"/>): issued with a message, typed with the last four digits of the
/// phone that received it on the entry page, which then opens the page the link would have opened.
/// </summary>
/// <remarks>
/// <para>
/// A code is derived from the message's outbox key under the link signing key, so a rerun of the same message gives the
/// same code and stores nothing new. The store holds a keyed hash of it, never the code, and a keyed hash of the
/// digits. It stands for the same grant as the link (visitor, scope, expiry), its life capped at
/// <see cref="LinkGrant.MaxProblemLinkDays"/> days.
/// </para>
/// <para>
/// Guessing. Only failed attempts are counted: <see cref="MaxFailuresPerClientHour"/> per client an hour, and
/// <see cref="MaxFailuresPerDay"/> from everyone in a China day, after which nothing is looked up until the next day
/// (the price: a flood of guesses shuts the page for everyone until midnight; the link-free SMS still names the
/// coordinator). Each guess is a code and four digits, and a wrong pair is answered alike whether the code exists or not,
/// so with L codes alive a guess succeeds with chance L / (32^8 × 10^4), and a year of guesses within the daily limit
/// with chance at most 365 × 10,000 × L / (1.1 × 10^16) = L × 3.3 × 10^-10. A district of 2,000 visitors, each sent at
/// most three codes a day that live 30 days, holds L ≤ 180,000 live codes: 6 in 100,000 a year, below 1 in 10,000 while
/// L stays under 300,000. Five wrong digits lock a code, so even someone who learned a code (a photo of the SMS)
/// cannot try all 10,000 endings.
/// </para>
/// </remarks>
public sealed class LinkCodeService(ILinkCodeStore store, LinkTokens tokens, TimeProvider clock)
{
    public const int MaxTriesPerCode = 5;
    public const int MaxFailuresPerClientHour = 10;
    public const int MaxFailuresPerDay = 10_000;

    /// <summary>
    /// The code for message <paramref name="messageId"/> (its outbox key), standing for <paramref name="grant"/> and sent to
    /// <paramref name="phone"/> (E.164): stored if it is not already.
    /// </summary>
    public async Task<string> IssueAsync(string messageId, LinkGrant grant, string phone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var digits = LastFour(phone) ?? throw new ArgumentException($"Message {messageId}: '{Phones.Mask(phone)}' has no four digits to check a code against.", nameof(phone));
        var key = tokens.CurrentKey;
        var code = LinkCode.Format(LinkTokens.Derive(key, "code", messageId));
        var lookup = Lookup(key, LinkCode.Normalize(code)!);
        var longest = clock.GetUtcNow().AddDays(LinkGrant.MaxProblemLinkDays);
        await store.AddAsync(new StoredLinkCode(lookup, grant.VisitorId, grant.Scope, grant.ExpiresAt < longest ? grant.ExpiresAt : longest, PhoneCheck(key, lookup, digits)), cancellationToken);
        return code;
    }

    /// <summary>
    /// The link a typed code opens, checked against the last four digits typed with it; <paramref name="client"/> names
    /// who is typing (the client's address) for the per-client limit.
    /// </summary>
    public async Task<CodeRedemption> RedeemAsync(string? typedCode, string? typedDigits, string client, CancellationToken cancellationToken = default)
    {
        var code = LinkCode.Normalize(typedCode);
        var digits = typedDigits?.Trim() is { Length: 4 } d && d.All(char.IsAsciiDigit) ? d : null;
        if (code is null || digits is null)
        {
            return new(CodeRefusal.Malformed);
        }
        var now = clock.GetUtcNow();
        var local = now.ToOffset(ChinaTime.Offset);
        var day = "day-" + local.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var perClient = "client-" + Hex(LinkTokens.Derive(tokens.CurrentKey, "code-client", client))[..16] + "-" + local.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        if (await store.CountAsync(day, cancellationToken) >= MaxFailuresPerDay
            || await store.CountAsync(perClient, cancellationToken) >= MaxFailuresPerClientHour)
        {
            return new(CodeRefusal.TooManyTries);
        }
        foreach (var key in tokens.AcceptedKeys)
        {
            var lookup = Lookup(key, code);
            if (await store.GetAsync(lookup, cancellationToken) is not { } stored)
            {
                continue;
            }
            if (stored.PhoneCheck == PhoneCheck(key, lookup, digits))
            {
                return stored.Failures >= MaxTriesPerCode ? new(CodeRefusal.Locked)
                    : now >= stored.ExpiresAt ? new(CodeRefusal.Expired, Grant: stored.Grant)
                    : new(CodeRefusal.None, tokens.Sign(stored.Grant), stored.Grant);
            }
            // One try more on a code someone knows: counted once, whoever wins a race to the row.
            await store.TryCountFailureAsync(stored, cancellationToken);
        }
        await store.IncrementAsync(perClient, cancellationToken);
        await store.IncrementAsync(day, cancellationToken);
        return new(CodeRefusal.Wrong);
    }

    /// <summary>Where a code is stored: a keyed hash, so that the table alone tells nobody a code.</summary>
    internal static string Lookup(byte[] key, string normalizedCode) => Hex(LinkTokens.Derive(key, "code-lookup", normalizedCode));

    private static string PhoneCheck(byte[] key, string lookup, string digits) => Hex(LinkTokens.Derive(key, "code-phone", lookup + "|" + digits));

    private static string? LastFour(string phone) =>
        phone.Where(char.IsAsciiDigit).ToArray() is { Length: >= 4 } all ? new string(all[^4..]) : null;

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
