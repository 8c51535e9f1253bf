using System.Globalization;
using Outreach.Roster;

namespace Outreach.Reminders;

/// <summary>Something a message counts, of one kind of target.</summary>
public interface IKindCounted
{
    /// <summary>Enterprises are counted with 家, households with 户.</summary>
    TargetKind Kind { get; }
}

/// <summary>
/// How Chinese counts targets: enterprises with 家 (<c>2家企业</c>), households with 户 (<c>3户居民</c>), both as
/// <c>2家企业、3户居民</c>; a short list's remainder with 家 or 户 when all are of one kind, else with 处 (places).
/// </summary>
public static class KindCounts
{
    /// <summary><c>2家企业、3户居民</c>, <c>1家企业</c>, <c>3户居民</c>; <c>0户</c> for none.</summary>
    public static string Chinese(IEnumerable<IKindCounted> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        var enterprises = list.Count(i => i.Kind == TargetKind.Enterprise);
        var households = list.Count - enterprises;
        return (enterprises, households) switch
        {
            (0, 0) => "0户",
            (0, _) => string.Create(CultureInfo.InvariantCulture, $"{households}户居民"),
            (_, 0) => string.Create(CultureInfo.InvariantCulture, $"{enterprises}家企业"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{enterprises}家企业、{households}户居民"),
        };
    }

    /// <summary>What a message model lists, each with its kind: a day's visits, a supervisor's overdue visits; else none.</summary>
    public static IReadOnlyList<IKindCounted> Listed(object model) => model switch
    {
        VisitDayModel day => day.Visits,
        OverdueDigestModel overdue => overdue.Items,
        _ => [],
    };

    /// <summary>The measure word for a count of <paramref name="items"/>: 家, 户, or 处 when they are of both kinds.</summary>
    public static string Measure(IEnumerable<IKindCounted> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var kinds = items.Select(i => i.Kind).Distinct().ToList();
        return kinds.Count != 1 ? "处" : kinds[0] == TargetKind.Enterprise ? "家" : "户";
    }
}
