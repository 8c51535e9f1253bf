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
        var legend = false;
        foreach (var row in rows)
        {
            if (row.Length == 1)
            {
                // A section title: the table so far is printed and the next one starts.
                if (table is not null)
                {
                    console.Write(table);
                    if (report is CoverageReport && !legend)
                    {
                        Legend(console);
                        legend = true;
                    }
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

    /// <summary>What each coverage column counts, under the groups' table.</summary>
    private static void Legend(IAnsiConsole console)
    {
        foreach (var (column, chinese, meaning) in CoverageColumns)
        {
            console.WriteLine($"  {column} {chinese}: {meaning}");
        }
    }

    /// <summary>Every table the report prints, one sheet each, the first named after the report.</summary>
    public static void WriteWorkbook(string path, object report) =>
        Adapters.Workbooks.XlsxWriter.Write(path, SheetExport.Sheets(report switch
        {
            CoverageReport => "遍访与按期",
            VisitorReport => "走访人员",
            _ => "问题统计",
        }, Rows(report), report is CoverageReport ? CoverageColumns.ToDictionary(c => c.Column, c => c.Chinese, StringComparer.Ordinal) : null));

    /// <summary>The printed tables: a one-cell row is a section title, the row after it a table's header.</summary>
    private static List<string[]> Rows(object report) => report switch
    {
        CoverageReport c => CoverageRows(c),
        VisitorReport v => VisitorRows(v),
        ProblemReport p => ProblemRows(p),
        _ => throw new ArgumentOutOfRangeException(nameof(report)),
    };

    /// <summary>
    /// The coverage columns and what they count: printed under a table, and the same words as in docs/reports.md. The
    /// workbook's headers are the Chinese names (<see cref="SheetExport"/>).
    /// </summary>
    public static readonly (string Column, string Chinese, string Meaning)[] CoverageColumns =
    [
        ("targets", "对象数", "on the roster during the period, planned yet or not"),
        ("visited", "已走访", "targets with at least one completed visit in the period"),
        ("visited_ratio", "遍访率", "visited / targets"),
        ("due", "到期窗口", "cadence windows that closed inside the period (through the judged day)"),
        ("due_visited", "按期走访", "of those, windows with a completed visit inside them"),
        ("on_time_ratio", "按期率", "due_visited / due"),
        ("late_now", "当前逾期", "targets past their deadline with no completed visit"),
        ("not_yet_due", "未到期", "targets with no window closing in the period"),
    ];

    private static List<string[]> CoverageRows(CoverageReport r)
    {
        List<string[]> rows =
        [
            [Invariant($"Coverage {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd} (judged through {r.Through:yyyy-MM-dd}): 遍访率 {Percent(r.VisitedRatio)} ({r.Visited}/{r.Targets} visited), 按期率 {Percent(r.OnTimeRatio)} ({r.DueVisited}/{r.Due} windows), {r.LateNow} late now, {r.NotYetDue} not yet due ({r.NotYetPlanned} not yet planned)")],
            ["scope", "name", .. CoverageColumns.Select(c => c.Column)],
            ["all", "", .. Figures(r.Targets, r.Visited, r.VisitedRatio, r.Due, r.DueVisited, r.OnTimeRatio, r.LateNow, r.NotYetDue)],
        ];
        rows.AddRange(r.ByGrid.Select(g => new[] { "grid", g.Grid }.Concat(Figures(g.Targets, g.Visited, g.VisitedRatio, g.Due, g.DueVisited, g.OnTimeRatio, g.LateNow, g.NotYetDue)).ToArray()));
        foreach (var (scope, groups) in new[] { ("area", r.ByArea), ("chain", r.ByChain), ("kind", r.ByKind) })
        {
            rows.AddRange(groups.Select(g => new[] { scope, g.Name }.Concat(Figures(g.Targets, g.Visited, g.VisitedRatio, g.Due, g.DueVisited, g.OnTimeRatio, g.LateNow, g.NotYetDue)).ToArray()));
        }
        rows.Add([r.Late.Count == r.LateNow
            ? Invariant($"Late now: {r.LateNow} target(s), longest first")
            : Invariant($"Late now: {r.LateNow} target(s), longest first; the first {r.Late.Count} (--late N lists more)")]);
        rows.Add(["target", "name", "grid", "interval_days", "last_visited", "days_late", "next_planned", "planned_visitors"]);
        rows.AddRange(r.Late.Select(l => new[]
        {
            l.TargetId, l.Name, l.Grid, Num(l.IntervalDays), Day(l.LastVisited), l.DaysLate is { } d ? Num(d) : "", Day(l.NextPlanned), string.Join("、", l.PlannedVisitorNames),
        }));
        return rows;
    }

    private static string[] Figures(int targets, int visited, double? visitedRatio, int due, int dueVisited, double? onTimeRatio, int lateNow, int notYetDue) =>
        [Num(targets), Num(visited), Ratio(visitedRatio), Num(due), Num(dueVisited), Ratio(onTimeRatio), Num(lateNow), Num(notYetDue)];

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
