using System.CommandLine;
using System.Globalization;
using Outreach.Reminders;

namespace Outreach.Cli.Commands;

/// <summary><c>template preview NAME [--culture zh-CN|en-US]</c>: a template rendered with its sample, and what it costs as SMS.</summary>
internal static class TemplateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var names = string.Join(", ", MessageKinds.All.Select(k => k.TemplateName()));
        var name = new Argument<string>("name") { Description = $"One of {names}." };
        var culture = new Option<string>("--culture") { Description = "zh-CN or en-US.", DefaultValueFactory = _ => "zh-CN" };
        culture.AcceptOnlyFromAmong("zh-CN", "en-US");
        var preview = new Command("preview", "Render a template with its sample message and count its characters and SMS segments.");
        preview.Arguments.Add(name);
        preview.Options.Add(culture);
        preview.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var text = parsed.GetValue(name)!;
            var kind = MessageKinds.All.Where(k => k.TemplateName() == text).Cast<MessageKind?>().FirstOrDefault()
                ?? throw new BadInputException($"No template '{text}': use one of {names}.");
            string rendered;
            try
            {
                rendered = ReminderSetup.Renderer(environment).Render(kind, CultureInfo.GetCultureInfo(parsed.GetValue(culture)!), MessageSamples.For(kind));
            }
            catch (TemplateException e)
            {
                throw new BadInputException(e.Message);
            }
            var count = SmsSegments.Count(rendered);
            var output = context.Environment.Out;
            await output.WriteLineAsync(rendered);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"{count.Characters} characters, {count.Encoding.ToString().ToUpperInvariant()} ({count.Units} units), {count.Segments} segment(s).");
            return ExitCodes.Success;
        }));
        var command = new Command("template", "SMS templates.");
        command.Subcommands.Add(preview);
        return command;
    }
}
