using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Outreach.Import;
using Outreach.Reminders;
using Scriban;
using Scriban.Parsing;
using Scriban.Syntax;

namespace Outreach.Adapters.Reminders;

/// <summary>
/// The approved templates of <c>sms-templates.csv</c> (columns <c>kind,template_id,params,text</c>), their variables
/// evaluated by Scriban against the models the text templates see. <c>params</c> is a <c>;</c>-separated list of
/// Scriban expressions, one per numbered variable <c>{1}</c>, <c>{2}</c>, … of <c>text</c>, the approved fixed text
/// (signature, the entry page's fixed URL) that previews and the outbox show.
/// </summary>
/// <remarks>
/// <para>
/// A file is checked whole before it is used (<see cref="Parse"/>): a row for every message kind, one expression per
/// placeholder, every expression parsing and evaluating against its kind's sample (<see cref="MessageSamples"/>), none
/// naming <c>link</c> nor yielding something that looks like a URL on the sample, and some expression naming
/// <c>code</c>, or the message could open nothing.
/// </para>
/// <para>
/// Values longer than <see cref="MaxParamLength"/> (counted in UTF-16 code units, as the strictest gateways count) are
/// shortened the way the digests are: a list (an expression yielding several values, e.g.
/// <c>visits | array.map "target_name"</c>) keeps as many whole names as fit, joined by <c>、</c>, and says how many
/// there are in all with <c>等N户</c> (赵大爷、孙阿姨等3户); a single value is cut, with <c>…</c>, only when nothing
/// else fits, and never inside a character.
/// </para>
/// </remarks>
public sealed partial class ScribanApprovedTemplates : IApprovedTemplates
{
    public const int DefaultMaxParamLength = 12;

    /// <summary>The columns of the file, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["kind", "template_id", "params", "text"];

    private const string ListSeparator = "、";

    private readonly CultureInfo _culture;
    private volatile ApprovedTemplateSet? _current;

