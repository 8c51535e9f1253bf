namespace Outreach.Roster;

/// <summary>What is visited: an enterprise (企业) or a household (居民户).</summary>
public enum TargetKind
{
    Enterprise,
    Household,
}

/// <summary>
/// A visit target (走访对象). Tags drive the visit policy: <c>key</c>, <c>chain:农化植保</c>, <c>tier:1b</c>,
/// <c>elderly-alone</c>, …
/// </summary>
/// <param name="Name">Enterprise name, or the household's address.</param>
/// <param name="Address">Street address; for households the same as <paramref name="Name"/>.</param>
/// <param name="Contact">Contact person (enterprise) or head of household.</param>
public sealed record Target(
    string Id,
    TargetKind Kind,
    string Name,
    string Grid,
    IReadOnlyList<string> Tags,
    string? Address = null,
    string? Contact = null,
    string? Phone = null,
    string? Building = null)
{
    public bool HasTag(string tag) => Tags.Contains(tag, StringComparer.Ordinal);
}

/// <summary>Wire names of <see cref="TargetKind"/>.</summary>
public static class TargetKinds
{
    public static string ToWire(this TargetKind kind) => kind switch
    {
        TargetKind.Enterprise => "enterprise",
        TargetKind.Household => "household",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? text, out TargetKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "enterprise":
                kind = TargetKind.Enterprise;
                return true;
            case "household":
                kind = TargetKind.Household;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
