using System.Text;

namespace Outreach.Links;

/// <summary>
/// The short code an SMS carries where it cannot carry a link (the mainland gateways send only approved templates, and
/// no variable may hold a URL): eight symbols of Crockford's base32 (no I, L, O or U), written <c>K7QM-4TXA</c>.
/// Typing is forgiving: lower case, spaces and hyphens are ignored, O reads as 0, and I and L as 1.
/// </summary>
public static class LinkCode
{
    public const int Length = 8;

    /// <summary>Crockford's base32: 32 symbols without the look-alikes I, L, O and U.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Every possible code: 32^8, about 1.1 × 10^12.</summary>
    public const long Space = 1L << (5 * Length);

    /// <summary>The code of the first 40 bits of <paramref name="bits"/>, as the SMS shows it.</summary>
    public static string Format(ReadOnlySpan<byte> bits)
    {
        if (bits.Length < 5)
        {
            throw new ArgumentException("A code takes 40 bits.", nameof(bits));
        }
        var value = (long)bits[0] << 32 | (long)bits[1] << 24 | (long)bits[2] << 16 | (long)bits[3] << 8 | bits[4];
        var text = new StringBuilder(Length + 1);
        for (var i = Length - 1; i >= 0; i--)
        {
            text.Append(Alphabet[(int)(value >> (5 * i)) & 31]);
            if (i == Length / 2)
            {
                text.Append('-');
            }
        }
        return text.ToString();
    }

    /// <summary>The code as typed, in its canonical form (<c>K7QM4TXA</c>), or null when it cannot be one.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null)
        {
            return null;
        }
        var text = new StringBuilder(Length);
        foreach (var c in typed.ToUpperInvariant())
        {
            var symbol = c switch
            {
                ' ' or '-' or '\u3000' or '－' => (char?)null,
                'O' => '0',
                'I' or 'L' => '1',
                _ => c,
            };
            if (symbol is not { } s)
            {
                continue;
            }
            if (!Alphabet.Contains(s, StringComparison.Ordinal) || text.Length == Length)
            {
                return null;
            }
            text.Append(s);
        }
        return text.Length == Length ? text.ToString() : null;
    }
}
