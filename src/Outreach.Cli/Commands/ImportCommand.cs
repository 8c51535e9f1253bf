using System.CommandLine;
using System.Globalization;
using System.Text;
using Outreach.Adapters.Workbooks;
using Outreach.Import;

namespace Outreach.Cli.Commands;

internal static class ImportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var kinds = string.Join("|", Enum.GetValues<ImportKind>().Select(k => k.ToWire()));
        var kind = new Argument<string>("kind") { Description = $"What the file holds: {kinds}; all (every sheet of a workbook); template (write the workbook to fill in)." };
        var file = new Argument<string>("file") { Description = "A UTF-8 CSV file with a header row, or an .xlsx workbook." };
        var command = new Command("import", "Import a roster file or workbook; a file or sheet with any bad row imports nothing and lists every bad row.");
        command.Arguments.Add(kind);
        command.Arguments.Add(file);
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var kindText = parsed.GetValue(kind)!;
            var path = parsed.GetValue(file)!;
            switch (kindText.Trim().ToLowerInvariant())
            {
                case "template":
                    return await WriteTemplateAsync(context, path);
                case "all":
                    var workbook = await ImportWorkbookAsync(context, path, cancellationToken);
                    return workbook.Succeeded ? ExitCodes.Success : ExitCodes.BadInput;
            }
            if (!ImportKinds.TryParse(kindText, out var importKind))
            {
                throw new BadInputException($"Unknown import kind '{kindText}': use one of {kinds}, all or template.");
            }
            var report = await ImportFileAsync(context, importKind, path, cancellationToken);
            return report.Succeeded ? ExitCodes.Success : ExitCodes.BadInput;
        }));
        return command;
    }

    /// <summary>Imports one file (a CSV, or the kind's sheet of a workbook) and prints what happened; shared with <c>demo</c>.</summary>
    public static async Task<ImportReport> ImportFileAsync(CliContext context, ImportKind kind, string path, CancellationToken cancellationToken)
    {
        var full = Existing(context, path, $"a {kind.ToWire()} CSV file or workbook");
        if (IsWorkbook(path) || IsZip(full))
        {
            using var workbook = XlsxWorkbook.Open(full, path);
            var sheet = SheetFor(workbook, kind, path);
            var sheetReport = await context.Import.ImportAsync(kind, RosterSource.Sheet(sheet, workbook.Rows(sheet)), cancellationToken);
            await PrintAsync(context, kind, $"{path} sheet '{sheet}'", sheetReport);
            return sheetReport;
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
            throw new BadInputException($"{path} is not UTF-8 (perhaps GBK): in Excel save it as 'CSV UTF-8 (逗号分隔)', or import the .xlsx workbook itself. Nothing was imported.");
        }
        await PrintAsync(context, kind, path, report);
        return report;
    }

    /// <summary><c>import all FILE.xlsx</c>: every sheet named after a kind, in dependency order, then one summary.</summary>
    private static async Task<WorkbookImportReport> ImportWorkbookAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        var full = Existing(context, path, "an .xlsx workbook with one sheet per kind");
        if (!IsWorkbook(path))
        {
            throw new BadInputException($"import all reads a workbook: give an .xlsx file with one sheet per kind ({Kinds()}), or import each CSV file with import KIND FILE.csv.");
        }
        using var workbook = XlsxWorkbook.Open(full, path);
        var report = await context.Import.ImportWorkbookAsync(workbook.SheetNames, sheet => RosterSource.Sheet(sheet, workbook.Rows(sheet)), cancellationToken);
        foreach (var unknown in report.UnknownSheets)
        {
            await context.Environment.Out.WriteLineAsync($"warning: {path} sheet '{unknown}' is not a kind and is skipped: name the sheets {Kinds()}.");
        }
        foreach (var sheet in report.Sheets)
        {
            await PrintAsync(context, sheet.Report.Kind, $"{path} sheet '{sheet.Sheet}'", sheet.Report);
        }
        if (report.Sheets.Count == 0)
        {
            throw new BadInputException($"{path} has no sheet named after a kind (its sheets: {string.Join(", ", workbook.SheetNames)}): name the sheets {Kinds()}, or write the template with import template FILE.xlsx.");
        }
        var summary = string.Join(", ", report.Sheets.Select(s => s.Report.Succeeded
            ? string.Create(CultureInfo.InvariantCulture, $"{s.Sheet} {s.Report.Imported}")
            : string.Create(CultureInfo.InvariantCulture, $"{s.Sheet} refused ({s.Report.Errors.Count} problem(s))")));
        var refused = report.Sheets.Count(s => !s.Report.Succeeded);
        await context.Environment.Out.WriteLineAsync(refused == 0
            ? $"Imported {path}: {summary}."
            : $"{path}: {refused} of {report.Sheets.Count} sheet(s) refused, nothing of those imported: {summary}.");
        return report;
    }

    /// <summary><c>import template FILE.xlsx</c>: one sheet per kind, the header, the notes in Chinese and one example.</summary>
    private static async Task<int> WriteTemplateAsync(CliContext context, string path)
    {
        if (!IsWorkbook(path))
        {
            throw new BadInputException($"The template is a workbook: give a file name ending in .xlsx, e.g. import template roster.xlsx.");
        }
        var full = Path.GetFullPath(path, context.Environment.WorkingDirectory);
        var tables = Enum.GetValues<ImportKind>().Select(kind => new SheetTable(
            kind.ToWire(),
            ImportTemplate.Header(kind),
            [ImportTemplate.NotesRow(kind), Example(kind)])
        {
            FrozenRows = 2,
            TextColumns = true,
        }).ToList();
        XlsxWriter.Write(full, tables);
        await context.Environment.Out.WriteLineAsync($"Wrote {full}: one sheet per kind ({Kinds()}), the header, a row of notes and one example each; fill it in and import it with import all {path}.");
        return ExitCodes.Success;
    }

    /// <summary>The example row, its dates as dates as a coordinator would type them.</summary>
    private static object?[] Example(ImportKind kind) =>
        ImportTemplate.Header(kind).Zip(ImportTemplate.ExampleRow(kind))
            .Select(pair => pair.First == "date" && CsvRowDate(pair.Second) is { } date ? (object)date : pair.Second)
            .ToArray();

    private static DateOnly? CsvRowDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>The sheet named after the kind, or the only sheet.</summary>
    private static string SheetFor(XlsxWorkbook workbook, ImportKind kind, string path)
    {
        var names = workbook.SheetNames;
        var named = names.Where(n => ImportKinds.TryParse(n, out var k) && k == kind).ToList();
        return named.Count switch
        {
            1 => named[0],
            0 when names.Count == 1 => names[0],
            0 => throw new BadInputException($"{path} has no sheet named '{kind.ToWire()}' (its sheets: {string.Join(", ", names)}): rename the sheet that holds the {kind.ToWire()} to {kind.ToWire()}, or import the whole workbook with import all {path}."),
            _ => throw new BadInputException($"{path} has {named.Count} sheets named '{kind.ToWire()}': keep one."),
        };
    }

    private static async Task PrintAsync(CliContext context, ImportKind kind, string source, ImportReport report)
    {
        var output = context.Environment.Out;
        foreach (var warning in report.Warnings)
        {
            await output.WriteLineAsync($"warning: {source} {warning}");
        }
        if (report.Succeeded)
        {
            await output.WriteLineAsync($"Imported {report.Imported} {(kind == ImportKind.Calendar ? "calendar entries" : kind.ToWire())} from {source}.");
        }
        else
        {
            var error = context.Environment.Error;
            await error.WriteLineAsync($"{source}: {report.Errors.Count} problem(s), nothing imported:");
            foreach (var issue in report.Errors)
            {
                await error.WriteLineAsync($"  {issue}");
            }
        }
    }

    private static string Existing(CliContext context, string path, string what)
    {
        var full = Path.GetFullPath(path, context.Environment.WorkingDirectory);
        if (!File.Exists(full))
        {
            throw new BadInputException($"File '{path}' not found: give the path of {what}.");
        }
        if (path.EndsWith(".xls", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".et", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadInputException($"{path} is an old-format workbook: save it from Excel or WPS as 'Excel 工作簿 (*.xlsx)', then import the .xlsx.");
        }
        return full;
    }

    /// <summary>A workbook saved under a .csv name (an .xlsx is a zip archive): read as the workbook it is.</summary>
    private static bool IsZip(string path)
    {
        Span<byte> start = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(start, 4, throwOnEndOfStream: false) == 4 && start.SequenceEqual("PK\u0003\u0004"u8);
    }

    private static bool IsWorkbook(string path) =>
        path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xlsm", StringComparison.OrdinalIgnoreCase);

    private static string Kinds() => string.Join(", ", Enum.GetValues<ImportKind>().Select(k => k.ToWire()));
}
