using System.CommandLine;
using System.Text;
using Outreach.Import;

namespace Outreach.Cli.Commands;

internal static class ImportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var kinds = string.Join("|", Enum.GetValues<ImportKind>().Select(k => k.ToWire()));
        var kind = new Argument<string>("kind") { Description = $"What the file holds: {kinds}." };
        var file = new Argument<string>("file") { Description = "A UTF-8 CSV file with a header row." };
        var command = new Command("import", "Import a roster file; a file with any bad row imports nothing and lists every bad row.");
        command.Arguments.Add(kind);
        command.Arguments.Add(file);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var kindText = parsed.GetValue(kind)!;
            if (!ImportKinds.TryParse(kindText, out var importKind))
            {
                throw new BadInputException($"Unknown import kind '{kindText}': use one of {kinds}.");
            }
            var report = await ImportFileAsync(context, importKind, parsed.GetValue(file)!, cancellationToken);
            return report.Succeeded ? ExitCodes.Success : ExitCodes.BadInput;
        }));
        return command;
    }

    /// <summary>Imports one file and prints what happened; shared with <c>demo</c>.</summary>
    public static async Task<ImportReport> ImportFileAsync(CliContext context, ImportKind kind, string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path, context.Environment.WorkingDirectory);
        if (!File.Exists(full))
        {
            throw new BadInputException($"File '{path}' not found: give the path of a {kind.ToWire()} CSV file.");
        }
        ImportReport report;
        try
        {
            // Strict UTF-8: Excel on a Chinese Windows saves "CSV" as GBK, which would import as mojibake.
            using var reader = new StreamReader(full, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            report = await context.Import.ImportAsync(kind, reader, cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            throw new BadInputException($"{path} is not UTF-8 (perhaps GBK): in Excel save it as 'CSV UTF-8 (逗号分隔)', then import again. Nothing was imported.");
        }
        var output = context.Environment.Out;
        foreach (var warning in report.Warnings)
        {
            await output.WriteLineAsync($"warning: {path} {warning}");
        }
        if (report.Succeeded)
        {
            await output.WriteLineAsync($"Imported {report.Imported} {(kind == ImportKind.Calendar ? "calendar entries" : kind.ToWire())} from {path}.");
        }
        else
        {
            var error = context.Environment.Error;
            await error.WriteLineAsync($"{path}: {report.Errors.Count} problem(s), nothing imported:");
            foreach (var issue in report.Errors)
            {
                await error.WriteLineAsync($"  {issue}");
            }
        }
        return report;
    }
}
