using System.CommandLine;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Cli.Commands;

/// <summary><c>problems [--status S] [--grid G] [--department D] [--format table|json|csv]</c>: the problem list, as <c>GET /api/problems</c> gives it.</summary>
internal static class ProblemsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var statuses = string.Join(", ", Enum.GetValues<ProblemStatus>().Select(s => s.ToWire()));
        var status = new Option<string?>("--status") { Description = $"Only problems with this status: {statuses}." };
        var grid = new Option<string?>("--grid") { Description = "Only this grid." };
        var department = new Option<string?>("--department") { Description = "Only problems (last) dispatched to this department." };
        var format = new Option<string>("--format") { Description = "table, json or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(ProblemOutput.Formats);
        var command = new Command("problems", "List problems found on visits or opened directly.");
        foreach (var option in new Option[] { status, grid, department, format })
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var (filter, errors) = new ProblemQuery(parsed.GetValue(status), parsed.GetValue(grid), parsed.GetValue(department)).ToFilter();
            if (filter is null)
            {
                throw OutreachCli.Refuse(errors);
            }
            var problems = await (await context.ProblemsAsync(cancellationToken)).ListAsync(filter, cancellationToken);
            ProblemOutput.Write(context.Environment.Out, problems.Select(p => p.Problem).ToList(), parsed.GetValue(format)!);
            return ExitCodes.Success;
        }));
        return command;
    }
}
