namespace Outreach.Points;

/// <summary>
/// A way to earn points (表现兑积分), as a coordinator imports it from <c>points-rules.csv</c>: volunteering, 环境整治,
/// 垃圾分类, …
/// </summary>
/// <param name="Points">Points one award gives, 1 or more.</param>
/// <param name="MonthlyCap">The most points one household may earn by this rule in a calendar month (China time); null for no cap.</param>
public sealed record PointsRule(string Code, string Description, int Points, int? MonthlyCap = null);

/// <summary>Goods a household may take for its points at the service centre (积分换实物), from <c>points-items.csv</c>.</summary>
/// <param name="Points">What one costs, 1 or more.</param>
/// <param name="Stock">How many are left; the import sets it, each redemption takes one and each reversed redemption puts one back.</param>
public sealed record PointsItem(string Id, string Name, int Points, int Stock);
