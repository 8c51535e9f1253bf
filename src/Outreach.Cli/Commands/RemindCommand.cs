using System.CommandLine;
using Outreach.Reminders;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>remind --at DATETIME</c>: composes every reminder due at that moment, as the timers would, then drains the
/// outbox through the configured sender. Rows have deterministic keys, so a second run for the same moment
/// sends nothing new.
/// </summary>
internal static class RemindCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var at = new Option<string?>("--at") { Description = "The moment, e.g. 2026-12-07T18:00 (China time); default: now (or --now)." };
        var command = new Command("remind", "Compose the SMS reminders due at a moment and send (or, with no gateway, keep) them.");
        command.Options.Add(at);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var moment = context.Clock.GetUtcNow();
            if (parsed.GetValue(at) is { } text)
            {
                moment = FixedClock.TryParse(text, out var parsedAt) && parsedAt.Year is >= 2000 and <= 2100
                    ? parsedAt
                    : throw new BadInputException($"--at '{text}' is not a date-time: use YYYY-MM-DDTHH:MM (China time), e.g. 2026-12-07T18:00.");
            }
            var reminders = await context.RemindersAsync(cancellationToken);
            var composed = await reminders.ComposeAsync(moment, cancellationToken);
            var drained = await reminders.DrainAsync(moment, cancellationToken);
            var output = context.Environment.Out;
            await output.WriteLineAsync($"Composed {composed.Added.Count} new message(s) ({composed.AlreadyThere} already in the outbox).");
            await output.WriteLineAsync(
                $"Sent {drained.Sent}, kept in the outbox {drained.KeptLocal}, failed {drained.Failed}, dead {drained.Dead}, denied {drained.Denied}, cancelled {drained.Cancelled}, expired {drained.Expired}.");
            if (drained.Left > 0)
            {
                await output.WriteLineAsync($"Stopped with {drained.Left} due message(s) left (quiet hours began or ReminderOptions__DrainBudgetMinutes ran out): run remind again, or let DrainOutbox send them.");
            }
            if (QuietHours.Contains(moment))
            {
                await output.WriteLineAsync("Quiet hours (21:00-08:00 China time): nothing is sent now; due messages wait for 08:00.");
            }
            if (drained.KeptLocal > 0)
            {
                await output.WriteLineAsync("No SMS gateway configured (Sms__ConnectionString or Sms__Endpoint, and Sms__From; or Sms__Provider=tencent with Sms__Tencent__SecretId and Sms__Tencent__SecretKey): nothing left this machine. See them with: outbox");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
