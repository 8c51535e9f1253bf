using System.Globalization;
using System.Text.Json;
using Outreach.Problems;
using Spectre.Console;

namespace Outreach.Cli;

/// <summary>Problems as a table for people, JSON for programs (the HTTP API's documents), CSV for spreadsheets.</summary>
internal static class ProblemOutput
{
    public static readonly string[] Formats = ["table", "json", "csv"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, IReadOnlyList<Problem> problems, string format)
    {
        switch (format)
        {
            case "json":
                output.WriteLine(JsonSerializer.Serialize(problems.Select(ProblemDocument.From), Json));
                break;
            case "csv":
                output.WriteLine("id,visit_id,grid,target_id,category,urgency,status,department,due_at,reported_at,description");
                foreach (var p in problems)
                {
                    string[] cells =
                    [
                        p.Id, p.VisitId ?? "", p.Grid, p.TargetId, p.Category, p.Urgency.ToWire(), p.Status.ToWire(), p.Department ?? "",
                        Moment(p.DueAt), Moment(p.ReportedAt), p.Description,
                    ];
                    output.WriteLine(string.Join(",", cells.Select(Quote)));
                }
                break;
            default:
                var console = VisitOutput.Console(output);
                var table = new Table().Border(TableBorder.Simple);
                table.AddColumns("Id", "Category", "Urgency", "Status", "Department", "Due");
                foreach (var p in problems)
                {
                    table.AddRow(Markup.Escape(p.Id), Markup.Escape(p.Category), p.Urgency.ToWire(), p.Status.ToWire(), Markup.Escape(p.Department ?? ""), Moment(p.DueAt));
                }
                console.Write(table);
                console.WriteLine($"{problems.Count} problem(s).");
                break;
        }
    }

    private static string Moment(DateTimeOffset? at) =>
        at?.ToOffset(Calendar.ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
