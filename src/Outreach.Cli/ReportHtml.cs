using System.Globalization;
using System.Net;
using System.Text;
using Outreach.Reports;

namespace Outreach.Cli;

/// <summary>
/// The coordinator's page as one self-contained HTML file: inline CSS and inline SVG, no script, font or link
/// to anything outside it, so it opens offline, on a phone and in print.
/// </summary>
internal static class ReportHtml
{
    private const int LaggingVisitors = 10;

    public static string Render(Dashboard d)
    {
        var c = d.Coverage;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(d.Problems.Headline)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n")
            .Append("<h1 id=\"headline\">").Append(E(d.Problems.Headline)).Append("</h1>\n")
            .Append("<p class=\"figures\">").Append(E(Invariant($"{c.From:yyyy-MM-dd} – {c.To:yyyy-MM-dd} · 覆盖率 {Percent(c.Ratio)}（{c.VisitedInCadence}/{c.Targets}）· 问题 {d.Problems.Reported} · 已解决 {d.Problems.Resolved}")))
            .Append("</p>\n");

        html.Append("<section>\n<h2>各网格覆盖率</h2>\n").Append(CoverageChart(c)).Append("</section>\n");
        html.Append("<section>\n<h2>每日计划与完成</h2>\n").Append(DailyChart(d.Daily)).Append("</section>\n");

        html.Append("<section>\n<h2>落后的走访人员</h2>\n");
        var lagging = d.Visitors.Visitors.Where(v => v.CompletionRate < 1 || v.Overdue > 0).Take(LaggingVisitors).ToList();
        Table(html, "lagging-visitors", ["走访人员", "计划", "应完成", "已完成", "逾期", "完成率", "请假天数"],
            lagging.Select(v => new[] { v.Name, Num(v.Planned), Num(v.Due), Num(v.Completed), Num(v.Overdue), Percent(v.CompletionRate), Num(v.LeaveDays) }),
            "没有落后的走访人员。");
        html.Append("</section>\n<section>\n<h2>未办结问题</h2>\n");
        Table(html, "open-problems", ["问题", "网格", "类别", "状态", "部门", "逾期天数"],
            d.OpenProblems.Select(p => new[] { p.Id, p.Grid, p.Category, p.Status, p.Department ?? "", p.DaysOverdue is { } n ? Num(n) : "" }),
            "没有未办结的问题。");
        html.Append("</section>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string CoverageChart(CoverageReport c)
    {
        const int row = 28, labelWidth = 160, barWidth = 380, width = 600;
        var grids = c.ByGrid;
        var height = Math.Max(1, grids.Count) * row + 8;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg id=\"coverage-chart\" class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"各网格覆盖率\" xmlns=\"http://www.w3.org/2000/svg\">\n"));
        for (var i = 0; i < grids.Count; i++)
        {
            var g = grids[i];
            var y = i * row + 4;
            var w = (int)Math.Round((g.Ratio ?? 0) * barWidth);
            svg.Append(Invariant($"<text x=\"{labelWidth - 8}\" y=\"{y + 18}\" text-anchor=\"end\">{E(g.Name)}</text>"))
                .Append(Invariant($"<rect class=\"track\" x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{barWidth}\" height=\"18\"/>"))
                .Append(Invariant($"<rect class=\"bar coverage\" x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{w}\" height=\"18\"><title>{E(g.Grid)}: {g.VisitedInCadence}/{g.Targets}</title></rect>"))
                .Append(Invariant($"<text x=\"{labelWidth + barWidth + 6}\" y=\"{y + 18}\">{Percent(g.Ratio)}</text>\n"));
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static string DailyChart(IReadOnlyList<DailyVisits> days)
    {
        const int width = 600, height = 236, left = 32, bottom = 24, top = 24;
        var max = Math.Max(1, days.Select(d => Math.Max(d.Planned, d.Completed)).DefaultIfEmpty(0).Max());
        var slot = (double)(width - left) / Math.Max(1, days.Count);
        var plotHeight = height - bottom - top;
        // A date label is at most five characters ("12/31"): about 56 units at the phone's 16px.
        const double LabelWidth = 56;
        var labelledAt = double.NegativeInfinity;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg id=\"daily-chart\" class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"每日计划与完成\" xmlns=\"http://www.w3.org/2000/svg\">\n"))
            .Append(Invariant($"<line class=\"axis\" x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width}\" y2=\"{height - bottom}\"/>"))
            .Append(Invariant($"<text x=\"{left - 4}\" y=\"{top + 10}\" text-anchor=\"end\">{max}</text>\n"));
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            var x = left + i * slot;
            var w = Math.Max(1, slot / 2 - 1);
            var planned = d.Planned * plotHeight / (double)max;
            var done = d.Completed * plotHeight / (double)max;
            svg.Append(Invariant($"<rect class=\"bar planned\" x=\"{x:0.#}\" y=\"{height - bottom - planned:0.#}\" width=\"{w:0.#}\" height=\"{planned:0.#}\"><title>{d.Day:MM-dd} 计划 {d.Planned}</title></rect>"))
                .Append(Invariant($"<rect class=\"bar done\" x=\"{x + w:0.#}\" y=\"{height - bottom - done:0.#}\" width=\"{w:0.#}\" height=\"{done:0.#}\"><title>{d.Day:MM-dd} 完成 {d.Completed}</title></rect>"));
            var last = i == days.Count - 1 && i > 0;
            // Labels on the first day, month starts and (within a month) Mondays, never closer than one label's width.
            if ((i == 0 || last || d.Day.Day == 1 || (days.Count <= 31 && d.Day.DayOfWeek == DayOfWeek.Monday))
                && (last ? width - LabelWidth : x) - labelledAt >= LabelWidth)
            {
                // The last label ends at the chart's edge instead of running off it.
                var anchor = last ? Invariant($" x=\"{width}\" text-anchor=\"end\"") : Invariant($" x=\"{x:0.#}\"");
                svg.Append(Invariant($"<text{anchor} y=\"{height - 6}\">{d.Day:M/d}</text>"));
                labelledAt = last ? width : x;
            }
            svg.Append('\n');
        }
        svg.Append(Invariant($"<g class=\"legend\"><rect class=\"bar planned\" x=\"{width - 150}\" y=\"2\" width=\"12\" height=\"12\"/><text x=\"{width - 134}\" y=\"13\">计划</text>"))
            .Append(Invariant($"<rect class=\"bar done\" x=\"{width - 80}\" y=\"2\" width=\"12\" height=\"12\"/><text x=\"{width - 64}\" y=\"13\">完成</text></g>\n"));
        return svg.Append("</svg>\n").ToString();
    }

    private static void Table(StringBuilder html, string id, string[] headers, IEnumerable<string[]> rows, string empty)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            html.Append("<p id=\"").Append(id).Append("\" class=\"empty\">").Append(E(empty)).Append("</p>\n");
            return;
        }
        html.Append("<div class=\"scroll\"><table id=\"").Append(id).Append("\">\n<thead><tr>");
        foreach (var h in headers)
        {
            html.Append("<th>").Append(E(h)).Append("</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in list)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table></div>\n");
    }

    private const string Css = """
        :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --accent: #c62828; --done: #2e7d32; --planned: #90a4ae; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #fff; }
        main { max-width: 960px; margin: 0 auto; padding: 16px; }
        h1 { font-size: 1.4rem; color: var(--accent); margin: 0 0 4px; }
        h2 { font-size: 1.1rem; border-bottom: 2px solid #e4e7eb; padding-bottom: 4px; margin-top: 28px; }
        .figures { color: var(--muted); margin: 0; }
        .chart { width: 100%; height: auto; display: block; }
        .chart text { font-size: 12px; fill: var(--ink); }
        .chart .track { fill: #eceff1; }
        .chart .coverage { fill: var(--accent); }
        .chart .planned { fill: var(--planned); }
        .chart .done { fill: var(--done); }
        .chart .axis { stroke: var(--muted); stroke-width: 1; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e4e7eb; white-space: nowrap; }
        th { background: #f5f7fa; }
        .empty { color: var(--muted); }
        @media (max-width: 480px) { body { font-size: 15px; } main { padding: 10px; } th, td { padding: 4px 6px; } .chart text { font-size: 16px; } }
        @media print { main { max-width: none; padding: 0; } section { break-inside: avoid; } h1 { color: #000; } .scroll { overflow: visible; } }

        """;

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double? value) => value?.ToString("0.0%", CultureInfo.InvariantCulture) ?? "—";
}
