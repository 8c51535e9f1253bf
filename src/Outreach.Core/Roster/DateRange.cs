namespace Outreach.Roster;

/// <summary>An inclusive range of calendar days, e.g. a leave period.</summary>
public readonly record struct DateRange(DateOnly Start, DateOnly End)
{
    public bool Contains(DateOnly day) => day >= Start && day <= End;

    public override string ToString() => FormattableString.Invariant($"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}");
}
