using System.CommandLine;
using System.Text;
using Outreach.Reminders;
using Outreach.Roster;
using QRCoder;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>request-link TARGET [--grid G] [--rotate]</c>: the link a target places requests with (企业下单、居民点单), rotated on
/// demand (the old one then refuses, saying whom to ask); <c>request-links --out FILE.csv [--qr DIR]</c>: every target's
/// link in a CSV for printing, and with <c>--qr</c> one SVG QR code per target for the 党群服务站 door.
/// </summary>
internal static class RequestLinkCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var target = new Argument<string>("target") { Description = "The enterprise's or household's id, as in the roster." };
        var grid = new Option<string?>("--grid") { Description = "The target's grid, when two grids have a target of that id." };
        var rotate = new Option<bool>("--rotate") { Description = "Replace the target's link: every earlier link (and printed QR code) stops working." };
        var command = new Command("request-link", "Print a target's request link (企业下单、居民点单); --rotate replaces it.");
        command.Arguments.Add(target);
        command.Options.Add(grid);
        command.Options.Add(rotate);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var id = parsed.GetValue(target)!;
            var found = (await context.Roster.FindTargetsAsync(id, cancellationToken)).Where(t => parsed.GetValue(grid) is not { } g || t.Grid == g).ToList();
            var chosen = found switch
            {
                [var one] => one,
                [] => throw new BadInputException($"No target '{id}'{(parsed.GetValue(grid) is { } g ? $" in grid {g}" : "")}: check its id in enterprises.csv or households.csv, and that they are imported."),
                _ => throw new BadInputException($"Target '{id}' is in grids {string.Join(", ", found.Select(t => t.Grid))}: add --grid to say which."),
            };
            var token = await context.Requests.TokenAsync(chosen, parsed.GetValue(rotate), cancellationToken);
            await context.Environment.Out.WriteLineAsync(context.Options<ReminderOptions>().LinkBaseUrl + token);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command CreateBatch(CliEnvironment environment)
    {
        var output = new Option<FileInfo>("--out") { Description = "The CSV to write: grid,target_id,kind,name,link,qr_file.", Required = true };
        var qr = new Option<DirectoryInfo?>("--qr") { Description = "A folder for one SVG QR code per target ({grid}_{target}.svg); created if missing." };
        var command = new Command("request-links", "Write every target's request link to a CSV for printing, and with --qr their QR codes as SVG.");
        command.Options.Add(output);
        command.Options.Add(qr);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var linkBase = context.Options<ReminderOptions>().LinkBaseUrl;
            var folder = parsed.GetValue(qr);
            folder?.Create();
            var csv = new StringBuilder("grid,target_id,kind,name,link,qr_file\n");
            var targets = await context.Requests.AllTargetsAsync(cancellationToken);
            foreach (var t in targets)
            {
                var link = linkBase + await context.Requests.TokenAsync(t, rotate: false, cancellationToken);
                string? file = null;
                if (folder is not null)
                {
                    file = $"{t.Grid}_{t.Id}.svg";
                    await File.WriteAllTextAsync(Path.Combine(folder.FullName, file), Svg(link), cancellationToken);
                }
                csv.AppendJoin(',', new[] { t.Grid, t.Id, t.Kind.ToWire(), t.Name, link, file ?? "" }.Select(ReportOutput.Quote)).Append('\n');
            }
            // UTF-8 with a BOM: Excel on a Chinese Windows reads the names right only then.
            await File.WriteAllTextAsync(parsed.GetValue(output)!.FullName, csv.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), cancellationToken);
            await context.Environment.Out.WriteLineAsync($"Wrote {targets.Count} request links to {parsed.GetValue(output)!.FullName}{(folder is null ? "" : $" and their QR codes to {folder.FullName}")}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A QR code of <paramref name="link"/> as SVG: error correction M (a door gets scuffed), 8 pixels a module.</summary>
    internal static string Svg(string link)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(link, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }
}