    /// <param name="maxParamLength">The gateway's limit on one variable.</param>
    /// <param name="culture">The culture of <c>format_date</c>; default zh-CN.</param>
    public ScribanApprovedTemplates(int maxParamLength = DefaultMaxParamLength, CultureInfo? culture = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParamLength, 1);
        MaxParamLength = maxParamLength;
        _culture = culture ?? ScribanTemplateRenderer.DefaultCulture;
    }

    public int MaxParamLength { get; }

    /// <summary>The file in use, or null before one is loaded.</summary>
    public ApprovedTemplateSet? Current => _current;

    /// <summary>Reads and checks the file at <paramref name="path"/> and uses it.</summary>
    /// <exception cref="TemplateException">The file cannot be read, or is broken: every problem, by line and column.</exception>
    public ScribanApprovedTemplates LoadFile(string path)
    {
        string csv;
        try
        {
            csv = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var message = $"{path}: cannot be read ({e.Message}).";
            throw new TemplateException(message, [message]);
        }
        Use(Parse(csv, path));
        return this;
    }

    /// <summary>Uses <paramref name="templates"/> from now on (a file loaded ahead, e.g. from a blob).</summary>
    public void Use(ApprovedTemplateSet templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        _current = templates;
    }

    public ApprovedText Render(MessageKind kind, object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var templates = _current ?? throw new TemplateException("No approved SMS templates are loaded.", []);
        if (!templates.Rows.TryGetValue(kind, out var row))
        {
            var message = $"{templates.Origin}: no row for {kind.TemplateName()}.";
            throw new TemplateException(message, [message]);
        }
        var context = ScribanTemplateRenderer.Context(model, _culture);
        var measure = KindCounts.Measure(KindCounts.Listed(model));
        var values = new List<string>(row.Params.Count);
        foreach (var param in row.Params)
        {
            try
            {
                values.Add(Fit(Evaluate(param.Expression, context), MaxParamLength, measure));
            }
            catch (ScriptRuntimeException e)
            {
                var message = $"{templates.Origin} line {row.Line} ({kind.TemplateName()}), column params: `{param.Source}`: {e.OriginalMessage}";
                throw new TemplateException(message, [message]);
            }
        }
        var text = Placeholder().Replace(row.Text, m => values[int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture) - 1]);
        return new ApprovedText(new ApprovedSms(row.TemplateId, values), text);
    }

    /// <summary>
    /// Reads <paramref name="csv"/> and checks it against every kind's sample, without using it.
    /// </summary>
    /// <param name="origin">Where it came from, named in errors: a path, or <c>container/blob</c>.</param>
    /// <exception cref="TemplateException">Every problem, each naming the line, the kind and the column, and how to fix it.</exception>
    public static ApprovedTemplateSet Parse(string csv, string origin)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var errors = new List<string>();
        var rows = new Dictionary<MessageKind, ApprovedRow>();
        using var reader = new StringReader(csv);
        using var records = CsvRecords.Read(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            errors.Add($"{origin}: empty; the first line must be the header {string.Join(',', Columns)}.");
        }
        else if (Header(records.Current, origin, errors) is { } index)
        {
            var lines = new Dictionary<MessageKind, int>();
            while (records.MoveNext())
            {
                var (line, fields, problem) = records.Current;
                if (problem is not null)
                {
                    errors.Add($"{origin} line {line}: {problem}.");
                    continue;
                }
                if (fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                if (fields.Length > Columns.Count && fields.Skip(Columns.Count).Any(f => !string.IsNullOrWhiteSpace(f)))
                {
                    errors.Add($"{origin} line {line}: {fields.Length} values for {Columns.Count} columns: wrap a text that contains commas in double quotes.");
                    continue;
                }
                string Field(string column) => index[column] < fields.Length ? fields[index[column]].Trim() : "";
                if (ReadRow(line, Field, origin, lines, errors) is { } row)
                {
                    rows[row.Kind] = row;
                }
            }
            var missing = MessageKinds.All.Where(k => !lines.ContainsKey(k)).Select(k => k.TemplateName()).ToList();
            if (missing.Count > 0)
            {
                errors.Add($"{origin}, column kind: no row for {string.Join(", ", missing)}: the app sends every message kind, so each needs its approved template (see samples/sms-templates.csv).");
            }
        }
        if (errors.Count > 0)
        {
            throw new TemplateException($"Approved SMS templates in {origin} are broken:\n" + string.Join('\n', errors), errors);
        }
        return new ApprovedTemplateSet(origin, rows.ToFrozenDictionary());
    }

    private static Dictionary<string, int>? Header(CsvRecord header, string origin, List<string> errors)
    {
        var expected = string.Join(',', Columns);
        if (header.Problem is not null)
        {
            errors.Add($"{origin} line {header.Line}: the header cannot be read: {header.Problem}.");
            return null;
        }
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Length; i++)
        {
            var name = header.Fields[i].Trim();
            if (name.Length == 0 && i == header.Fields.Length - 1)
            {
                continue;
            }
            if (!Columns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{origin} line {header.Line}: unknown column '{name}': the header is {expected}.");
            }
            else if (!index.TryAdd(name, i))
            {
                errors.Add($"{origin} line {header.Line}: column '{name}' appears twice: the header is {expected}.");
            }
        }
        foreach (var column in Columns.Where(c => !index.ContainsKey(c)))
        {
            errors.Add($"{origin} line {header.Line}: no column '{column}': the header is {expected}.");
        }
        return index.Count == Columns.Count && errors.Count == 0 ? index : null;
    }

    private static ApprovedRow? ReadRow(int line, Func<string, string> field, string origin, Dictionary<MessageKind, int> lines, List<string> errors)
    {
        var before = errors.Count;
        var kindText = field("kind");
        MessageKind? found = MessageKinds.All.Where(k => k.TemplateName() == kindText).Cast<MessageKind?>().FirstOrDefault();
        var where = $"{origin} line {line} ({kindText})";
        if (found is not { } kind)
        {
            errors.Add($"{origin} line {line}, column kind: '{kindText}' is not a message kind: use one of {string.Join(", ", MessageKinds.All.Select(k => k.TemplateName()))}.");
            return null;
        }
        if (lines.TryGetValue(kind, out var first))
        {
            errors.Add($"{where}, column kind: {kindText} already has a row on line {first}: keep one row a kind.");
            return null;
        }
        lines[kind] = line;
        var templateId = field("template_id");
        if (templateId.Length == 0 || templateId.Any(char.IsWhiteSpace))
        {
            errors.Add($"{where}, column template_id: '{templateId}' is not a template id: write the id the gateway gave the approved template, e.g. 2266001.");
        }
        var text = field("text");
        var numbers = Placeholder().Matches(text).Select(m => int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        if (text.Length == 0)
        {
            errors.Add($"{where}, column text: empty: copy the template's approved text, with its signature, the entry page's URL and the placeholders {{1}}, {{2}}, ….");
        }
        else if (!numbers.SequenceEqual(Enumerable.Range(1, numbers.Count)))
        {
            errors.Add($"{where}, column text: the placeholders are {string.Join(", ", numbers.Select(n => $"{{{n}}}"))}: number them {{1}} to {{{numbers.Count}}} without gaps, as the gateway does.");
        }
        var sources = field("params").Split(';').Select(p => p.Trim()).ToList();
        if (sources is [""])
        {
            sources = [];
        }
        if (sources.Count != numbers.Count)
        {
            errors.Add($"{where}, column params: {sources.Count} expressions for {numbers.Count} placeholders in text: write one Scriban expression a placeholder, in order, separated by ';'.");
        }
        var sample = MessageSamples.For(kind);
        var parameters = new List<ApprovedParam>();
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var what = $"{where}, column params, expression {i + 1} (`{source}`)";
            if (source.Length == 0)
            {
                errors.Add($"{where}, column params, expression {i + 1}: empty: write a Scriban expression, e.g. recipient_name, or remove the extra ';'.");
                continue;
            }
            if (NamesLink().IsMatch(source))
            {
                errors.Add($"{what}: names link, and a variable may not hold a link: the text carries the entry page's fixed URL, and a variable the code (code).");
                continue;
            }
            var expression = Template.Parse(source, origin, lexerOptions: new LexerOptions { Mode = ScriptMode.ScriptOnly });
            if (expression.HasErrors)
            {
                errors.Add($"{what}: does not parse: {string.Join("; ", expression.Messages.Select(m => m.Message))}.");
                continue;
            }
            if (expression.Page?.Body?.Statements.Count is not 1)
            {
                errors.Add($"{what}: is {expression.Page?.Body?.Statements.Count ?? 0} statements: write one expression.");
                continue;
            }
            try
            {
                var value = Evaluate(expression, ScribanTemplateRenderer.Context(sample, ScribanTemplateRenderer.DefaultCulture));
                if (value.Values.FirstOrDefault(LooksLikeUrl) is { } url)
                {
                    errors.Add($"{what}: gives '{url}' for the sample, which looks like a link, and a variable may not hold one: the text carries the entry page's fixed URL.");
                    continue;
                }
            }
            catch (ScriptRuntimeException e)
            {
                errors.Add($"{what}: does not bind to the {kind.TemplateName()} message: {e.OriginalMessage}. Its names are those of the text templates (recipient_name, date | format_date \"M月d日\", visits | array.size, code, …).");
                continue;
            }
            parameters.Add(new ApprovedParam(source, expression));
        }
        if (sources.Count > 0 && !sources.Any(s => NamesCode().IsMatch(s)))
        {
            errors.Add($"{where}, column params: no expression names code, so the message opens nothing: add code as a variable, after the entry page's URL in text.");
        }
        return errors.Count == before ? new ApprovedRow(kind, line, templateId, parameters, text) : null;
    }

    /// <summary>What an expression gives: one value, or the items of a list (each as text).</summary>
    private static Value Evaluate(Template expression, TemplateContext context)
    {
        var result = expression.Evaluate(context);
        return result switch
        {
            null => new Value([""], IsList: false),
            string text => new Value([text], IsList: false),
            IEnumerable items => new Value(items.Cast<object?>().Select(item => context.ObjectToString(item) ?? "").ToList(), IsList: true),
            _ => new Value([context.ObjectToString(result) ?? ""], IsList: false),
        };
    }

    /// <summary>The value as one variable of at most <paramref name="max"/> characters.</summary>
    private static string Fit(Value value, int max, string measure)
    {
        var names = value.Values.Select(v => v.ReplaceLineEndings(" ").Trim()).ToList();
        return value.IsList && names.Count > 1 ? FitList(names, max, measure) : Cut(string.Join(ListSeparator, names), max);
    }

    /// <summary>
    /// As many whole names as fit, then <c>等N户</c> (<c>等N家</c> for enterprises, <c>等N处</c> for both) with the count
    /// of all; only when not one name fits is the first cut.
    /// </summary>
    internal static string FitList(IReadOnlyList<string> names, int max, string measure = "户")
    {
        var all = string.Join(ListSeparator, names);
        if (all.Length <= max)
        {
            return all;
        }
        var rest = string.Create(CultureInfo.InvariantCulture, $"等{names.Count}{measure}");
        for (var keep = names.Count - 1; keep >= 1; keep--)
        {
            var candidate = string.Join(ListSeparator, names.Take(keep)) + rest;
            if (candidate.Length <= max)
            {
                return candidate;
            }
        }
        return rest.Length + 2 <= max ? Cut(names[0], max - rest.Length) + rest : Cut(all, max);
    }

    /// <summary><paramref name="text"/>, or as much of it as fits with <c>…</c>, cut between text elements.</summary>
    internal static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var starts = StringInfo.ParseCombiningCharacters(text);
        var end = starts.LastOrDefault(s => s <= max - 1);
        return text[..end] + "…";
    }

    /// <summary>A value a gateway would take for a link: a scheme, <c>www.</c>, or a bare domain (example.cn/…).</summary>
    internal static bool LooksLikeUrl(string value) =>
        value.Contains("://", StringComparison.Ordinal) || value.Contains("www.", StringComparison.OrdinalIgnoreCase) || Domain().IsMatch(value);

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])link(?![A-Za-z0-9_])", RegexOptions.IgnoreCase)]
    private static partial Regex NamesLink();

    [GeneratedRegex(@"(?<![A-Za-z0-9_.])code(?![A-Za-z0-9_])")]
    private static partial Regex NamesCode();

    [GeneratedRegex(@"(?i)(?<![a-z0-9-])[a-z0-9-]+(\.[a-z0-9-]+)*\.(cn|com|net|org|gov|edu|info|top|xyz|io|me|cc|co|biz|vip|shop|site|online)(?![a-z0-9-])")]
    private static partial Regex Domain();

    private sealed record Value(IReadOnlyList<string> Values, bool IsList);
}

/// <summary>A checked <c>sms-templates.csv</c>: a row for every message kind, and where it came from.</summary>
public sealed class ApprovedTemplateSet
{
    internal ApprovedTemplateSet(string origin, FrozenDictionary<MessageKind, ApprovedRow> rows) => (Origin, Rows) = (origin, rows);

    /// <summary>The path, or <c>container/blob</c>.</summary>
    public string Origin { get; }

    internal FrozenDictionary<MessageKind, ApprovedRow> Rows { get; }

    /// <summary>The gateway's template id for <paramref name="kind"/>.</summary>
    public string TemplateId(MessageKind kind) => Rows[kind].TemplateId;
}

/// <summary>One row: the kind's template id, its variables' expressions in order, and its text with placeholders.</summary>
internal sealed record ApprovedRow(MessageKind Kind, int Line, string TemplateId, IReadOnlyList<ApprovedParam> Params, string Text);

/// <summary>One variable's expression, as written and parsed.</summary>
internal sealed record ApprovedParam(string Source, Template Expression);
