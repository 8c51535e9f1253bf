namespace Outreach.Adapters.Reminders;

/// <summary>Templates that replace embedded ones, already in memory: a render must not wait on I/O.</summary>
public interface ITemplateOverrides
{
    /// <summary>The override for <paramref name="fileName"/> (<c>evening-digest.zh-CN.scriban</c>), or null.</summary>
    TemplateOverride? Find(string fileName);
}

/// <param name="Origin">Where it came from, named in errors, e.g. <c>sms-templates/evening-digest.zh-CN.scriban</c>.</param>
public sealed record TemplateOverride(string Source, string Origin);
