using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Outreach.Calendar;
using Outreach.Queues;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>poison [plan-units|sms-inbound] [--format table|json]</c>: the messages the Functions host gave up on, with what each
/// was about and its last error; <c>poison redrive plan-units|sms-inbound</c> puts them back on their queue.
/// </summary>
internal static class PoisonCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(CliEnvironment environment)
    {
        var queue = new Argument<string?>("queue") { Description = $"{QueueKinds.Choices} (default: both).", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("poison", "List the queue messages that failed every try (planning units, SMS replies), with the unit or reply and the last error.");
        command.Arguments.Add(queue);
        command.Options.Add(format);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var queues = parsed.GetValue(queue) is { } name ? [Parse(name)] : QueueKinds.All;
            var poison = context.Poison;
            var lists = new List<PoisonList>();
            foreach (var kind in queues)
            {
                lists.Add(await poison.ListAsync(kind, cancellationToken));
            }
            if (parsed.GetValue(format) == "json")
            {
                await context.Environment.Out.WriteLineAsync(JsonSerializer.Serialize(lists.SelectMany(l => l.Messages).Select(Document), Json));
                return ExitCodes.Success;
            }
            foreach (var list in lists)
            {
                await WriteTableAsync(context.Environment.Out, list);
            }
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(Redrive(environment));
        return command;
    }

    private static Command Redrive(CliEnvironment environment)
    {
        var queue = new Argument<string>("queue") { Description = QueueKinds.Choices + "." };
        var command = new Command("redrive", "Put the poison queue's messages back on their queue once the cause is fixed; one that does not read is left where it is.");
        command.Arguments.Add(queue);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var kind = Parse(parsed.GetValue(queue));
            var result = await context.Poison.RedriveAsync(kind, cancellationToken);
            var output = context.Environment.Out;
            foreach (var message in result.Moved.Concat(result.Duplicated))
            {
                await output.WriteLineAsync($"Moved {message.MessageId}  {message.Subject}");
            }
            foreach (var message in result.LeftUnreadable)
            {
                await output.WriteLineAsync($"Left  {message.MessageId}  {message.Subject}");
            }
            await output.WriteLineAsync(
                $"Re-drove {result.Moved.Count + result.Duplicated.Count} message(s) to {result.Live}"
                + (result.LeftUnreadable.Count > 0 ? $"; left {result.LeftUnreadable.Count} that do(es) not read in {context.Poison.Names.Poison(kind)}" : "")
                + ".");
            if (result.Duplicated.Count > 0)
            {
                await output.WriteLineAsync($"{result.Duplicated.Count} of them could not be deleted from the poison queue and will be moved again by the next redrive; handling one twice changes nothing.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static QueueKind Parse(string? name) =>
        QueueKinds.TryParse(name, out var kind) ? kind : throw new BadInputException($"Unknown queue '{name}': use {QueueKinds.Choices}.");

    private static async Task WriteTableAsync(TextWriter output, PoisonList list)
    {
        if (list.Total == 0)
        {
            await output.WriteLineAsync($"{list.Poison}: empty.");
            return;
        }
        await output.WriteLineAsync(list.Messages.Count < list.Total
            ? $"{list.Poison}: {list.Total} message(s), the first {list.Messages.Count} shown."
            : $"{list.Poison}: {list.Total} message(s).");
        foreach (var m in list.Messages)
        {
            var failure = m.LastFailure is { } f ? $"failed {f.Failures}x, last {China(f.LastFailedAt)}: {f.LastError}" : "no failure recorded";
            await output.WriteLineAsync($"  {China(m.PoisonedAt),-11}  {m.MessageId,-36}  {m.Subject}");
            await output.WriteLineAsync($"      {failure}");
        }
    }

    private static string China(DateTimeOffset? at) =>
        at?.ToOffset(ChinaTime.Offset).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";

    private static object Document(PoisonedMessage m) => new
    {
        queue = m.Queue.ToWire(),
        messageId = m.MessageId,
        poisonedAt = m.PoisonedAt?.ToOffset(ChinaTime.Offset),
        grids = m.Unit?.Grids,
        from = m.Unit?.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        to = m.Unit?.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        smsMessageId = m.Sms?.MessageId,
        phone = m.Sms?.MaskedFrom,
        receivedAt = m.Sms?.ReceivedAt.ToOffset(ChinaTime.Offset),
        unreadable = m.Unreadable,
        failures = m.LastFailure?.Failures,
        firstFailedAt = m.LastFailure?.FirstFailedAt.ToOffset(ChinaTime.Offset),
        lastFailedAt = m.LastFailure?.LastFailedAt.ToOffset(ChinaTime.Offset),
        lastError = m.LastFailure?.LastError,
    };
}
