using System.CommandLine;
using Outreach.Planning;

namespace Outreach.Cli.Commands;

internal static class VisitsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var visitor = new Option<string?>("--visitor") { Description = "Only this visitor's visits." };
        var target = new Option<string?>("--target") { Description = "Only visits to this enterprise or household." };
        var grid = new Option<string?>("--grid") { Description = "Only this grid." };
        var from = new Option<string?>("--from") { Description = "First day, YYYY-MM-DD (default: today)." };
        var to = new Option<string?>("--to") { Description = "Last day, YYYY-MM-DD (default: 27 days after --from)." };
        var format = new Option<string>("--format") { Description = "table, json or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(VisitOutput.Formats);
        var command = new Command("visits", "List planned visits.");
        foreach (var option in new Option[] { visitor, target, grid, from, to, format })
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var first = CliContext.ParseDate(parsed.GetValue(from), "--from") ?? context.Today;
            var last = CliContext.ParseDate(parsed.GetValue(to), "--to") ?? first.AddDays(27);
            var filter = new VisitFilter(first, last, parsed.GetValue(visitor), parsed.GetValue(target), parsed.GetValue(grid));
            var visits = await context.Visits.FindAsync(filter, cancellationToken);
            VisitOutput.Write(context.Environment.Out, visits, parsed.GetValue(format)!);
            return ExitCodes.Success;
        }));
        return command;
    }
}
