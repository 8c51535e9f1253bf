using System.Text;

namespace Outreach.Testing.BadInput;

/// <summary>One mutated input, named after its mutation so a failure says what was done to the file.</summary>
public sealed record BadInputCase(string Name, byte[] Bytes)
{
    public override string ToString() => Name;
}

/// <summary>
/// Mutations of a roster CSV as files arrive from spreadsheets and hands: bytes flipped, inserted or cut, stray and
/// unclosed quotes, NUL and control characters, BOMs, GBK and Latin-1 copies, repeated rows, rows with too many or too
/// few cells, 100,000-character cells, many rows, broken headers, other line endings. Deterministic from the seed.
/// </summary>
public static class CsvMutations
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static readonly string[] Controls = ["\0", "\u0001", "\b", "\t", "\u000B", "\f", "\u001B", "\u007F", "\u0085", "\u2028", "\r", "\n"];

    // Text that is valid UTF-8 but odd: astral characters, joiners, bidi controls, noncharacters, a BOM mid-file,
    // combining marks, full-width digits (what a Chinese IME types for a phone number).
    private static readonly string[] OddText = ["😀", "👨‍👩‍👧", "\u202E", "\u200B", "\uFFFF", "\uFEFF", "e\u0301\u0301\u0301", "１３８００１３８０００", "\u3000", "Ω≈ç√", "'; DROP TABLE x;--", "<script>", "~", "/", "#", "?", "\\"];

    private static readonly (string Name, Func<Sheet, Random, byte[]> Mutate)[] Mutations =
    [
        ("flip-bits", (s, r) => Flip(s.Utf8(), r, r.Next(1, 4))),
        ("insert-bytes", (s, r) => InsertBytes(s.Utf8(), r)),
        ("delete-bytes", (s, r) => DeleteBytes(s.Utf8(), r)),
        ("truncate", (s, r) => s.Utf8()[..r.Next(s.Utf8().Length)]),
        ("stray-quote", (s, r) => s.InCell(r, v => InsertAt(v, r, "\""))),
        ("unclosed-quote", (s, r) => s.InCell(r, v => "\"" + v)),
        ("quoted-comma", (s, r) => s.InCell(r, v => "\"" + v + ",\"\"x\"\"\"")),
        ("nul", (s, r) => s.InCell(r, v => InsertAt(v, r, "\0"))),
        ("control-character", (s, r) => s.InCell(r, v => InsertAt(v, r, Controls[r.Next(Controls.Length)]))),
        ("odd-unicode", (s, r) => s.InCell(r, v => InsertAt(v, r, OddText[r.Next(OddText.Length)]))),
        ("double-bom", (s, r) => [.. Bom, .. Bom, .. s.Utf8()]),
        ("gbk", (s, r) => Gbk.GetBytes(s.Text)),
        ("latin1", (s, r) => Encoding.Latin1.GetBytes(Encoding.UTF8.GetString(s.InCell(r, v => v + "Müller café")))),
        ("utf16", (s, r) => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(s.Text)]),
        ("repeated-rows", (s, r) => s.Rows(rows => rows.InsertRange(1 + r.Next(rows.Count - 1), Enumerable.Repeat(rows[1 + r.Next(rows.Count - 1)], r.Next(1, 4))))),
        ("extra-cells", (s, r) => s.Rows(rows => rows[1 + r.Next(rows.Count - 1)] += ",x" + new string(',', r.Next(3)))),
        ("missing-cells", (s, r) => s.Rows(rows => CutCells(rows, 1 + r.Next(rows.Count - 1), r))),
        ("emptied-cell", (s, r) => s.InCell(r, _ => r.Next(2) == 0 ? "" : "   ")),
        ("swapped-cells", (s, r) => s.Rows(rows => SwapCells(rows, 1 + r.Next(rows.Count - 1), r))),
        ("huge-cell", (s, r) => s.InCell(r, _ => new string("x中9 "[r.Next(4)], 100_000))),
        ("header-renamed", (s, r) => s.Rows(rows => rows[0] = Header(rows[0], r, (cells, i) => cells[i] = r.Next(2) == 0 ? cells[i] + "x" : " " + cells[i].ToUpperInvariant() + " "))),
        ("header-duplicated", (s, r) => s.Rows(rows => rows[0] = Header(rows[0], r, (cells, i) => cells[(i + 1) % cells.Count] = cells[i]))),
        ("header-missing", (s, r) => s.Rows(rows => rows[0] = Header(rows[0], r, (cells, i) => cells.RemoveAt(i)))),
        ("no-header", (s, r) => s.Rows(rows => rows.RemoveAt(0))),
        ("line-endings", (s, r) => Encoding.UTF8.GetBytes(s.Text.Replace("\n", r.Next(2) == 0 ? "\r\n" : "\r", StringComparison.Ordinal))),
        ("trailing-commas", (s, r) => s.Rows(rows => { for (var i = r.Next(2); i < rows.Count; i++) { rows[i] += ","; } })),
        ("blank-lines", (s, r) => s.Rows(rows => rows.Insert(1 + r.Next(rows.Count - 1), r.Next(2) == 0 ? "" : " , ,"))),
    ];

    /// <summary>The names of the mutations, for a failure message or a named example.</summary>
    public static IEnumerable<string> Names => Mutations.Select(m => m.Name);

    private static Encoding Gbk
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(936);
        }
    }

    /// <summary>
    /// <paramref name="variants"/> cases of every mutation of <paramref name="text"/> (a CSV with a header row and at least
    /// one data row, LF line ends), then the empty file and the header alone; the same seed gives the same cases.
    /// </summary>
    public static IEnumerable<BadInputCase> Of(string text, int seed, int variants)
    {
        var random = new Random(seed);
        var sheet = new Sheet(text);
        foreach (var (name, mutate) in Mutations)
        {
            for (var i = 0; i < variants; i++)
            {
                yield return new BadInputCase($"{name}-{i}", mutate(sheet, random));
            }
        }
        yield return new BadInputCase("empty", []);
        yield return new BadInputCase("header-only", Encoding.UTF8.GetBytes(sheet.Lines[0] + "\n"));
    }

    /// <summary><paramref name="count"/> more rows, copies of the last one (the same id, again and again).</summary>
    public static BadInputCase RepeatedLastRow(string text, int count)
    {
        var sheet = new Sheet(text);
        return new BadInputCase($"{count}-repeated-rows", sheet.Rows(rows => rows.AddRange(Enumerable.Repeat(rows[^1], count))));
    }

    /// <summary><paramref name="count"/> more rows, copies of the data rows with fresh ids (the first column) of their own.</summary>
    public static BadInputCase NewRows(string text, int count)
    {
        var sheet = new Sheet(text);
        return new BadInputCase($"{count}-new-rows", sheet.Rows(rows =>
        {
            var data = rows.Skip(1).ToArray();
            rows.AddRange(Enumerable.Range(0, count).Select(i => $"new-{i}" + data[i % data.Length][data[i % data.Length].IndexOf(',', StringComparison.Ordinal)..]));
        }));
    }

    private static byte[] Flip(byte[] bytes, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }
        return bytes;
    }

    private static byte[] InsertBytes(byte[] bytes, Random random)
    {
        var at = random.Next(bytes.Length + 1);
        var extra = new byte[random.Next(1, 4)];
        random.NextBytes(extra);
        return [.. bytes[..at], .. extra, .. bytes[at..]];
    }

    private static byte[] DeleteBytes(byte[] bytes, Random random)
    {
        var at = random.Next(bytes.Length);
        var count = Math.Min(random.Next(1, 6), bytes.Length - at);
        return [.. bytes[..at], .. bytes[(at + count)..]];
    }

    private static string InsertAt(string value, Random random, string inserted) => value.Insert(random.Next(value.Length + 1), inserted);

    private static void CutCells(List<string> rows, int row, Random random)
    {
        var cells = rows[row].Split(',');
        rows[row] = string.Join(',', cells.Take(random.Next(1, cells.Length)));
    }

    private static void SwapCells(List<string> rows, int row, Random random)
    {
        var cells = rows[row].Split(',');
        var (a, b) = (random.Next(cells.Length), random.Next(cells.Length));
        (cells[a], cells[b]) = (cells[b], cells[a]);
        rows[row] = string.Join(',', cells);
    }

    private static string Header(string header, Random random, Action<List<string>, int> change)
    {
        var cells = header.Split(',').ToList();
        change(cells, random.Next(cells.Count));
        return string.Join(',', cells);
    }

    /// <summary>A sample file as lines of unquoted cells (the samples quote nothing).</summary>
    private sealed class Sheet(string text)
    {
        public string Text { get; } = text;

        public string[] Lines { get; } = text.TrimEnd('\n').Split('\n');

        public byte[] Utf8() => Encoding.UTF8.GetBytes(Text);

        /// <summary>The file with its lines changed.</summary>
        public byte[] Rows(Action<List<string>> change)
        {
            var rows = Lines.ToList();
            change(rows);
            return Encoding.UTF8.GetBytes(string.Join('\n', rows) + "\n");
        }

        /// <summary>The file with one cell of a data row changed.</summary>
        public byte[] InCell(Random random, Func<string, string> change) => Rows(rows =>
        {
            var row = 1 + random.Next(rows.Count - 1);
            var cells = rows[row].Split(',');
            var cell = random.Next(cells.Length);
            cells[cell] = change(cells[cell]);
            rows[row] = string.Join(',', cells);
        });
    }
}
