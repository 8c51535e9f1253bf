using System.Globalization;
using Outreach.Points;

namespace Outreach.Pages;

/// <summary>The words of the points passbook (积分存折) and of the award form on a household's visit.</summary>
public sealed partial class PageText
{
    public string PassbookTitle => T("积分存折", "Points passbook");
    public string BalanceWord => T("当前积分", "Balance");
    public string NoEntries => T("还没有积分记录。参加志愿服务、环境整治等活动可以得积分。", "No points yet: taking part in volunteering, clean-ups and the like earns them.");
    public string EntriesTitle => T("积分明细", "Entries");
    public string ResidentsTitle => T("家庭成员积分", "By resident");
    public string WaysToEarn => T("怎样得积分", "How to earn points");
    public string ToExchange => T("可兑换物品（到社区服务中心兑换）", "Goods to exchange (at the service centre)");
    public string Corrected => T("已更正", "corrected");
    public string PassbookIntro => T("参加志愿服务、环境整治、垃圾分类等活动得积分，到社区服务中心换物品。", "Points earned by volunteering, clean-ups and the like, exchanged for goods at the service centre.");
    public string OpenPassbook => T("查看我家的积分", "See our points");
    public string BackToRequests => T("返回下单页", "Back to requests");
    public string PerMonth(int cap) => T($"每月最多 {cap} 分", $"at most {cap} a month");
    public string Costs(int points) => T($"{points} 分", $"{points} points");
    public string InStock(int stock) => stock > 0 ? T($"余 {stock} 件", $"{stock} left") : T("已兑完", "none left");

    /// <summary>Points with their sign: <c>+5</c>, <c>-10</c>.</summary>
    public static string WithSign(int points) => points.ToString("+0;-0;0", CultureInfo.InvariantCulture);

    /// <summary>What an entry was for, in words: the rule's description, the item's name, or what a correction undid.</summary>
    public string EntryWhat(PointsEntry entry, IReadOnlyList<PointsRule> rules, IReadOnlyList<PointsItem> items)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var rule = entry.Code is { } code ? rules.FirstOrDefault(r => r.Code == code)?.Description ?? code : null;
        var item = entry.Item is { } id ? items.FirstOrDefault(i => i.Id == id)?.Name ?? id : null;
        var what = rule ?? T($"兑换 {item}", $"Exchanged for {item}");
        return entry.Kind == PointsEntryKind.Reversal ? T($"更正：{what}", $"Correction: {what}") : what;
    }

    // The award form on a household's visit
    public string AwardSummary => T("记积分（表现兑积分）", "Award points");
    public string AwardHousehold => T("住户", "Household");
    public string AwardRule => T("积分项目", "For");
    public string ResidentName => T("居民姓名（选填）", "Resident (optional)");
    public string AwardNote => T("备注（选填）", "Note (optional)");
    public string AwardButton => T("记积分", "Award");
    public string Awarded(string name) => T($"已记积分：{name}", $"Points awarded: {name}");
    public string RuleChoice(PointsRule rule) => T($"{rule.Description}（+{rule.Points} 分）", $"{rule.Description} (+{rule.Points})");

    /// <summary>Why an award was not recorded: in Chinese by its kind, in English the service's own words with the figures.</summary>
    public string AwardRefused(PointsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return !_zh ? $"Not recorded: {result.Message}." : result.Refusal switch
        {
            PointsRefusal.MonthlyCap => "本户本月此项积分已达上限，未记入。",
            PointsRefusal.UnknownRule => "没有这个积分项目，请重新选择。",
            PointsRefusal.Invalid => "备注或姓名太长，请缩短后再记。",
            PointsRefusal.Busy => "此户积分正被他人记录，请稍后再试。",
            _ => "这次走访不能记积分。",
        };
    }
}
