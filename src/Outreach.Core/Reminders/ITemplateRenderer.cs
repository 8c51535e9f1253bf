using System.Globalization;

namespace Outreach.Reminders;

/// <summary>Turns a message model into SMS text with a named template in a culture.</summary>
public interface ITemplateRenderer
{
    /// <summary>
    /// Renders template <paramref name="name"/> (e.g. <c>evening-digest</c>) for <paramref name="culture"/>,
    /// falling back to zh-CN when the culture has no template.
    /// </summary>
    /// <exception cref="TemplateException">The template is missing, does not parse or uses an unknown variable.</exception>
    string Render(string name, CultureInfo culture, object model);

    /// <summary>
    /// Parses every template and renders it against its sample model (<see cref="MessageSamples"/>), so a broken
    /// template fails at start rather than at 18:00.
    /// </summary>
    /// <exception cref="TemplateException">Lists every failing template by file name.</exception>
    void ValidateAll();
}

/// <summary>A template that is missing, does not parse, or refers to a variable its model lacks.</summary>
public sealed class TemplateException(string message, IReadOnlyList<string> errors) : Exception(message)
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Renders a message kind by its template name.</summary>
public static class TemplateRendererExtensions
{
    public static string Render(this ITemplateRenderer renderer, MessageKind kind, CultureInfo culture, object model) =>
        renderer.Render(kind.TemplateName(), culture, model);
}
