using Outreach.Roster;

namespace Outreach.Core.Tests.Import;

public class PhonesTests
{
    [Theory]
    [InlineData("13800138000", "+8613800138000")]
    [InlineData("+86 138 0013 8000", "+8613800138000")]
    [InlineData("138-0013-8000", "+8613800138000")]
    public void Mobile_numbers_are_normalised_to_E164(string input, string expected)
    {
        Assert.True(Phones.TryNormalize(input, mobileOnly: true, out var e164));
        Assert.Equal(expected, e164);
    }

    [Fact]
    public void A_landline_is_a_valid_phone_but_not_a_mobile()
    {
        Assert.True(Phones.TryNormalize("010-65529988", mobileOnly: false, out var e164));
        Assert.Equal("+861065529988", e164);
        Assert.False(Phones.TryNormalize("010-65529988", mobileOnly: true, out _));
    }

    [Theory]
    [InlineData("1380000")]
    [InlineData("not a number")]
    [InlineData("")]
    [InlineData(null)]
    public void Invalid_numbers_are_rejected(string? input)
    {
        Assert.False(Phones.TryNormalize(input, mobileOnly: false, out var e164));
        Assert.Equal("", e164);
    }

    [Fact]
    public void Mask_keeps_country_code_first_three_and_last_four_digits()
    {
        Assert.Equal("+86138****8000", Phones.Mask("+8613800138000"));
    }

    [Fact]
    public void Mask_never_reveals_an_unparseable_input()
    {
        Assert.Equal("+86****89", Phones.Mask("x123489"));
        Assert.Equal("*bc", Phones.Mask("abc"));
        Assert.Equal("", Phones.Mask(null));
    }
}
