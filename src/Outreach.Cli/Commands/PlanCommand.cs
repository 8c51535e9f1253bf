using System.CommandLine;
using Outreach.Planning;

namespace Outreach.Cli.Commands;

internal static class PlanCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var from = new Option<string>("--from") { Description = "First day, YYYY-MM-DD (never before today).", Required = true };
        var to = new Option<string>("--to") { Description = "Last day, YYYY-MM-DD.", Required = true };
        var grid = new Option<string?>("--grid") { Description = "Plan only this grid (with the grids it shares visitors with)." };
        var command = new Command("plan", "Plan visits for a date range, as the nightly queue function does, and report every shortfall.");
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(grid);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var first = CliContext.ParseDate(parsed.GetValue(from), "--from")!.Value;
            var last = CliContext.ParseDate(parsed.GetValue(to), "--to")!.Value;
            if (last < first)
            {
                throw new BadInputException($"--to {last:yyyy-MM-dd} is before --from {first:yyyy-MM-dd}: swap them.");
            }
            if (last.DayNumber - first.DayNumber >= PlanUnitMessages.MaxDays)
            {
                throw new BadInputException($"The range is longer than a year: plan at most {PlanUnitMessages.MaxDays} days at a time.");
            }
            if (last < context.Today)
            {
                throw new BadInputException($"--to {last:yyyy-MM-dd} is before today ({context.Today:yyyy-MM-dd}): nothing is planned in the past; pass --now to rehearse another day.");
            }
            PlanSummary summary;
            try
            {
                summary = await context.Planning.PlanAsync(first, last, parsed.GetValue(grid), cancellationToken);
            }
            catch (ArgumentException e) when (e.ParamName == "grid")
            {
                throw new BadInputException(e.Message.Split(" (Parameter", 2)[0]);
            }
            await PrintAsync(context.Environment.Out, summary, context.Today);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static async Task PrintAsync(TextWriter output, PlanSummary summary, DateOnly today)
    {
        var start = summary.From > today ? summary.From : today;
        await output.WriteLineAsync(
            $"Planned {summary.Planned} new visits ({summary.Repaired} repaired, {summary.Removed} removed) in {summary.Units.Count} planning unit(s); "
            + $"{summary.Total} visits from {start:yyyy-MM-dd} to {summary.To:yyyy-MM-dd}.");
        if (summary.Overdue.Count > 0)
        {
            var oldest = summary.Overdue[0];
            await output.WriteLineAsync($"Overdue: {summary.Overdue.Count} visit(s) past their day with no outcome, the oldest {oldest.Id} on {oldest.Date:yyyy-MM-dd}.");
        }
        foreach (var flag in summary.Flags)
        {
            await output.WriteLineAsync($"Flagged: {flag.TargetId} (grid {flag.Grid}) {(flag.Reason == TargetFlagReason.Unreachable ? "unreachable" : "refused")}: {flag.Detail}.");
        }
        if (summary.Shortfalls.Count == 0)
        {
            await output.WriteLineAsync("No shortfalls.");
            return;
        }
        await output.WriteLineAsync($"Shortfalls ({summary.Shortfalls.Count}):");
        foreach (var s in summary.Shortfalls)
        {
            await output.WriteLineAsync($"  {s.TargetId} (grid {s.Grid}) window {s.WindowStart:yyyy-MM-dd}..{s.WindowEnd:yyyy-MM-dd}: {ReasonText(s.Reason)}: {s.Detail}");
        }
    }

    private static string ReasonText(ShortfallReason reason) => reason switch
    {
        ShortfallReason.NoPolicy => "no-policy",
        ShortfallReason.NoEligibleVisitor => "no-eligible-visitor",
        ShortfallReason.NoWorkingDay => "no-working-day",
        ShortfallReason.NoCapacity => "no-capacity",
        _ => reason.ToString(),
    };
}
