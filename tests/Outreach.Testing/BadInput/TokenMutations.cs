namespace Outreach.Testing.BadInput;

/// <summary>
/// Mutations of a valid link token (base64url) as SMS apps, copy and paste and curious people make them: characters
/// changed, cut, added, swapped or re-cased, padding and other base64 alphabets, escapes, spaces, non-ASCII, a token
/// repeated. Deterministic from the seed.
/// </summary>
public static class TokenMutations
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly string[] Foreign = ["+", "/", "=", "==", "%", "%41", ".", " ", "\t", "中", "😀", "\0", "~", "..", "\u202E"];

    public static IEnumerable<(string Name, string Token)> Of(string token, int seed, int variants)
    {
        var random = new Random(seed);
        yield return ("empty", "");
        yield return ("one-character", token[..1]);
        yield return ("doubled", token + token);
        yield return ("very-long", string.Concat(Enumerable.Repeat(token, 200)));
        yield return ("upper-case", token.ToUpperInvariant());
        yield return ("reversed", new string(token.Reverse().ToArray()));
        yield return ("padded", token + "==");
        yield return ("standard-base64", token.Replace('-', '+').Replace('_', '/'));
        for (var i = 0; i < variants; i++)
        {
            var at = random.Next(token.Length);
            var other = Alphabet.Where(c => c != token[at]).ElementAt(random.Next(Alphabet.Length - 1));
            yield return ($"changed-{i}", token[..at] + other + token[(at + 1)..]);
            yield return ($"cut-{i}", token[..random.Next(1, token.Length)]);
            yield return ($"extended-{i}", token + new string(Enumerable.Range(0, random.Next(1, 8)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray()));
            yield return ($"foreign-{i}", token.Insert(random.Next(token.Length + 1), Foreign[random.Next(Foreign.Length)]));
            var swap = random.Next(token.Length - 1);
            yield return ($"swapped-{i}", token[..swap] + token[swap + 1] + token[swap] + token[(swap + 2)..]);
        }
    }
}
