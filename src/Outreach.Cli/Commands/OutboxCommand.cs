using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Outreach.Calendar;
using Outreach.Reminders;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>outbox [--status S] [--format table|json]</c>: the SMS outbox, phones masked; <c>outbox purge [--before D]</c>
/// deletes rows in a final state.
/// </summary>
internal static class OutboxCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(CliEnvironment environment)
    {
        var statuses = string.Join(", ", Enum.GetValues<OutboxStatus>().Select(s => s.ToWire()));
        var status = new Option<string?>("--status") { Description = $"Only rows with this status: {statuses}." };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("outbox", "List the SMS outbox: what was sent, is waiting, or was kept on this machine.");
        command.Options.Add(status);
        command.Options.Add(format);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            OutboxStatus? wanted = null;
            if (parsed.GetValue(status) is { } text)
            {
                wanted = OutboxStatuses.TryParse(text, out var s) ? s : throw new BadInputException($"--status '{text}' is unknown: use {statuses}.");
            }
            var rows = await context.Outbox.ListAsync(new OutboxFilter(wanted), cancellationToken);
            if (parsed.GetValue(format) == "json")
            {
                await context.Environment.Out.WriteLineAsync(JsonSerializer.Serialize(rows.Select(Document), Json));
            }
            else
            {
                await WriteTableAsync(context.Environment.Out, rows);
            }
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(Purge(environment));
        return command;
    }

    private static Command Purge(CliEnvironment environment)
    {
        var before = new Option<string?>("--before")
        {
            Description = "Delete rows dated before this day (YYYY-MM-DD, today at the latest); default: today minus ReminderOptions__RetentionDays (90).",
        };
        var command = new Command("purge", "Delete outbox rows in a final state (sent, dead, denied, cancelled, expired, kept-local); pending and failed rows are kept.");
        command.Options.Add(before);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var reminders = await context.RemindersAsync(cancellationToken);
            var cutoff = CliContext.ParseDate(parsed.GetValue(before), "--before") ?? reminders.RetentionCutoff();
            if (cutoff > context.Today)
            {
                throw new BadInputException($"--before {cutoff:yyyy-MM-dd} is in the future: use today ({context.Today:yyyy-MM-dd}) or an earlier date, so no reminder still to come is deleted.");
            }
            var deleted = await reminders.PurgeAsync(cutoff, cancellationToken);
            await context.Environment.Out.WriteLineAsync($"Deleted {deleted} outbox row(s) in a final state dated before {cutoff:yyyy-MM-dd}; pending and failed rows are kept.");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Each row's header line, then its text indented, and an approved template's id and variables.</summary>
    public static async Task WriteTableAsync(TextWriter output, IReadOnlyList<OutboxMessage> rows)
    {
        if (rows.Count == 0)
        {
            await output.WriteLineAsync("The outbox is empty.");
            return;
        }
        foreach (var row in rows)
        {
            var next = row.NextAttemptAt.ToOffset(ChinaTime.Offset).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);
            await output.WriteLineAsync(
                $"{row.Date:yyyy-MM-dd}  {row.Kind.TemplateName(),-17} {row.RecipientId,-8} {row.MaskedPhone,-16} {row.Status.ToWire(),-10} tries {row.Attempts}  {row.Segments} seg  due {next}{(row.LastError is null ? "" : "  " + row.LastError)}");
            foreach (var line in row.Text.Split('\n'))
            {
                await output.WriteLineAsync("    " + line);
            }
            if (row.Approved is { } approved)
            {
                await output.WriteLineAsync($"    template {approved.TemplateId}: {string.Join(" | ", approved.Params)}");
            }
        }
        await output.WriteLineAsync($"{rows.Count} message(s).");
    }

    private static object Document(OutboxMessage m) => new
    {
        id = m.Id,
        date = m.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        kind = m.Kind.TemplateName(),
        recipientId = m.RecipientId,
        phone = m.MaskedPhone,
        status = m.Status.ToWire(),
        attempts = m.Attempts,
        segments = m.Segments,
        text = m.Text,
        nextAttemptAt = m.NextAttemptAt.ToOffset(ChinaTime.Offset),
        expiresAt = m.ExpiresAt.ToOffset(ChinaTime.Offset),
        firstSent = m.FirstSent?.ToOffset(ChinaTime.Offset),
        messageId = m.MessageId,
        lastError = m.LastError,
        visitIds = m.VisitIds,
        templateId = m.Approved?.TemplateId,
        templateParams = m.Approved?.Params,
    };
}
