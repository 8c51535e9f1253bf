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
        var format = new Option<string>("--format") { Description = "table, json, csv or xlsx (a workbook: give --out).", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--out") { Description = "The .xlsx file --format xlsx writes." };
        format.AcceptOnlyFromAmong(VisitOutput.Formats);
        var command = new Command("visits", "List planned visits.");
        foreach (var option in new Option[] { visitor, target, grid, from, to, format, output })
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var formatName = parsed.GetValue(format)!;
            SheetExport.CheckOut(formatName, parsed.GetValue(output));
            var path = formatName == SheetExport.Format ? SheetExport.OutPath(context, parsed.GetValue(output)) : null;
            var first = CliContext.ParseDate(parsed.GetValue(from), "--from") ?? context.Today;
            var last = CliContext.ParseDate(parsed.GetValue(to), "--to") ?? first.AddDays(27);
            var filter = new VisitFilter(first, last, parsed.GetValue(visitor), parsed.GetValue(target), parsed.GetValue(grid));
            var visits = await context.Visits.FindAsync(filter, cancellationToken);
            if (path is not null)
            {
                VisitOutput.WriteWorkbook(path, visits);
                await context.Environment.Out.WriteLineAsync($"Wrote {path}: {visits.Count} visit(s).");
                return ExitCodes.Success;
            }
            VisitOutput.Write(context.Environment.Out, visits, formatName);
            return ExitCodes.Success;
        }));
        return command;
    }
}
