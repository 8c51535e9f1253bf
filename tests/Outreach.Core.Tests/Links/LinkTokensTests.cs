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
    public void Short_keys_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new LinkTokens(new byte[16]));
    }
}
