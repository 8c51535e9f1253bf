using System.CommandLine;
using Outreach.Roster;

namespace Outreach.Cli.Commands;

/// <summary><c>deny PHONE [--reason R]</c>: a coordinator puts a number on the SMS deny list (e.g. it replied 退订).</summary>
internal static class DenyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var phone = new Argument<string>("phone") { Description = $"The number, e.g. {Phones.Example} or 138 0013 8000." };
        var reason = new Option<string>("--reason") { Description = "Why, kept with the entry.", DefaultValueFactory = _ => "coordinator" };
        var command = new Command("deny", "Never send SMS to this number again: pending and future reminders to it are marked denied.");
        command.Arguments.Add(phone);
        command.Options.Add(reason);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var text = parsed.GetValue(phone)!;
            if (!Phones.TryNormalize(text, mobileOnly: false, out var e164))
            {
                throw new BadInputException($"'{Phones.Mask(text)}' is not a phone number: use E.164, e.g. {Phones.Example}.");
            }
            await context.Outbox.DenyAsync(e164, parsed.GetValue(reason)!, context.Clock.GetUtcNow(), cancellationToken);
            await context.Environment.Out.WriteLineAsync($"Denied {Phones.Mask(e164)}: no SMS will be sent to it.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
