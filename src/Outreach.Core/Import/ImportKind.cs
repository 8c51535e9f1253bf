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

    /// <summary>The ways households earn points (<c>points-rules.csv</c>).</summary>
    PointsRules,

    /// <summary>The goods households redeem points for (<c>points-items.csv</c>).</summary>
    PointsItems,
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
        ImportKind.PointsRules => "points-rules",
        ImportKind.PointsItems => "points-items",
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

    /// <summary>The most characters <paramref name="column"/> of a file of this kind may hold.</summary>
    public static int MaxLength(this ImportKind kind, string column) => Columns.For(kind).Limits[column];

    /// <summary>
    /// Imports whose rows refer to grids (visitors, enterprises, households) need the set of known grid ids.
    /// </summary>
    public static bool NeedsKnownGrids(this ImportKind kind) =>
        kind is ImportKind.Visitors or ImportKind.Enterprises or ImportKind.Households;
}

/// <summary>
/// A kind's header columns, and the most characters each may hold (after trimming), chosen for the people who fill
/// them: a name of 50, an address or a registered company name of 100, an id of <see cref="Roster.Ids.MaxLength"/>.
/// They keep every row far inside Table Storage's own limits (64 KiB a property, 1 MiB an entity).
/// </summary>
internal sealed record Columns(string[] Required, string[] Optional, IReadOnlyDictionary<string, int> Limits)
{
    private const int Id = Roster.Ids.MaxLength;
    private const int Name = 50;
    private const int Address = 100;
    private const int Phone = 32;
    private const int Number = 10;
    private const int Tags = 500;

    public static readonly Columns Grids = new(["id", "name", "area"], ["district", "supervisor"],
        new Dictionary<string, int> { ["id"] = Id, ["name"] = Name, ["area"] = Name, ["district"] = Name, ["supervisor"] = Id });

    public static readonly Columns Visitors = new(["id", "name", "phone", "role", "grids"], ["weekly_capacity", "leave", "supervisor"],
        new Dictionary<string, int> { ["id"] = Id, ["name"] = Name, ["phone"] = Phone, ["role"] = 32, ["grids"] = 1000, ["weekly_capacity"] = Number, ["leave"] = 1000, ["supervisor"] = Id });

    public static readonly Columns Enterprises = new(["id", "name", "grid"], ["tags", "contact_name", "contact_phone"],
        new Dictionary<string, int> { ["id"] = Id, ["name"] = Address, ["grid"] = Id, ["tags"] = Tags, ["contact_name"] = Name, ["contact_phone"] = Phone });

    public static readonly Columns Households = new(["id", "address", "grid"], ["tags", "head_name", "phone", "building"],
        new Dictionary<string, int> { ["id"] = Id, ["address"] = Address, ["grid"] = Id, ["tags"] = Tags, ["head_name"] = Name, ["phone"] = Phone, ["building"] = Name });

    public static readonly Columns Policies = new(["id", "kind", "tags", "interval_days", "visitors_per_visit", "roles"], ["morning_reminder"],
        new Dictionary<string, int> { ["id"] = Id, ["kind"] = 20, ["tags"] = Tags, ["interval_days"] = Number, ["visitors_per_visit"] = Number, ["roles"] = 200, ["morning_reminder"] = Number });

    public static readonly Columns Calendar = new(["date", "kind"], ["name"],
        new Dictionary<string, int> { ["date"] = 20, ["kind"] = 20, ["name"] = Name });

    public static readonly Columns Departments = new(["id", "name", "phone"], ["contact_name"],
        new Dictionary<string, int> { ["id"] = Id, ["name"] = Name, ["phone"] = Phone, ["contact_name"] = Name });

    public static readonly Columns PointsRules = new(["code", "description", "points"], ["monthly_cap"],
        new Dictionary<string, int> { ["code"] = Id, ["description"] = Address, ["points"] = Number, ["monthly_cap"] = Number });

    public static readonly Columns PointsItems = new(["id", "name", "points", "stock"], [],
        new Dictionary<string, int> { ["id"] = Id, ["name"] = Name, ["points"] = Number, ["stock"] = Number });

    public static Columns For(ImportKind kind) => kind switch
    {
        ImportKind.Grids => Grids,
        ImportKind.Visitors => Visitors,
        ImportKind.Enterprises => Enterprises,
        ImportKind.Households => Households,
        ImportKind.Policies => Policies,
        ImportKind.Calendar => Calendar,
        ImportKind.Departments => Departments,
        ImportKind.PointsRules => PointsRules,
        ImportKind.PointsItems => PointsItems,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
