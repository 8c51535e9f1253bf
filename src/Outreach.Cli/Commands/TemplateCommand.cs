using System.CommandLine;
using System.Globalization;
using Outreach.Reminders;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>template preview NAME [--culture zh-CN|en-US] [--visitor ID --date D]</c>: a template rendered with its
/// sample, or with --visitor and --date the real message for that visitor and day from storage (nothing is
/// written to the outbox), and what it costs as SMS.
/// </summary>
internal static class TemplateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var names = string.Join(", ", MessageKinds.All.Select(k => k.TemplateName()));
        var name = new Argument<string>("name") { Description = $"One of {names}." };
        var culture = new Option<string>("--culture") { Description = "zh-CN or en-US.", DefaultValueFactory = _ => "zh-CN" };
        culture.AcceptOnlyFromAmong("zh-CN", "en-US");
        var visitor = new Option<string?>("--visitor") { Description = "Render the real message for this visitor (or supervisor) from storage; needs --date." };
        var date = new Option<string?>("--date") { Description = "YYYY-MM-DD: the visit day of a digest or reminder, the day an overdue message is composed; needs --visitor." };
        var preview = new Command("preview", "Render a template with its sample message, or a visitor's real message for a day, and count its characters and SMS segments.");
        preview.Arguments.Add(name);
        preview.Options.Add(culture);
        preview.Options.Add(visitor);
        preview.Options.Add(date);
        preview.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var text = parsed.GetValue(name)!;
            var kind = MessageKinds.All.Where(k => k.TemplateName() == text).Cast<MessageKind?>().FirstOrDefault()
                ?? throw new BadInputException($"No template '{text}': use one of {names}.");
            var (visitorId, dateText) = (parsed.GetValue(visitor), parsed.GetValue(date));
            if ((visitorId is null) != (dateText is null))
            {
                throw new BadInputException("--visitor and --date go together: give both for a visitor's real message (e.g. --visitor v1 --date 2026-12-08), or neither for the sample.");
            }
            string rendered;
            try
            {
                rendered = visitorId is null
                    ? (await context.TemplatesAsync(cancellationToken)).Render(kind, CultureInfo.GetCultureInfo(parsed.GetValue(culture)!), MessageSamples.For(kind))
                    : await PreviewAsync(context, kind, parsed.GetValue(culture)!, visitorId, CliContext.ParseDate(dateText, "--date")!.Value, cancellationToken);
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
            if (visitorId is not null)
            {
                await output.WriteLineAsync($"Composed from storage for {visitorId} on {dateText}; nothing was written to the outbox.");
            }
            return ExitCodes.Success;
        }));
        var command = new Command("template", "SMS templates.");
        command.Subcommands.Add(preview);
        return command;
    }

    private static async Task<string> PreviewAsync(CliContext context, MessageKind kind, string culture, string visitorId, DateOnly date, CancellationToken cancellationToken)
    {
        var message = await (await context.RemindersAsync(cancellationToken)).PreviewAsync(kind, visitorId, date, CultureInfo.GetCultureInfo(culture), cancellationToken);
        return message?.Text ?? throw new BadInputException(kind switch
        {
            MessageKind.OverdueNudge => $"{visitorId} has no visit before {date:yyyy-MM-dd} still waiting for an outcome: nothing to nudge about. Pick a later --date, or see `visits --visitor {visitorId}`.",
            MessageKind.OverdueDigest => $"Nobody {visitorId} supervises has a visit before {date:yyyy-MM-dd} still waiting for an outcome: no digest that day. Check the visitors' supervisor column, or pick a later --date.",
            _ => $"{visitorId} has no planned visit without an outcome on {date:yyyy-MM-dd}: nothing to remind of. Pick a day from `visits --visitor {visitorId}`.",
        });
    }
}
