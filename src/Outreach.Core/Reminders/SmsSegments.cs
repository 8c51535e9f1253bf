using System.Globalization;
using System.Text;

namespace Outreach.Reminders;

/// <summary>How an SMS is encoded on the air: GSM 03.38 seven-bit or UCS-2.</summary>
public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>
/// What a text costs as SMS: <paramref name="Characters"/> is what a person counts (Unicode scalars),
/// <paramref name="Units"/> what the network counts (GSM septets or UCS-2 code units) and
/// <paramref name="Segments"/> how many messages the carrier bills.
/// </summary>
public sealed record SmsCount(SmsEncoding Encoding, int Characters, int Units, int Segments);

/// <summary>
/// Counts SMS segments the way carriers do, and shortens digests so they fit a segment budget.
/// </summary>
/// <remarks>
/// GSM-7 carries 160 septets in a single message and 153 per part of a concatenated one; the characters of
/// the extension table (<c>^{}\[~]|€</c> and form feed) take an escape septet plus their own, and a pair is
/// never split across parts. Anything outside GSM-7 sends the whole message as UCS-2: 70 code units single,
/// 67 per part. A character outside the BMP (most emoji) is a surrogate pair, two code units, and phones
/// never split a pair across parts.
/// </remarks>
public static class SmsSegments
{
    public const int Gsm7Single = 160;
    public const int Gsm7PerPart = 153;
    public const int Ucs2Single = 70;
    public const int Ucs2PerPart = 67;

    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Gsm7Extension = "\f^{}\\[~]|€";

    /// <summary>Counts <paramref name="text"/>; an empty text is zero segments.</summary>
    public static SmsCount Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var characters = 0;
        var gsm = true;
        foreach (var rune in text.EnumerateRunes())
        {
            characters++;
            gsm &= GsmSeptets(rune) > 0;
        }
        if (gsm)
        {
            var (units, segments) = Pack(text.EnumerateRunes().Select(GsmSeptets), Gsm7Single, Gsm7PerPart);
            return new SmsCount(SmsEncoding.Gsm7, characters, units, segments);
        }
        var (ucsUnits, ucsSegments) = Pack(text.EnumerateRunes().Select(r => r.Utf16SequenceLength), Ucs2Single, Ucs2PerPart);
        return new SmsCount(SmsEncoding.Ucs2, characters, ucsUnits, ucsSegments);
    }

    /// <summary>
    /// Returns <paramref name="text"/> if it fits in <paramref name="maxSegments"/>; otherwise drops list items
    /// until it does and says so with <paramref name="suffixFactory"/>.
    /// </summary>
    /// <remarks>
    /// A digest reads as a first line (the greeting and count), item lines, and a last line (the link). Items go
    /// from the end, one whole line at a time, and the line <c>suffixFactory(dropped)</c> (e.g. "+5 more") takes
    /// their place just before the last line. If even the first line, the suffix and the last line are too long,
    /// the text before the last line (or, in a one-line message, before its link) is cut at a text-element boundary,
    /// never inside a surrogate pair or a combining sequence: the link, which the message exists to carry, is kept.
    /// </remarks>
    public static string Shorten(string text, int maxSegments, Func<int, string> suffixFactory)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(suffixFactory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegments, 1);
        if (Fits(text, maxSegments))
        {
            return text;
        }
        var lines = text.Split('\n');
        if (lines.Length > 2)
        {
            var items = lines[1..^1];
            for (var keep = items.Length - 1; keep >= 0; keep--)
            {
                var candidate = string.Join('\n', [lines[0], .. items[..keep], suffixFactory(items.Length - keep), lines[^1]]);
                if (Fits(candidate, maxSegments))
                {
                    return candidate;
                }
            }
        }
        // What must survive: the last line, or a one-line message's link (from its last "http").
        var kept = lines.Length > 1 ? "\n" + lines[^1] : text.LastIndexOf("http", StringComparison.Ordinal) is var at and > 0 ? text[at..] : "";
        return kept.Length > 0 && Fits("…" + kept, maxSegments)
            ? Cut(text[..^kept.Length], "…" + kept, maxSegments)
            : Cut(text, "…", maxSegments);
    }

    private static bool Fits(string text, int maxSegments) => Count(text).Segments <= maxSegments;

    /// <summary>As much of <paramref name="text"/> as fits before <paramref name="tail"/>, then the tail.</summary>
    private static string Cut(string text, string tail, int maxSegments)
    {
        var result = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (!Fits(result + element + tail, maxSegments))
            {
                break;
            }
            result.Append(element);
        }
        return result.Append(tail).ToString();
    }

    private static int GsmSeptets(Rune rune)
    {
        if (!rune.IsBmp)
        {
            return 0;
        }
        var c = (char)rune.Value;
        return Gsm7Basic.Contains(c) ? 1 : Gsm7Extension.Contains(c) ? 2 : 0;
    }

    // Fills parts greedily with indivisible units (an escape pair, a surrogate pair) so none straddles two parts.
    private static (int Units, int Segments) Pack(IEnumerable<int> widths, int single, int perPart)
    {
        var all = widths.ToList();
        var units = all.Sum();
        if (units == 0)
        {
            return (0, 0);
        }
        if (units <= single)
        {
            return (units, 1);
        }
        var segments = 1;
        var used = 0;
        foreach (var width in all)
        {
            if (used + width > perPart)
            {
                segments++;
                used = 0;
            }
            used += width;
        }
        return (units, segments);
    }
}
