namespace Outreach.Import;

/// <summary>The roster files a coordinator imports, one CSV per kind.</summary>
public enum ImportKind
{
    Grids,
    Visitors,
    Enterprises,
    Households,
    Policies,
    Calendar,
    Departments,
}

/// <summary>Wire names of <see cref="ImportKind"/>.</summary>
public static class ImportKinds
{
    /// <summary>The wire name, also the conventional file name without <c>.csv</c>: <c>grids</c>, <c>visitors</c>, …</summary>
    public static string ToWire(this ImportKind kind) => kind switch
    {
        ImportKind.Grids => "grids",
        ImportKind.Visitors => "visitors",
        ImportKind.Enterprises => "enterprises",
        ImportKind.Households => "households",
        ImportKind.Policies => "policies",
        ImportKind.Calendar => "calendar",
        ImportKind.Departments => "departments",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? text, out ImportKind kind)
    {
        var wire = text?.Trim().ToLowerInvariant();
        foreach (var candidate in Enum.GetValues<ImportKind>())
        {
            if (candidate.ToWire() == wire)
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>The header columns a file of this kind must have.</summary>
    public static IReadOnlyList<string> RequiredColumns(this ImportKind kind) => Columns.For(kind).Required;

    /// <summary>The header columns a file of this kind may have.</summary>
    public static IReadOnlyList<string> OptionalColumns(this ImportKind kind) => Columns.For(kind).Optional;

    /// <summary>
    /// Imports whose rows refer to grids (visitors, enterprises, households) need the set of known grid ids.
    /// </summary>
    public static bool NeedsKnownGrids(this ImportKind kind) =>
        kind is ImportKind.Visitors or ImportKind.Enterprises or ImportKind.Households;
}

internal sealed record Columns(string[] Required, string[] Optional)
{
    public static readonly Columns Grids = new(["id", "name", "area"], ["district", "supervisor"]);
    public static readonly Columns Visitors = new(["id", "name", "phone", "role", "grids"], ["weekly_capacity", "leave", "supervisor"]);
    public static readonly Columns Enterprises = new(["id", "name", "grid"], ["tags", "contact_name", "contact_phone"]);
    public static readonly Columns Households = new(["id", "address", "grid"], ["tags", "head_name", "phone", "building"]);
    public static readonly Columns Policies = new(["id", "kind", "tags", "interval_days", "visitors_per_visit", "roles"], ["morning_reminder"]);
    public static readonly Columns Calendar = new(["date", "kind"], ["name"]);
    public static readonly Columns Departments = new(["id", "name", "phone"], ["contact_name"]);

    public static Columns For(ImportKind kind) => kind switch
    {
        ImportKind.Grids => Grids,
        ImportKind.Visitors => Visitors,
        ImportKind.Enterprises => Enterprises,
        ImportKind.Households => Households,
        ImportKind.Policies => Policies,
        ImportKind.Calendar => Calendar,
        ImportKind.Departments => Departments,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
