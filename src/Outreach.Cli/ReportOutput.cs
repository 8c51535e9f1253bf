using System.Globalization;
using System.Text.Json;
using Outreach.Reports;
using Spectre.Console;

namespace Outreach.Cli;

/// <summary>Reports as tables for people, JSON for programs (the HTTP API's shape), CSV for spreadsheets.</summary>
internal static class ReportOutput
{
    public static readonly string[] Formats = ["table", "json", "csv", SheetExport.Format];

    /// <summary>Web defaults (camelCase, dates as YYYY-MM-DD) with Chinese left readable.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, object report, string format)
    {
        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(report, report.GetType(), Json));
            return;
        }
        var rows = Rows(report);
        if (format == "csv")
        {
            // A spreadsheet takes one table: the report's first (the groups, the visitors, the counts).
            foreach (var row in rows.Skip(1).TakeWhile(r => r.Length > 1))
            {
                output.WriteLine(string.Join(",", row.Select(Quote)));
            }
            return;
        }
        var console = VisitOutput.Console(output);
        if (report is ProblemReport problems)
        {
            console.WriteLine(problems.Headline);
        }
        Table? table = null;
        foreach (var row in rows)
        {
            if (row.Length == 1)
            {
                // A section title: the table so far is printed and the next one starts.
                if (table is not null)
                {
                    console.Write(table);
                }
                table = null;
                console.WriteLine(row[0]);
            }
            else if (table is null)
            {
                table = new Table().Border(TableBorder.Simple);
                table.AddColumns(row.Select(Markup.Escape).ToArray());
            }
            else
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }
        }
        if (table is not null)
        {
            console.Write(table);
        }
    }

    /// <summary>Every table the report prints, one sheet each, the first named after the report.</summary>
    public static void WriteWorkbook(string path, object report) =>
        Adapters.Workbooks.XlsxWriter.Write(path, SheetExport.Sheets(report switch
        {
            CoverageReport => "覆盖率",
            VisitorReport => "走访人员",
            _ => "问题统计",
        }, Rows(report)));

    /// <summary>The printed tables: a one-cell row is a section title, the row after it a table's header.</summary>
    private static List<string[]> Rows(object report) => report switch
    {
        CoverageReport c => CoverageRows(c),
        VisitorReport v => VisitorRows(v),
        ProblemReport p => ProblemRows(p),
        _ => throw new ArgumentOutOfRangeException(nameof(report)),
    };

    private static List<string[]> CoverageRows(CoverageReport r)
    {
        List<string[]> rows =
        [
            [Invariant($"Coverage {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd} (judged through {r.Through:yyyy-MM-dd}): {r.VisitedInCadence}/{r.Targets} in cadence, {Percent(r.Ratio)}")],
            ["scope", "name", "targets", "visited_in_cadence", "ratio"],
            ["all", "", Num(r.Targets), Num(r.VisitedInCadence), Ratio(r.Ratio)],
        ];
        rows.AddRange(r.ByGrid.Select(g => new[] { "grid", g.Grid, Num(g.Targets), Num(g.VisitedInCadence), Ratio(g.Ratio) }));
        foreach (var (scope, groups) in new[] { ("area", r.ByArea), ("chain", r.ByChain), ("kind", r.ByKind) })
        {
            rows.AddRange(groups.Select(g => new[] { scope, g.Name, Num(g.Targets), Num(g.VisitedInCadence), Ratio(g.Ratio) }));
        }
        rows.Add([r.Late.Count == r.LateTotal
            ? Invariant($"Late now: {r.LateTotal} target(s), longest first")
            : Invariant($"Late now: {r.LateTotal} target(s), longest first; the first {r.Late.Count} (--late N lists more)")]);
        rows.Add(["target", "name", "grid", "interval_days", "last_visited", "days_late", "next_planned", "planned_visitors"]);
        rows.AddRange(r.Late.Select(l => new[]
        {
            l.TargetId, l.Name, l.Grid, Num(l.IntervalDays), Day(l.LastVisited), l.DaysLate is { } d ? Num(d) : "", Day(l.NextPlanned), string.Join("、", l.PlannedVisitorNames),
        }));
        return rows;
    }

    private static List<string[]> VisitorRows(VisitorReport r)
    {
        List<string[]> rows =
        [
            [Invariant($"Visitors {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd}, laggards first (as of {r.AsOf:yyyy-MM-dd})")],
            ["visitor", "name", "grids", "planned", "due", "completed", "overdue", "missed", "completion_rate", "problems_found", "leave_days"],
        ];
        rows.AddRange(r.Visitors.Select(v => new[]
        {
            v.VisitorId, v.Name, string.Join(";", v.Grids), Num(v.Planned), Num(v.Due), Num(v.Completed), Num(v.Overdue), Num(v.Missed),
            Ratio(v.CompletionRate), Num(v.ProblemsFound), Num(v.LeaveDays),
        }));
        rows.Add(["By grid"]);
        rows.Add(["grid", "name", "planned", "due", "completed", "overdue", "missed", "completion_rate", "problems_found"]);
        rows.AddRange(r.ByGrid.Select(g => new[]
        {
            g.Grid, g.Name, Num(g.Planned), Num(g.Due), Num(g.Completed), Num(g.Overdue), Num(g.Missed), Ratio(g.CompletionRate), Num(g.ProblemsFound),
        }));
        return rows;
    }

    private static List<string[]> ProblemRows(ProblemReport r)
    {
        List<string[]> rows =
        [
            [Invariant($"Problems reported {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd}: {r.Reported}, resolved {r.Resolved}; median hours to accept {Hours(r.MedianHoursToAccept)}, to resolve {Hours(r.MedianHoursToResolve)}; average rating {Hours(r.AverageRating)} ({r.Rated} rated)")],
            ["kind", "name", "count"],
        ];
        foreach (var (kind, counts) in new[] { ("status", r.ByStatus), ("department", r.ByDepartment), ("category", r.ByCategory) })
        {
            rows.AddRange(counts.Select(c => new[] { kind, c.Name, Num(c.Count) }));
        }
        rows.Add([Invariant($"Satisfaction (评价反馈) by source: 不满意 rate {Percent(r.DissatisfiedRate)}")]);
        rows.Add(["source", "evaluated", "by_requester", "by_coordinator", "default_satisfied", "dissatisfied", "dissatisfied_rate", "average_rating"]);
        rows.AddRange(r.BySource.Select(s => new[]
        {
            s.Source, Num(s.Evaluated), Num(s.ByRequester), Num(s.ByCoordinator), Num(s.ByDefault), Num(s.Dissatisfied), Ratio(s.DissatisfiedRate), Hours(s.AverageRating),
        }));
        foreach (var (title, items) in new[] { ("Overdue now", r.Overdue), ("Escalated (督办)", r.Escalated) })
        {
            rows.Add([Invariant($"{title}: {items.Count}")]);
            rows.Add(["id", "grid", "target", "category", "status", "department", "days_overdue"]);
            rows.AddRange(items.Select(p => new[] { p.Id, p.Grid, p.TargetId, p.Category, p.Status, p.Department ?? "", p.DaysOverdue is { } d ? Num(d) : "" }));
        }
        return rows;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ratio(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    private static string Percent(double? value) => value?.ToString("0.0%", CultureInfo.InvariantCulture) ?? "n/a";

    private static string Hours(double? value) => value?.ToString("0.#", CultureInfo.InvariantCulture) ?? "n/a";

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A CSV cell, quoted when it must be (RFC 4180).</summary>
    internal static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
