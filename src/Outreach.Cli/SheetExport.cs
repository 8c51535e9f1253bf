using System.Globalization;
using System.Text.RegularExpressions;
using Outreach.Adapters.Workbooks;

namespace Outreach.Cli;

/// <summary>
/// Turns the tables the CLI prints (a header row of snake_case names and rows of text, section titles between
/// tables) into worksheets: one sheet per table, Chinese headers with the CSV name in brackets, dates as dates and
/// counts as numbers. Generic on purpose: a column a report gains shows up in its sheet with no change here, under
/// its CSV name until it is given a Chinese one.
/// </summary>
internal static partial class SheetExport
{
    public const string Format = "xlsx";

    private static readonly Dictionary<string, string> Headers = new(StringComparer.Ordinal)
    {
        ["id"] = "编号",
        ["date"] = "日期",
        ["grid"] = "网格",
        ["grids"] = "网格",
        ["target_id"] = "对象编号",
        ["target_kind"] = "对象类型",
        ["target_name"] = "对象名称",
        ["visitor_ids"] = "走访人员编号",
        ["visitor_names"] = "走访人员",
        ["cycle"] = "轮次",
        ["status"] = "状态",
        ["scope"] = "范围",
        ["name"] = "名称",
        ["due"] = "应走访",
        ["target"] = "对象编号",
        ["interval_days"] = "走访间隔（天）",
        ["last_visited"] = "最近走访",
        ["days_late"] = "逾期天数",
        ["next_planned"] = "下次计划",
        ["planned_visitors"] = "计划走访人员",
        ["visitor"] = "走访人员编号",
        ["planned"] = "计划",
        ["completed"] = "已完成",
        ["overdue"] = "逾期",
        ["missed"] = "未完成",
        ["completion_rate"] = "完成率",
        ["problems_found"] = "发现问题",
        ["leave_days"] = "请假天数",
        ["kind"] = "类别",
        ["count"] = "数量",
        ["category"] = "问题类别",
        ["department"] = "部门",
        ["days_overdue"] = "逾期天数",
        ["source"] = "来源",
        ["evaluated"] = "已评价",
        ["by_requester"] = "本人评价",
        ["by_coordinator"] = "协调人回访",
        ["default_satisfied"] = "默认满意",
        ["dissatisfied"] = "不满意",
        ["dissatisfied_rate"] = "不满意率",
        ["average_rating"] = "平均评分",
    };

    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["Late now"] = "当前逾期",
        ["By grid"] = "按网格",
        ["Overdue now"] = "逾期问题",
        ["Escalated (督办)"] = "督办",
        ["Satisfaction (评价反馈) by source"] = "评价反馈",
    };

    /// <summary>Columns of names and ids: never read as numbers, even when every value is digits.</summary>
    private static readonly HashSet<string> TextColumns = new(StringComparer.Ordinal)
    {
        "id", "grid", "grids", "target_id", "target_name", "visitor_ids", "visitor_names", "scope", "name", "target", "planned_visitors",
        "visitor", "kind", "category", "department", "status", "target_kind", "source",
    };

    /// <summary>
    /// The sheets of printed rows: a one-cell row is a section title (the next table's sheet is named after it, the
    /// first table's after <paramref name="firstSheet"/>), the row after it the table's header.
    /// </summary>
    /// <param name="headers">Chinese names of this report's own columns, before the shared ones (a coverage <c>due</c> counts windows, a visitor's visits).</param>
    public static IReadOnlyList<SheetTable> Sheets(string firstSheet, IReadOnlyList<string[]> rows, IReadOnlyDictionary<string, string>? headers = null)
    {
        var sheets = new List<SheetTable>();
        string? title = null;
        string[]? header = null;
        var body = new List<string[]>();
        void Flush()
        {
            if (header is not null)
            {
                sheets.Add(Table(sheets.Count == 0 ? firstSheet : SheetName(title ?? firstSheet), header, body, headers));
            }
            header = null;
            body = [];
        }
        foreach (var row in rows)
        {
            if (row.Length == 1)
            {
                Flush();
                title = row[0];
            }
            else if (header is null)
            {
                header = row;
            }
            else
            {
                body.Add(row);
            }
        }
        Flush();
        return sheets;
    }

    private static string SheetName(string title)
    {
        var prefix = title.Split(':')[0].Trim();
        return Titles.GetValueOrDefault(prefix, prefix);
    }

    private static SheetTable Table(string name, string[] header, List<string[]> body, IReadOnlyDictionary<string, string>? own)
    {
        var kinds = header.Select((column, i) => TextColumns.Contains(column) ? CellType.Text : Infer(body.Select(r => i < r.Length ? r[i] : ""))).ToArray();
        var rows = body.Select(r => (IReadOnlyList<object?>)r.Select((cell, i) => Value(cell, i < kinds.Length ? kinds[i] : CellType.Text)).ToArray()).ToList();
        return new SheetTable(name, header.Select(h => (own?.GetValueOrDefault(h) ?? Headers.GetValueOrDefault(h)) is { } zh ? $"{zh} ({h})" : h).ToArray(), rows);
    }

    private enum CellType
    {
        Text,
        Number,
        Date,
    }

    private static CellType Infer(IEnumerable<string> cells)
    {
        var values = cells.Where(c => c.Length > 0).ToList();
        if (values.Count == 0)
        {
            return CellType.Text;
        }
        if (values.All(c => DateText().IsMatch(c)))
        {
            return CellType.Date;
        }
        return values.All(c => NumberText().IsMatch(c)) ? CellType.Number : CellType.Text;
    }

    private static object? Value(string cell, CellType type) => cell.Length == 0 ? null : type switch
    {
        CellType.Date => DateOnly.ParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        CellType.Number => double.Parse(cell, CultureInfo.InvariantCulture),
        _ => cell,
    };

    /// <summary>The path of <c>--out</c> for <c>--format xlsx</c>; a workbook is never written to a terminal.</summary>
    public static string OutPath(CliContext context, string? output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            throw new BadInputException("--format xlsx writes a workbook: give the file to write with --out FILE.xlsx.");
        }
        return Path.GetFullPath(output, context.Environment.WorkingDirectory);
    }

    /// <summary>Refuses <c>--out</c> with a text format, which prints to the terminal.</summary>
    public static void CheckOut(string format, string? output)
    {
        if (format != Format && output is not null)
        {
            throw new BadInputException($"--out writes a workbook: use it with --format xlsx (--format {format} prints to the terminal; redirect it with >).");
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DateText();

    [GeneratedRegex(@"^-?(0|[1-9]\d{0,14})(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberText();
}
