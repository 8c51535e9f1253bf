using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Outreach.Reminders;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Outreach.Adapters.Reminders;

/// <summary>
/// Renders the SMS templates in <c>Templates/</c> (embedded, <c>{name}.{culture}.scriban</c>) with Scriban and
/// strict variables. A file of the same name in <paramref name="overrideFolder"/> wins over the embedded one; it is
/// read at every render, so a deployment can change wording without a rebuild or a restart. An entry in
/// <paramref name="overrides"/> (the blob container's templates, loaded ahead by <see cref="BlobTemplateSource"/>) wins
/// over both.
/// </summary>
/// <remarks>
/// Models are imported with Scriban's snake_case renamer (<c>RecipientName</c> is <c>recipient_name</c>).
/// Templates format dates with <c>format_date</c>: <c>{{ date | format_date "M月d日 ddd" }}</c> uses the
/// culture of the render, so <c>ddd</c> is 周二 in zh-CN and Tue in en-US.
/// </remarks>
public sealed partial class ScribanTemplateRenderer(string? overrideFolder = null, ITemplateOverrides? overrides = null) : ITemplateRenderer
{
    public static CultureInfo DefaultCulture { get; } = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>The cultures every template must exist in.</summary>
    public static IReadOnlyList<CultureInfo> Cultures { get; } = [DefaultCulture, CultureInfo.GetCultureInfo("en-US")];

    private const string ResourcePrefix = "Outreach.Reminders.Templates.";

    public string Render(string name, CultureInfo culture, object model)
    {
        ArgumentNullException.ThrowIfNull(culture);
        ArgumentNullException.ThrowIfNull(model);
        if (!TemplateName().IsMatch(name))
        {
            throw new TemplateException($"'{name}' is not a template name (lower-case words joined by '-').", [name]);
        }
        var (source, path) = Load(name, culture)
            ?? (culture.Name == DefaultCulture.Name ? null : Load(name, DefaultCulture))
            ?? throw new TemplateException($"No template '{name}' for {culture.Name} or {DefaultCulture.Name}.", [name]);
        return RenderSource(source, path, culture, model);
    }

    public void ValidateAll()
    {
        var errors = new List<string>();
        foreach (var kind in MessageKinds.All)
        {
            foreach (var culture in Cultures)
            {
                var name = kind.TemplateName();
                try
                {
                    var (source, path) = Load(name, culture)
                        ?? throw new TemplateException($"{FileName(name, culture)}: missing.", []);
                    RenderSource(source, path, culture, MessageSamples.For(kind));
                }
                catch (TemplateException e)
                {
                    errors.Add(e.Message);
                }
            }
        }
        if (errors.Count > 0)
        {
            throw new TemplateException("SMS templates are broken:\n" + string.Join('\n', errors), errors);
        }
    }

    /// <summary>Every template file there must be: <c>{name}.{culture}.scriban</c> for each message kind and culture.</summary>
    public static IReadOnlySet<string> FileNames { get; } =
        MessageKinds.All.SelectMany(kind => Cultures.Select(culture => FileName(kind.TemplateName(), culture))).ToHashSet(StringComparer.Ordinal);

    private static string FileName(string name, CultureInfo culture) => $"{name}.{culture.Name}.scriban";

    private (string Source, string Path)? Load(string name, CultureInfo culture)
    {
        var file = FileName(name, culture);
        if (overrides?.Find(file) is { } loaded)
        {
            return (loaded.Source, loaded.Origin);
        }
        if (overrideFolder is not null)
        {
            var path = Path.Combine(overrideFolder, file);
            if (File.Exists(path))
            {
                return (File.ReadAllText(path), path);
            }
        }
        using var stream = typeof(ScribanTemplateRenderer).Assembly.GetManifestResourceStream(ResourcePrefix + file);
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        return (reader.ReadToEnd(), file);
    }

    private static string RenderSource(string source, string path, CultureInfo culture, object model)
    {
        var template = Template.Parse(source, path);
        if (template.HasErrors)
        {
            var messages = template.Messages.Select(m => m.ToString()).ToList();
            throw new TemplateException($"{path}: {string.Join("; ", messages)}", messages);
        }
        var context = Context(model, culture);
        try
        {
            return template.Render(context).Trim();
        }
        catch (ScriptRuntimeException e)
        {
            throw new TemplateException($"{path}: {e.Message}", [e.Message]);
        }
    }

    /// <summary>
    /// What a template sees: <paramref name="model"/> under snake_case names and <c>format_date</c> in
    /// <paramref name="culture"/>, with strict variables and members. The approved templates' expressions see the same.
    /// </summary>
    internal static TemplateContext Context(object model, CultureInfo culture)
    {
        var globals = new ScriptObject();
        globals.Import(model, renamer: StandardMemberRenamer.Default);
        globals.Import("format_date", new Func<object, string, string>((value, format) => FormatDate(value, format, culture)));
        // visits | kinds: 2家企业、3户居民 (enterprises are counted with 家, households with 户).
        globals.Import("kinds", new Func<object, string>(items => KindCounts.Chinese(items is System.Collections.IEnumerable list ? list.OfType<IKindCounted>() : [])));
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            MemberRenamer = StandardMemberRenamer.Default,
            NewLine = "\n",
        };
        context.PushCulture(culture);
        context.PushGlobal(globals);
        return context;
    }

    private static string FormatDate(object value, string format, CultureInfo culture) => value switch
    {
        DateOnly date => date.ToString(format, culture),
        DateTime dateTime => dateTime.ToString(format, culture),
        DateTimeOffset offset => offset.ToString(format, culture),
        _ => throw new ArgumentException($"format_date expects a date, not {value?.GetType().Name ?? "null"}."),
    };

    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex TemplateName();
}
