using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Outreach.Links;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Links;

/// <summary>Codes that stand for links: issued with a message, typed with the phone's last four digits, and guessed at in vain.</summary>
public class LinkCodeServiceTests
{
    private const string Phone = "+8613800138001";
    private const string Message = "20261207~evening-digest~v1~day";
    private static readonly DateTimeOffset Evening = new(2026, 12, 7, 18, 0, 0, TimeSpan.FromHours(8));
    private static readonly LinkGrant Day = new("v1", "day:20261208", Evening.AddDays(3));

    private readonly InMemoryStores _stores = new();
    private readonly FakeTimeProvider _clock = new(Evening);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public async Task A_message_gets_one_code_however_often_it_is_composed_and_the_store_never_sees_it()
    {
        var service = Service();

        var code = await service.IssueAsync(Message, Day, Phone);
        var again = await service.IssueAsync(Message, Day, Phone);
        var other = await service.IssueAsync("20261207~evening-digest~v2~day", Day with { VisitorId = "v2" }, Phone);

        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", code);
        Assert.Equal(code, again);
        Assert.NotEqual(code, other);
        var stored = Assert.Single(await AllCodesAsync(code, other), c => c.VisitorId == "v1");
        Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), stored.Lookup, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("^[0-9a-f]{64}$", stored.PhoneCheck);
        Assert.DoesNotContain("13800138001", stored.PhoneCheck, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("{1}")]
    [InlineData(" {1} ")]
    [InlineData("{2}")]
    public async Task The_code_and_the_last_four_digits_open_the_link_it_stands_for_however_the_code_is_typed(string typing)
    {
        var service = Service();
        var code = await service.IssueAsync(Message, Day, Phone);
        var bare = code.Replace("-", "", StringComparison.Ordinal);
        var typed = string.Format(System.Globalization.CultureInfo.InvariantCulture, typing, code, bare.ToLowerInvariant(), string.Join(' ', bare.Chunk(2).Select(c => new string(c))));

        var opened = await service.RedeemAsync(typed, "8001", "client-a");

        Assert.True(opened.Opened, opened.Refusal.ToString());
        Assert.Equal(LinkCheck.Valid, new LinkTokens(_key).Verify(opened.Token, Evening, out var grant));
        Assert.Equal(Day, grant);
    }

    [Fact]
    public async Task Look_alike_letters_read_as_the_digits_they_resemble()
    {
        Assert.Equal("01100000", LinkCode.Normalize("OIL0-0000"));
        Assert.Equal("K7QM4TXA", LinkCode.Normalize("k7qm－4txa"));
        Assert.Null(LinkCode.Normalize("K7QM-4TXU"));
        Assert.Null(LinkCode.Normalize("K7QM-4TX"));
        Assert.Null(LinkCode.Normalize("K7QM-4TXAB"));
        Assert.Null(LinkCode.Normalize(null));
        Assert.Equal(CodeRefusal.Malformed, (await Service().RedeemAsync("K7QM-4TXA", "80O1", "client-a")).Refusal);
        Assert.Equal(0, await _stores.Codes.CountAsync("day-20261207"));
    }

    [Fact]
    public async Task A_wrong_code_and_wrong_digits_get_the_same_answer_and_are_both_counted()
    {
        var service = Service();
        var code = await service.IssueAsync(Message, Day, Phone);

        var wrongDigits = await service.RedeemAsync(code, "0000", "client-a");
        var wrongCode = await service.RedeemAsync(Flip(code), "8001", "client-a");

        Assert.Equal((CodeRefusal.Wrong, CodeRefusal.Wrong), (wrongDigits.Refusal, wrongCode.Refusal));
        Assert.Equal((null, null), (wrongDigits.Token, wrongCode.Token));
        Assert.Equal(2, await _stores.Codes.CountAsync("day-20261207"));
    }

    [Fact]
    public async Task Five_wrong_endings_lock_a_code_even_for_its_owner()
    {
        var service = Service();
        var code = await service.IssueAsync(Message, Day, Phone);

        for (var i = 0; i < LinkCodeService.MaxTriesPerCode; i++)
        {
            Assert.Equal(CodeRefusal.Wrong, (await service.RedeemAsync(code, $"{i:D4}", $"client-{i}")).Refusal);
        }

        Assert.Equal(CodeRefusal.Locked, (await service.RedeemAsync(code, "8001", "client-owner")).Refusal);
    }

