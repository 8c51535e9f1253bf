using System.CommandLine;
using Outreach.Pages;
using Outreach.Pages.Reports;
using Outreach.Reports;
using Outreach.Roster;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>report coverage|visitors|problems --from D --to D [--grid G] [--format table|json|csv|xlsx] [--out FILE.xlsx] [--late N]</c>: the
/// coordinator's figures, the same JSON as <c>GET /api/reports/{kind}</c>; grids read so far show on a terminal's stderr.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("report", "Coverage, visitor performance and problem figures for a period.");
        var late = new Option<int?>("--late")
        {
            Description = $"How many late targets to list, longest late first (default: all in json, {TableLate} in a table; csv lists none).",
        };
        command.Subcommands.Add(Kind(environment, "coverage", "Targets visited in the period (遍访率), cadence windows met (按期率), the targets late now and those not yet due.",
            async (service, run) => await service.CoverageAsync(run.Period, run.Grid, LateLimit(run, late), run.Progress, run.CancellationToken), late));
        command.Subcommands.Add(Kind(environment, "visitors", "Planned, completed and overdue visits per visitor and grid, laggards first.",
            async (service, run) => await service.VisitorsAsync(run.Period, run.Grid, run.Progress, run.CancellationToken)));
        command.Subcommands.Add(Kind(environment, "problems", "Problems by status, department and category, times to accept and resolve, overdue and escalated ones.",
            async (service, run) => await service.ProblemsAsync(run.Period, run.Grid, run.Progress, run.CancellationToken)));
        command.Subcommands.Add(Html(environment));
        command.Subcommands.Add(PointsCommand.Report(environment));
        return command;
    }

    /// <summary><c>report html --from D --to D [--grid G] --out FILE</c>: the coordinator's page, one self-contained file.</summary>
    private static Command Html(CliEnvironment environment)
    {
        var from = new Option<string>("--from") { Description = "First day, YYYY-MM-DD.", Required = true };
        var to = new Option<string>("--to") { Description = "Last day, YYYY-MM-DD.", Required = true };
        var grid = new Option<string?>("--grid") { Description = "Only this grid." };
        var output = new Option<string>("--out") { Description = "The HTML file to write (it opens offline).", Required = true };
        var command = new Command("html", "One self-contained HTML page: headline, coverage by grid, daily planned vs done, lagging visitors, open problems.");
        foreach (var option in new Option[] { from, to, grid, output })
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var period = Period(parsed.GetValue(from), parsed.GetValue(to));
            var dashboard = await ReportProgressBar.RunAsync(context.Environment,
                progress => context.Reports.DashboardAsync(period, Grid(parsed.GetValue(grid)), progress, cancellationToken));
            var path = Path.GetFullPath(parsed.GetValue(output)!, context.Environment.WorkingDirectory);
            await using var renderer = new PageRenderer();
            var html = await renderer.RenderAsync<DashboardPage>(new() { [nameof(DashboardPage.Dashboard)] = dashboard });
            await File.WriteAllTextAsync(path, html, cancellationToken);
            await context.Environment.Out.WriteLineAsync($"Wrote {path}: {dashboard.Problems.Headline}");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The period of <c>--from</c> and <c>--to</c>, read as the API reads <c>from</c> and <c>to</c>.</summary>
    private static ReportPeriod Period(string? from, string? to)
    {
        var errors = new List<FieldError>();
        return ReportPeriod.Parse(from, to, errors, "--from", "--to") ?? throw new BadInputException(string.Join(Environment.NewLine, errors.Select(e => e.Message)));
    }

    private static string? Grid(string? text)
    {
        var errors = new List<FieldError>();
        return Input.QueryValues.Id(text, "grid", errors) is var id && errors.Count == 0 ? id : throw OutreachCli.Refuse(errors);
    }

    /// <summary>
    /// The late targets a table lists unless told otherwise: a city can have hundreds of thousands, which no one
    /// reads in a terminal; json keeps them all (the HTTP API's contract) and csv, one table only, has none.
    /// </summary>
    private const int TableLate = 50;

    private static int? LateLimit(ReportRun run, Option<int?> option) => run.Parsed.GetValue(option) switch
    {
        < 0 and var n => throw new BadInputException($"--late {n} is negative: give how many late targets to list, 0 or more."),
        { } n => n,
        null => run.Format switch { "json" or SheetExport.Format => null, "csv" => 0, _ => TableLate },
    };

    /// <summary>What one <c>report {kind}</c> run asks for.</summary>
    private sealed record ReportRun(ParseResult Parsed, ReportPeriod Period, string? Grid, string Format, IProgress<ReportProgress>? Progress, CancellationToken CancellationToken);

    private static Command Kind(CliEnvironment environment, string name, string description, Func<ReportService, ReportRun, Task<object>> run, params Option[] extra)
    {
        var from = new Option<string>("--from") { Description = "First day, YYYY-MM-DD.", Required = true };
        var to = new Option<string>("--to") { Description = "Last day, YYYY-MM-DD.", Required = true };
        var grid = new Option<string?>("--grid") { Description = "Only this grid." };
        var format = new Option<string>("--format") { Description = "table, json, csv or xlsx (a workbook, one sheet per table: give --out).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(ReportOutput.Formats);
        var output = new Option<string?>("--out") { Description = "The .xlsx file --format xlsx writes." };
        var command = new Command(name, description);
        foreach (var option in new Option[] { from, to, grid, format, output }.Concat(extra))
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var formatName = parsed.GetValue(format)!;
            SheetExport.CheckOut(formatName, parsed.GetValue(output));
            var path = formatName == SheetExport.Format ? SheetExport.OutPath(context, parsed.GetValue(output)) : null;
            var period = Period(parsed.GetValue(from), parsed.GetValue(to));
            var gridId = Grid(parsed.GetValue(grid));
            var report = await ReportProgressBar.RunAsync(context.Environment,
                progress => run(context.Reports, new ReportRun(parsed, period, gridId, parsed.GetValue(format)!, progress, cancellationToken)));
            if (path is not null)
            {
                ReportOutput.WriteWorkbook(path, report);
                await context.Environment.Out.WriteLineAsync($"Wrote {path}.");
                return ExitCodes.Success;
            }
            ReportOutput.Write(context.Environment.Out, report, formatName);
            return ExitCodes.Success;
        }));
        return command;
    }
}
