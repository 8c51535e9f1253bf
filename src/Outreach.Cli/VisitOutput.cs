using System.Globalization;
using System.Text.Json;
using Outreach.Planning;
using Outreach.Roster;
using Spectre.Console;

namespace Outreach.Cli;

/// <summary>Visits as a table for people, JSON for programs, CSV for spreadsheets.</summary>
internal static class VisitOutput
{
    public static readonly string[] Formats = ["table", "json", "csv", SheetExport.Format];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, IReadOnlyList<VisitView> visits, string format)
    {
        switch (format)
        {
            case "json":
                output.WriteLine(JsonSerializer.Serialize(visits.Select(VisitDocument.From), Json));
                break;
            case "csv":
                WriteCsv(output, visits);
                break;
            default:
                WriteTable(output, visits);
                break;
        }
    }

    /// <summary>The visits as one workbook sheet, the CSV's columns.</summary>
    public static void WriteWorkbook(string path, IReadOnlyList<VisitView> visits) =>
        Adapters.Workbooks.XlsxWriter.Write(path, SheetExport.Sheets("走访计划", Rows(visits)));

    private static void WriteCsv(TextWriter output, IReadOnlyList<VisitView> visits)
    {
        foreach (var cells in Rows(visits))
        {
            output.WriteLine(string.Join(",", cells.Select(Quote)));
        }
    }

    /// <summary>The header and one row per visit, as text: what CSV prints and a workbook's sheet holds.</summary>
    private static List<string[]> Rows(IReadOnlyList<VisitView> visits)
    {
        List<string[]> rows = [["id", "date", "grid", "target_id", "target_kind", "target_name", "visitor_ids", "visitor_names", "cycle", "status"]];
        foreach (var view in visits)
        {
            var v = view.Visit;
            rows.Add(
            [
                v.Id, v.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), v.Grid, v.TargetId, v.TargetKind.ToWire(),
                view.Target?.Name ?? "", string.Join(";", v.VisitorIds), string.Join(";", view.Visitors.Select(p => p.Name)),
                v.Cycle.ToString(CultureInfo.InvariantCulture), v.Status.ToWire(),
            ]);
        }
        return rows;
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static void WriteTable(TextWriter output, IReadOnlyList<VisitView> visits)
    {
        var console = Console(output);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("Date", "Grid", "Target", "Visitors", "Cycle", "Status");
        foreach (var view in visits)
        {
            var v = view.Visit;
            table.AddRow(
                Markup.Escape($"{v.Date:yyyy-MM-dd} {Weekday(v.Date)}"),
                Markup.Escape(v.Grid),
                Markup.Escape(view.Target?.Name ?? v.TargetId),
                Markup.Escape(string.Join("、", view.Visitors.Select(p => p.Name).DefaultIfEmpty(string.Join(",", v.VisitorIds)))),
                v.Cycle.ToString(CultureInfo.InvariantCulture),
                v.Status.ToWire());
        }
        console.Write(table);
        console.WriteLine($"{visits.Count} visit(s).");
    }

    public static IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Redirected output has no window: wide enough that Chinese names are not wrapped mid-word.
        console.Profile.Width = System.Console.IsOutputRedirected ? 200 : Math.Max(System.Console.WindowWidth, 100);
        return console;
    }

    public static string Weekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Monday => "周一",
        DayOfWeek.Tuesday => "周二",
        DayOfWeek.Wednesday => "周三",
        DayOfWeek.Thursday => "周四",
        DayOfWeek.Friday => "周五",
        DayOfWeek.Saturday => "周六",
        _ => "周日",
    };

    public static string Names(IEnumerable<Visitor> visitors) => string.Join("、", visitors.Select(p => p.Name));
}