    [Fact]
    public async Task Ten_failures_from_one_client_shut_it_out_for_the_rest_of_the_hour_and_no_one_else()
    {
        var service = Service();
        var code = await service.IssueAsync(Message, Day, Phone);
        for (var i = 0; i < LinkCodeService.MaxFailuresPerClientHour; i++)
        {
            await service.RedeemAsync(Flip(code), "8001", "client-a");
        }

        var blocked = await service.RedeemAsync(code, "8001", "client-a");
        var other = await service.RedeemAsync(code, "8001", "client-b");
        _clock.Advance(TimeSpan.FromHours(1));
        var nextHour = await service.RedeemAsync(code, "8001", "client-a");

        Assert.Equal((CodeRefusal.TooManyTries, true, true), (blocked.Refusal, other.Opened, nextHour.Opened));
    }

    [Fact]
    public async Task After_the_days_failures_from_everyone_nothing_is_looked_up_until_midnight()
    {
        var service = Service();
        var code = await service.IssueAsync(Message, Day, Phone);
        for (var i = 0; i < LinkCodeService.MaxFailuresPerDay; i++)
        {
            await _stores.Codes.IncrementAsync("day-20261207");
        }

        var tonight = await service.RedeemAsync(code, "8001", "client-a");
        _clock.Advance(TimeSpan.FromHours(6));
        var tomorrow = await service.RedeemAsync(code, "8001", "client-a");

        Assert.Equal((CodeRefusal.TooManyTries, true), (tonight.Refusal, tomorrow.Opened));
    }

    [Fact]
    public async Task An_expired_code_says_so_to_whoever_knows_it_and_counts_no_failure()
    {
        var service = Service();
        var code = await service.IssueAsync(Message, Day, Phone);
        _clock.Advance(TimeSpan.FromDays(3));

        var late = await service.RedeemAsync(code, "8001", "client-a");

        Assert.Equal((CodeRefusal.Expired, Day), (late.Refusal, late.Grant));
        Assert.Null(late.Token);
        Assert.Equal(0, await _stores.Codes.CountAsync("day-20261210"));
    }

    [Fact]
    public async Task A_code_lives_as_long_as_its_link_but_never_more_than_thirty_days()
    {
        var service = Service();
        var code = await service.IssueAsync(Message, Day with { ExpiresAt = Evening.AddDays(90) }, Phone);

        _clock.Advance(TimeSpan.FromDays(LinkGrant.MaxProblemLinkDays));

        Assert.Equal(CodeRefusal.Expired, (await service.RedeemAsync(code, "8001", "client-a")).Refusal);
    }

    [Fact]
    public async Task A_code_issued_before_a_key_rotation_still_opens_its_link()
    {
        var code = await Service().IssueAsync(Message, Day, Phone);
        var rotated = new LinkCodeService(_stores.Codes, new LinkTokens(RandomNumberGenerator.GetBytes(32), [_key]), _clock);

        Assert.True((await rotated.RedeemAsync(code, "8001", "client-a")).Opened);
        Assert.Equal(CodeRefusal.Wrong, (await new LinkCodeService(_stores.Codes, new LinkTokens(RandomNumberGenerator.GetBytes(32)), _clock).RedeemAsync(code, "8001", "client-a")).Refusal);
    }

    private LinkCodeService Service() => new(_stores.Codes, new LinkTokens(_key), _clock);

    /// <summary>The same code with its last symbol changed.</summary>
    private static string Flip(string code) => code[..^1] + (code[^1] == 'A' ? 'B' : 'A');

    private async Task<List<StoredLinkCode>> AllCodesAsync(params string[] codes)
    {
        var found = new List<StoredLinkCode>();
        foreach (var code in codes)
        {
            if (await _stores.Codes.GetAsync(LinkCodeService.Lookup(_key, LinkCode.Normalize(code)!)) is { } stored)
            {
                found.Add(stored);
            }
        }
        return found;
    }
}
