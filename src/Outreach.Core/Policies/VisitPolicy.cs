using Outreach.Roster;

namespace Outreach.Policies;

/// <summary>
/// A visit-frequency rule (走访频次): targets of <paramref name="Kind"/> carrying every tag in
/// <paramref name="Tags"/> are visited every <paramref name="IntervalDays"/> days by
/// <paramref name="VisitorsPerVisit"/> visitors whose role is in <paramref name="Roles"/> (empty: any role).
/// A tag ending in <c>*</c> matches by prefix, so <c>chain:*</c> matches every industry chain.
/// With <paramref name="MorningReminder"/> the visitor also gets an SMS at 07:30 on the day of such a visit (for
/// targets where a forgotten visit matters most, such as elderly people living alone).
/// </summary>
public sealed record VisitPolicy(
    string Id,
    TargetKind Kind,
    IReadOnlyList<string> Tags,
    int IntervalDays,
    int VisitorsPerVisit,
    IReadOnlyList<string> Roles,
    bool MorningReminder = false)
{
    /// <summary>
    /// The most visitors a policy may send to one visit (a pair, 两人一组). Stores rely on it: a visit row
    /// carries its visitors in a fixed number of query columns.
    /// </summary>
    public const int MaxVisitorsPerVisit = 2;

    public bool Matches(Target target)
    {
        if (target.Kind != Kind)
        {
            return false;
        }
        foreach (var tag in Tags)
        {
            if (!MatchesTag(tag, target))
            {
                return false;
            }
        }
        return true;
    }

    public bool AllowsRole(string role) => Roles.Count == 0 || Roles.Contains(role, StringComparer.Ordinal);

    private static bool MatchesTag(string tag, Target target)
    {
        if (!tag.EndsWith('*'))
        {
            return target.HasTag(tag);
        }
        var prefix = tag[..^1];
        return target.Tags.Any(t => t.StartsWith(prefix, StringComparison.Ordinal));
    }
}
