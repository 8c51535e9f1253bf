using Outreach.Roster;

namespace Outreach.Policies;

/// <summary>
/// The rules in force. The most specific matching rule wins (the one with the most tags); a tie goes to
/// the shorter interval, then to the rule id, so the choice never depends on import order.
/// </summary>
public sealed class PolicyBook
{
    private readonly VisitPolicy[] _ordered;

    public PolicyBook(IEnumerable<VisitPolicy> policies)
    {
        _ordered = policies
            .OrderByDescending(p => p.Tags.Count)
            .ThenBy(p => p.IntervalDays)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToArray();
    }

    public IReadOnlyList<VisitPolicy> Policies => _ordered;

    /// <summary>The defaults of DESIGN.md §2, used until a deployment imports its own rules.</summary>
    public static PolicyBook Defaults { get; } = new(
    [
        new VisitPolicy("enterprise", TargetKind.Enterprise, [], 30, 1, []),
        new VisitPolicy("enterprise-key", TargetKind.Enterprise, ["key"], 14, 1, []),
        new VisitPolicy("enterprise-chain", TargetKind.Enterprise, ["chain:*"], 14, 1, []),
        new VisitPolicy("household", TargetKind.Household, [], 90, 1, []),
        new VisitPolicy("household-elderly-alone", TargetKind.Household, ["elderly-alone"], 7, 1, []),
    ]);

    public VisitPolicy? Match(Target target)
    {
        foreach (var policy in _ordered)
        {
            if (policy.Matches(target))
            {
                return policy;
            }
        }
        return null;
    }
}
