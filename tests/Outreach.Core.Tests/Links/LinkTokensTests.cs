using System.Security.Cryptography;
using CsCheck;
using Outreach.Links;

namespace Outreach.Core.Tests.Links;

public class LinkTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 18, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_signed_grant_verifies_until_it_expires()
    {
        var tokens = new LinkTokens(RandomNumberGenerator.GetBytes(32));
        var token = tokens.Sign(new LinkGrant("v1", "g1~20261207~h1", Now.AddHours(1)));

        Assert.Equal(LinkCheck.Valid, tokens.Verify(token, Now, out var grant));
        Assert.Equal(("v1", "g1~20261207~h1"), (grant!.VisitorId, grant.Scope));
        Assert.Equal(LinkCheck.Expired, tokens.Verify(token, Now.AddHours(1), out _));
    }

    [Fact]
    public void After_rotation_old_links_verify_with_the_previous_key_and_new_ones_with_the_new()
    {
        var (oldKey, newKey) = (RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var before = new LinkTokens(oldKey).Sign(new LinkGrant("v1", "day:20261207", Now.AddDays(1)));
        var rotated = new LinkTokens(newKey, [oldKey]);
        var afterward = rotated.Sign(new LinkGrant("v1", "day:20261207", Now.AddDays(1)));

        Assert.Equal(LinkCheck.Valid, rotated.Verify(before, Now, out _));
        Assert.Equal(LinkCheck.Valid, rotated.Verify(afterward, Now, out _));
        Assert.Equal(LinkCheck.UnknownKey, new LinkTokens(newKey).Verify(before, Now, out _));
    }

    [Fact]
    public void A_problem_link_lasts_at_most_thirty_days_from_its_notice_and_a_copy_cannot_pass_for_the_departments_link()
    {
        var soon = LinkGrant.ForProblem("urban", "g1~20261207~e1~1", Now, Now.AddDays(6));
        var late = LinkGrant.ForProblem("urban", "g1~20261207~e1~1", Now, Now.AddDays(366));
        var copy = LinkGrant.ForProblemCopy("urban", "g1~20261207~e1~1", Now, Now.AddDays(366));

        Assert.Equal((Now.AddDays(6), Now.AddDays(30), Now.AddDays(30)), (soon.ExpiresAt, late.ExpiresAt, copy.ExpiresAt));
        Assert.Equal(("problem:g1~20261207~e1~1", "problem-cc:g1~20261207~e1~1"), (late.Scope, copy.Scope));
        var tokens = new LinkTokens(RandomNumberGenerator.GetBytes(32));
        Assert.Equal(LinkCheck.Valid, tokens.Verify(tokens.Sign(copy), Now, out var verified));
        Assert.Equal(copy, verified);
    }

    [Fact]
    public void Any_altered_character_is_refused()
    {
        var tokens = new LinkTokens(RandomNumberGenerator.GetBytes(32));
        var token = tokens.Sign(new LinkGrant("v1", "g1~20261207~h1", Now.AddDays(1)));
        Gen.Int[0, token.Length - 1].Select(Gen.Char["A-Za-z0-9_.-"]).Sample((at, c) =>
        {
            var altered = token[..at] + c + token[(at + 1)..];
            Assert.True(altered == token || tokens.Verify(altered, Now, out _) != LinkCheck.Valid, $"'{altered}' verified");
        }, iter: 2000);
    }

    [Fact]
    public void A_visit_link_expires_when_the_visit_window_closes()
    {
        var visit = new Outreach.Planning.Visit("h1", Outreach.Roster.TargetKind.Household, "g1", new DateOnly(2026, 12, 8), ["v1"], 0,
            new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 13), new DateOnly(2026, 12, 8));
        var tokens = new LinkTokens(RandomNumberGenerator.GetBytes(32));
        var token = tokens.Sign(LinkGrant.ForVisit("v1", visit));
        var lastMinute = new DateTimeOffset(2026, 12, 13, 23, 59, 0, TimeSpan.FromHours(8));

        Assert.Equal(LinkCheck.Valid, tokens.Verify(token, lastMinute, out _));
        Assert.Equal(LinkCheck.Expired, tokens.Verify(token, lastMinute.AddMinutes(1), out _));
    }

    [Fact]
    public void Any_grant_comes_back_as_it_was_signed()
    {
        var tokens = new LinkTokens(RandomNumberGenerator.GetBytes(32));
        var day = Gen.Date[new DateTime(2000, 1, 1), new DateTime(2150, 12, 31)].Select(d => LinkGrant.DayScope(DateOnly.FromDateTime(d)));
        var visit = Gen.String[Gen.Char.AlphaNumeric, 1, 40].Select(id => $"g~20261207~{id}");
        // Scopes that look like days but are not the canonical day spelling travel as plain text.
        string[] notDays = ["day:2026127", "day:20261341", "day:", "问题~P-20261207-014"];
        var other = Gen.Int[0, notDays.Length - 1].Select(i => notDays[i]);
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 60], Gen.OneOf(day, visit, other), Gen.Long[1, uint.MaxValue]).Sample((visitor, scope, expires) =>
        {
            var grant = new LinkGrant(visitor, scope, DateTimeOffset.FromUnixTimeSeconds(expires));
            Assert.Equal(LinkCheck.Valid, tokens.Verify(tokens.Sign(grant), grant.ExpiresAt.AddSeconds(-1), out var back));
            Assert.Equal(grant, back);
        }, iter: 2000);
    }

    [Fact]
    public void A_day_link_fits_in_48_characters()
    {
        var token = new LinkTokens(RandomNumberGenerator.GetBytes(32)).Sign(new LinkGrant("bh-cc-01", "day:20261127", Now.AddDays(3)));

        Assert.Equal(48, token.Length);
    }

    [Fact]
    public void Truncated_and_foreign_tokens_are_malformed()
    {
        var tokens = new LinkTokens(RandomNumberGenerator.GetBytes(32));
        var token = tokens.Sign(new LinkGrant("v1", "day:20261207", Now.AddDays(1)));

        Assert.Equal(LinkCheck.Malformed, tokens.Verify(token[..20], Now, out _));
        Assert.Equal(LinkCheck.Malformed, tokens.Verify("", Now, out _));
        Assert.Equal(LinkCheck.Malformed, tokens.Verify(null, Now, out _));
        Assert.Equal(LinkCheck.Malformed, tokens.Verify("djF8ZDRjMDk3ZDB8YmgtY2MtMDF8ZGF5OjIwMjYxMTI3fDE3OTY4MzIwMDA.UWnozoXbkFf4wR8iN4iWdw", Now, out _));
    }

    [Fact]
    public void Short_keys_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new LinkTokens(new byte[16]));
    }
}
