namespace Outreach.Points;

/// <summary>What an entry of a passbook is.</summary>
public enum PointsEntryKind
{
    /// <summary>Points earned by a rule (positive).</summary>
    Award,

    /// <summary>Points spent on an item (negative).</summary>
    Redemption,

    /// <summary>The correction of an earlier entry: its points with the sign turned.</summary>
    Reversal,
}

/// <summary>
/// One line of a household's passbook (积分存折). Entries are never changed or deleted: a correction is a
/// <see cref="PointsEntryKind.Reversal"/> naming the entry it undoes.
/// </summary>
/// <param name="Id"><c>HOUSEHOLD~N</c>: the household and the entry's place in its passbook (1, 2, …).</param>
/// <param name="At">When it was earned or redeemed (for an award given later, the time it was earned).</param>
/// <param name="Code">The rule of an award (and of the award a reversal undoes).</param>
/// <param name="Item">The item of a redemption (and of the redemption a reversal undoes).</param>
/// <param name="Points">Signed: positive adds to the balance, negative takes from it.</param>
/// <param name="ReversalOf">The entry a reversal undoes.</param>
/// <param name="Resident">The resident of the household it was earned by, when said (a passbook may be kept per person).</param>
/// <param name="By">Who recorded it: a visitor's id, or <c>service-centre</c>.</param>
/// <param name="VisitId">The visit during which a grid member awarded it.</param>
/// <param name="Grid">The household's grid when it was recorded, for the reports.</param>
/// <param name="RecordedAt">When it was written.</param>
public sealed record PointsEntry(
    string Id,
    string HouseholdId,
    int Sequence,
    PointsEntryKind Kind,
    DateTimeOffset At,
    int Points,
    string Grid,
    string By,
    DateTimeOffset RecordedAt,
    string? Code = null,
    string? Item = null,
    string? ReversalOf = null,
    string? Note = null,
    string? Resident = null,
    string? VisitId = null)
{
    /// <summary>The separator of an entry id's two parts; ids never contain it (<see cref="Roster.Ids"/>).</summary>
    public const char Separator = '~';

    /// <summary>The id of the <paramref name="sequence"/>th entry of <paramref name="householdId"/>'s passbook.</summary>
    public static string IdOf(string householdId, int sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{householdId}{Separator}{sequence}");

    /// <summary>Splits an entry id into its household and place, or false when it is not of the form <c>HOUSEHOLD~N</c>.</summary>
    public static bool TryParseId(string? id, out string householdId, out int sequence)
    {
        householdId = "";
        sequence = 0;
        var at = id?.LastIndexOf(Separator) ?? -1;
        if (at <= 0 || !Roster.Ids.IsValid(id![..at])
            || !int.TryParse(id.AsSpan(at + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence) || sequence < 1)
        {
            return false;
        }
        householdId = id[..at];
        return true;
    }

    /// <summary>How entry ids read, for messages.</summary>
    public const string IdRule = "an entry id is the household's id, '~' and the entry's number, e.g. lg-h-0001~3 (see points passbook)";
}
