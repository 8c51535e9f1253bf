using System.Text;
using System.Text.Json.Nodes;

namespace Outreach.Testing.BadInput;

/// <summary>
/// Mutations of a valid request body as broken clients and curious people send them: JSON cut short, bytes flipped,
/// fields of the wrong type, huge or odd strings, unknown and repeated fields, deep nesting, invalid UTF-8, no object
/// at all; forms with broken escapes, repeated and unknown fields, huge values. Deterministic from the seed.
/// </summary>
public static class BodyMutations
{
    private const int Huge = 100_000;

    private static readonly string[] WrongValues = ["42", "-1e309", "true", "{}", "[]", "[\"a\",1]", "{\"a\":{\"b\":[null]}}", "\"\"", "\" \"", "12345678901234567890"];

    private static readonly string[] OddFormValues = ["\0", "😀", "\u202E", "\uFFFF", "<script>alert(1)</script>", "../../etc", "~", "\r\n", "　"];

    private static readonly string[] OddStrings = ["\\u0000", "\\ud800", "\\udfff\\ud800", "😀", "\\u202e", "\\uffff", "<script>alert(1)</script>", "../../etc", "~", "%00", "\\r\\n"];

    /// <summary>Cases over the JSON object <paramref name="valid"/>: every field mistyped, huge and odd, and whole-body mutations.</summary>
    public static IEnumerable<BadInputCase> Json(string valid, int seed, int variants)
    {
        var random = new Random(seed);
        var body = JsonNode.Parse(valid)!.AsObject();
        var fields = body.Select(p => p.Key).ToArray();
        var inner = valid.TrimEnd()[1..^1];
        foreach (var (name, text) in new (string, string)[]
        {
            ("empty", ""), ("null", "null"), ("array", "[]"), ("array-of-body", $"[{valid}]"), ("string", "\"text\""), ("number", "0"),
            ("open", "{"), ("close", "}"), ("trailing-garbage", valid + "x"), ("two-bodies", valid + valid), ("trailing-comma", $"{{{inner},}}"),
            ("unknown-fields", $"{{{inner},\"extra\":1,\"__proto__\":{{\"admin\":true}},\"$type\":\"System.Object\"}}"),
            ("repeated-field", $"{{{inner},\"{fields[0]}\":\"again\"}}"),
            ("deep-nesting", $"{{{inner},\"extra\":{new string('[', 100)}{new string(']', 100)}}}"),
            ("deep-but-parseable", $"{{{inner},\"extra\":{new string('[', 60)}{new string(']', 60)}}}"),
            ("comment", $"{{/* c */{inner}}}"),
            ("single-quotes", valid.Replace('"', '\'')),
        })
        {
            yield return Case(name, text);
        }
        yield return new BadInputCase("bom", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(valid)]);
        yield return new BadInputCase("utf16", Encoding.Unicode.GetBytes(valid));
        var utf8 = Encoding.UTF8.GetBytes(valid);
        // Inside the last string value (the samples end "…"}): a lead byte followed by one that cannot continue it.
        yield return new BadInputCase("invalid-utf8", [.. utf8[..^2], 0xC3, 0x28, .. utf8[^2..]]);
        foreach (var field in fields)
        {
            yield return Case($"{field}-mistyped", With(body, field, JsonNode.Parse(WrongValues[random.Next(WrongValues.Length)])));
            yield return Case($"{field}-null", With(body, field, null));
            yield return Case($"{field}-missing", Without(body, field));
            yield return Case($"{field}-long", With(body, field, JsonValue.Create(new string('长', 5_000))));
            yield return Case($"{field}-huge", With(body, field, JsonValue.Create(new string('x', Huge))));
            yield return Case($"{field}-odd", With(body, field, null).Replace($"\"{field}\":null", $"\"{field}\":\"a{OddStrings[random.Next(OddStrings.Length)]}b\"", StringComparison.Ordinal));
        }
        foreach (var mutated in Bytes(utf8, random, variants))
        {
            yield return mutated;
        }
    }

    /// <summary>Cases over the form <paramref name="fields"/> (<c>application/x-www-form-urlencoded</c>).</summary>
    public static IEnumerable<BadInputCase> Form(IReadOnlyList<(string Name, string Value)> fields, int seed, int variants)
    {
        var random = new Random(seed);
        var valid = Encode(fields);
        foreach (var (name, text) in new (string, string)[]
        {
            ("empty", ""), ("ampersands", "&&&="), ("no-values", string.Join('&', fields.Select(f => f.Name))),
            ("broken-escapes", valid + "&notes=%zz%&x=%"), ("invalid-utf8-escape", valid + "&notes=%FF%FE%C3%28"), ("nul", valid + "&notes=a%00b"),
            ("repeated-fields", valid + "&" + valid.Replace("=", "=again", StringComparison.Ordinal)),
            ("unknown-fields", valid + "&extra=1&__proto__=x&problems[99999999].description=x&problems[-1].category=x&problems[a].urgency=urgent"),
            ("json-instead", "{\"status\":\"completed\"}"),
            ("too-large", valid + "&notes=" + new string('x', 600_000)),
        })
        {
            yield return Case(name, text);
        }
        yield return new BadInputCase("raw-invalid-utf8", [.. Encoding.UTF8.GetBytes(valid + "&notes="), 0xFF, 0xC3, 0x28]);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i].Name;
            yield return Case($"{field}-missing", Encode(fields.Where((_, j) => j != i)));
            yield return Case($"{field}-empty", Encode(fields.Select((f, j) => j == i ? (f.Name, "") : f)));
            yield return Case($"{field}-huge", Encode(fields.Select((f, j) => j == i ? (f.Name, new string('长', Huge)) : f)));
            yield return Case($"{field}-odd", Encode(fields.Select((f, j) => j == i ? (f.Name, f.Value + OddFormValues[random.Next(OddFormValues.Length)]) : f)));
        }
        foreach (var mutated in Bytes(Encoding.UTF8.GetBytes(valid), random, variants))
        {
            yield return mutated;
        }
    }

    public static string Encode(IEnumerable<(string Name, string Value)> fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));

    private static BadInputCase Case(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));

    private static string With(JsonObject body, string field, JsonNode? value)
    {
        var copy = body.DeepClone().AsObject();
        copy[field] = value;
        return copy.ToJsonString();
    }

    private static string Without(JsonObject body, string field)
    {
        var copy = body.DeepClone().AsObject();
        copy.Remove(field);
        return copy.ToJsonString();
    }

    private static IEnumerable<BadInputCase> Bytes(byte[] utf8, Random random, int variants)
    {
        for (var i = 0; i < variants; i++)
        {
            yield return new BadInputCase($"truncated-{i}", utf8[..random.Next(utf8.Length)]);
            yield return new BadInputCase($"flip-bits-{i}", Flip(utf8, random));
            yield return new BadInputCase($"random-bytes-{i}", RandomBytes(random));
        }
    }

    private static byte[] Flip(byte[] bytes, Random random)
    {
        var copy = bytes.ToArray();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }
        return copy;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 200)];
        random.NextBytes(bytes);
        return bytes;
    }
}
