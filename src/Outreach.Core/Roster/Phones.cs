using PhoneNumbers;

namespace Outreach.Roster;

/// <summary>
/// Phone numbers as the product stores them: E.164 (<c>+8613800138000</c>), validated with libphonenumber,
/// and masked whenever they are written to a log.
/// </summary>
public static class Phones
{
    /// <summary>Numbers written without a country code are read as mainland China numbers.</summary>
    public const string DefaultRegion = "CN";

    /// <summary>A valid example for error messages.</summary>
    public const string Example = "+8613800138000";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// Parses <paramref name="input"/> (spaces, dashes and a missing <c>+86</c> are tolerated) and returns it in
    /// E.164 form. With <paramref name="mobileOnly"/> a fixed-line number is rejected: SMS cannot reach it.
    /// </summary>
    public static bool TryNormalize(string? input, bool mobileOnly, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }
        PhoneNumber number;
        try
        {
            number = Util.Parse(input.Trim(), DefaultRegion);
        }
        catch (NumberParseException)
        {
            return false;
        }
        if (!Util.IsValidNumber(number))
        {
            return false;
        }
        if (mobileOnly && Util.GetNumberType(number) is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE))
        {
            return false;
        }
        e164 = Util.Format(number, PhoneNumberFormat.E164);
        return true;
    }

    /// <summary>
    /// Hides the middle of a number for logs: <c>+8613800138000</c> becomes <c>+86138****8000</c> (country code,
    /// first three and last four digits kept). Anything unparseable keeps only its last two characters.
    /// </summary>
    public static string Mask(string? e164)
    {
        if (string.IsNullOrWhiteSpace(e164))
        {
            return "";
        }
        try
        {
            var number = Util.Parse(e164, DefaultRegion);
            var national = Util.GetNationalSignificantNumber(number);
            var prefix = "+" + number.CountryCode;
            if (national.Length >= 8)
            {
                return prefix + national[..3] + new string('*', national.Length - 7) + national[^4..];
            }
            if (national.Length > 2)
            {
                return prefix + new string('*', national.Length - 2) + national[^2..];
            }
        }
        catch (NumberParseException)
        {
        }
        var text = e164.Trim();
        return text.Length > 2 ? new string('*', text.Length - 2) + text[^2..] : new string('*', text.Length);
    }
}
