using Outreach.Import;

namespace Outreach.Points;

/// <summary>
/// Reads <c>points-rules.csv</c> and <c>points-items.csv</c> (or their sheets) with the roster files' columns rules,
/// limits and errors: all or nothing, every bad row listed with its line, column and the fix.
/// </summary>
public static class PointsImporter
{
    /// <summary>The most points one rule, item or cap may be: far above any community's prices, far below overflow.</summary>
    public const int MaxPoints = 100_000;

    /// <summary>The most of one item a centre may hold.</summary>
    public const int MaxStock = 1_000_000;

    /// <summary><c>code,description,points[,monthly_cap]</c>; an empty cap is no cap.</summary>
    public static ImportResult<PointsRule> ReadRules(RosterSource source)
    {
        var log = new IssueLog();
        var codes = new RosterImporter.FirstSeen("code", "rule");
        var rules = new List<PointsRule>();
        foreach (var row in new CsvSheet(ImportKind.PointsRules, log).Rows(source))
        {
            var code = row.Id("code", "rule");
            codes.Check(row, code);
            var description = row.Required("description", "say what earns the points, e.g. 参加环境整治");
            var points = row.Int("points", 1, MaxPoints, $"write the points one award gives, a whole number from 1 to 100,000");
            int? cap = row.Optional("monthly_cap") is null
                ? null
                : row.Int("monthly_cap", 1, MaxPoints, $"write the most points a household may earn by this rule in a month, a whole number from 1 to 100,000, or leave it empty for no cap");
            if (cap is { } most && most < points && !row.HasErrors)
            {
                row.Error("monthly_cap", $"monthly_cap {most} is less than one award's {points} points, so the rule could never be awarded: raise the cap to at least {points}, or leave it empty");
            }
            if (!row.HasErrors)
            {
                rules.Add(new PointsRule(code, description, points, cap));
            }
        }
        return log.Result<PointsRule>(rules);
    }

    /// <summary><c>id,name,points,stock</c>.</summary>
    public static ImportResult<PointsItem> ReadItems(RosterSource source)
    {
        var log = new IssueLog();
        var ids = new RosterImporter.FirstSeen("id", "item");
        var items = new List<PointsItem>();
        foreach (var row in new CsvSheet(ImportKind.PointsItems, log).Rows(source))
        {
            var id = row.Id("id", "item");
            ids.Check(row, id);
            var name = row.Required("name", "write the item's name, e.g. 洗衣液");
            var points = row.Int("points", 1, MaxPoints, $"write the points one costs, a whole number from 1 to 100,000");
            var stock = row.Int("stock", 0, MaxStock, $"write how many the service centre holds, a whole number from 0 to 1,000,000");
            if (!row.HasErrors)
            {
                items.Add(new PointsItem(id, name, points, stock));
            }
        }
        return log.Result<PointsItem>(items);
    }
}
