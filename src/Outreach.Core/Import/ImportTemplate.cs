namespace Outreach.Import;

/// <summary>
/// The workbook a coordinator fills in (<c>import template</c>): per kind, the header row of the CSV columns, a
/// second row of notes in Chinese (what to write, whether it is required, its most characters) and one example
/// row taken from <c>samples/</c>, with its grid set to the example grid so the template imports as written. The
/// importer skips the notes row when it is the row right under the header and still reads as written.
/// </summary>
public static class ImportTemplate
{
    /// <summary>The note of each column, shown under its header.</summary>
    private static readonly Dictionary<string, string> Notes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = "编号：字母、数字、- 或 _，全表唯一",
        ["name"] = "名称",
        ["area"] = "所属园区、街道或社区",
        ["district"] = "所属区县",
        ["supervisor"] = "负责人的走访人员编号",
        ["phone"] = "手机号，如 +8613800138000（请设为文本格式）",
        ["role"] = "角色：party-affairs、grid-member、party-member 或 chain-committee",
        ["grids"] = "负责的网格编号，多个用 ; 分隔",
        ["weekly_capacity"] = "每周最多走访次数，空为 10",
        ["leave"] = "请假：YYYY-MM-DD..YYYY-MM-DD，多段用 ; 分隔",
        ["grid"] = "所属网格编号",
        ["tags"] = "标签，多个用 ; 分隔，如 key;chain:精细化工",
        ["contact_name"] = "联系人",
        ["contact_phone"] = "联系电话（请设为文本格式）",
        ["address"] = "地址",
        ["head_name"] = "户主姓名",
        ["building"] = "楼栋",
        ["kind"] = "类型",
        ["interval_days"] = "走访间隔天数",
        ["visitors_per_visit"] = "每次走访人数",
        ["roles"] = "可走访的角色，多个用 ; 分隔，空为不限",
        ["morning_reminder"] = "当天早上 7:30 提醒：是/否，空为否",
        ["date"] = "日期：YYYY-MM-DD",
        ["code"] = "积分项目编号：字母、数字、- 或 _，全表唯一",
        ["description"] = "积分项目说明，如 参加环境整治",
        ["points"] = "分值：正整数",
        ["monthly_cap"] = "每户每月此项最多得分，空为不限",
        ["stock"] = "库存数量：0 或正整数",
    };

    private static readonly Dictionary<(ImportKind, string), string> KindNotes = new()
    {
        [(ImportKind.Policies, "kind")] = "对象类型：enterprise（企业）或 household（居民户）",
        [(ImportKind.Policies, "tags")] = "对象须有的全部标签，; 分隔，chain:* 匹配任一产业链",
        [(ImportKind.Calendar, "kind")] = "holiday（放假）或 workday（调休上班）",
        [(ImportKind.Calendar, "name")] = "节日名称",
        [(ImportKind.Departments, "phone")] = "值班手机号，接收派单和督办短信（请设为文本格式）",
        [(ImportKind.Visitors, "name")] = "姓名",
        [(ImportKind.Enterprises, "name")] = "企业注册名称",
        [(ImportKind.Departments, "name")] = "部门名称，如 城管科",
        [(ImportKind.Grids, "name")] = "网格名称",
        [(ImportKind.PointsItems, "id")] = "物品编号：字母、数字、- 或 _，全表唯一",
        [(ImportKind.PointsItems, "name")] = "物品名称，如 洗衣液",
        [(ImportKind.PointsItems, "points")] = "兑换所需积分：正整数",
    };

    /// <summary>One row of <c>samples/</c> per kind, each column by name; the grid is <c>bh-yg-01</c> throughout.</summary>
    private static readonly Dictionary<ImportKind, Dictionary<string, string>> Examples = new()
    {
        [ImportKind.Grids] = Row("id=bh-yg-01", "name=中国药谷第一网格", "area=中国药谷", "district=潍坊滨海", "supervisor=bh-pa-01"),
        [ImportKind.Visitors] = Row("id=bh-pa-01", "name=范静勇", "phone=+8615053416538", "role=party-affairs", "grids=bh-yg-01", "weekly_capacity=11"),
        [ImportKind.Enterprises] = Row("id=bh-e-141", "name=万通物流股份有限公司", "grid=bh-yg-01", "tags=risk:high", "contact_name=黎海勇", "contact_phone=+8613248483076"),
        [ImportKind.Households] = Row("id=lg-h-0001", "address=仙山社区1号楼1单元102", "grid=bh-yg-01", "tags=elderly-alone", "head_name=戴雪敏", "phone=+8613038336248", "building=1号楼"),
        [ImportKind.Policies] = Row("id=enterprise", "kind=enterprise", "interval_days=30", "visitors_per_visit=1"),
        [ImportKind.Calendar] = Row("date=2027-01-01", "kind=holiday", "name=元旦（示例）"),
        [ImportKind.Departments] = Row("id=urban-management", "name=城管科", "phone=+8613953621408", "contact_name=刘建国"),
        [ImportKind.PointsRules] = Row("code=cleanup", "description=参加环境整治", "points=5", "monthly_cap=20"),
        [ImportKind.PointsItems] = Row("id=soap", "name=肥皂", "points=10", "stock=60"),
    };

    /// <summary>The template's columns for <paramref name="kind"/>: the required ones, then the optional ones.</summary>
    public static IReadOnlyList<string> Header(ImportKind kind) => [.. kind.RequiredColumns(), .. kind.OptionalColumns()];

    /// <summary>The Chinese note of each header column: required or optional, what to write, the most characters.</summary>
    public static IReadOnlyList<string> NotesRow(ImportKind kind) => Header(kind).Select(column => Note(kind, column)).ToList();

    /// <summary>The example row, one value per header column (empty where the sample leaves it empty).</summary>
    public static IReadOnlyList<string> ExampleRow(ImportKind kind) => Header(kind).Select(column => Examples[kind].GetValueOrDefault(column, "")).ToList();

    private static string Note(ImportKind kind, string column)
    {
        var what = KindNotes.GetValueOrDefault((kind, column)) ?? Notes.GetValueOrDefault(column, column);
        // Policies' tags and roles are columns every file has, but empty means any.
        var required = kind.RequiredColumns().Contains(column) && !(kind == ImportKind.Policies && column is "tags" or "roles") ? "必填" : "选填";
        return $"{required}｜{what}｜最多 {kind.MaxLength(column)} 字";
    }

    /// <summary>True when <paramref name="cells"/> is the template's notes row under <paramref name="header"/>: every non-empty cell is its column's note.</summary>
    internal static bool IsNotesRow(Columns columns, IReadOnlyList<string> header, IReadOnlyList<SheetCell> cells)
    {
        var kind = Enum.GetValues<ImportKind>().First(k => Columns.For(k) == columns);
        var any = false;
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].Kind == SheetCellKind.Empty)
            {
                continue;
            }
            var column = i < header.Count ? header[i].Trim() : "";
            var known = Header(kind).FirstOrDefault(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));
            if (cells[i].Kind != SheetCellKind.Text || known is null || cells[i].Text!.Trim() != Note(kind, known))
            {
                return false;
            }
            any = true;
        }
        return any;
    }

    private static Dictionary<string, string> Row(params string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}
