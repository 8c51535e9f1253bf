using Outreach.Calendar;

namespace Outreach.Points;

/// <summary>Why a points entry was refused; nothing was written.</summary>
public enum PointsRefusal
{
    /// <summary>A field is missing or malformed (a note too long, a time ahead of the clock).</summary>
    Invalid,

    /// <summary>No household has that id.</summary>
    UnknownHousehold,

    /// <summary>No imported rule has that code.</summary>
    UnknownRule,

    /// <summary>No imported item has that id.</summary>
    UnknownItem,

    /// <summary>The passbook has no entry of that id.</summary>
    UnknownEntry,

    /// <summary>The award would take the household past the rule's monthly cap.</summary>
    MonthlyCap,

    /// <summary>The item's stock is zero.</summary>
    OutOfStock,

    /// <summary>The entry would take the balance below zero.</summary>
    NotEnoughPoints,

    /// <summary>The entry was reversed already, or is itself a reversal.</summary>
    NotReversible,

    /// <summary>The visit is not one the link may award points at, or its target is not a household.</summary>
    NotAtThisVisit,

    /// <summary>Others kept writing the passbook (or the item's stock) first, try after try.</summary>
    Busy,
}

/// <summary>What an award, redemption or reversal did: the entry written (or found already written), or why none was.</summary>
/// <param name="Balance">The balance after the entry, or as it stands when refused.</param>
/// <param name="Replayed">The same award at the same visit was written before: that entry, nothing new.</param>
/// <param name="Message">Why it was refused, in English, with the figures (the CLI's one line).</param>
public sealed record PointsResult(PointsEntry? Entry, int Balance, PointsRefusal? Refusal = null, string? Message = null, bool Replayed = false)
{
    public bool Succeeded => Refusal is null;

    /// <summary>A refusal.</summary>
    public static PointsResult Refuse(PointsRefusal refusal, string message, int balance = 0) => new(null, balance, refusal, message);
}

/// <summary>
/// One household's passbook as read, and the rules every new entry obeys, decided here without I/O: the balance is the
/// sum of the entries and never goes below zero, a rule's monthly cap holds, an entry is reversed at most once.
/// </summary>
/// <param name="Entries">In order, the <c>n</c>th with <see cref="PointsEntry.Sequence"/> <c>n</c>.</param>
/// <param name="Version">What a write must find unchanged (the store's), null while the passbook is empty.</param>
public sealed record PointsLedger(string HouseholdId, IReadOnlyList<PointsEntry> Entries, string? Version)
{
    public int Balance => Entries.Sum(e => e.Points);

    /// <summary>The next entry's place in the passbook.</summary>
    public int NextSequence => Entries.Count + 1;

    /// <summary>Ids of the entries a reversal undoes.</summary>
    public IReadOnlySet<string> Reversed => Entries.Where(e => e.ReversalOf is not null).Select(e => e.ReversalOf!).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Points the household holds from <paramref name="code"/> in the month of <paramref name="day"/> (China time): its awards
    /// earned that month, less those reversed since.
    /// </summary>
    public int EarnedInMonth(string code, DateOnly day)
    {
        var reversed = Reversed;
        return Entries
            .Where(e => e.Kind == PointsEntryKind.Award && e.Code == code && SameMonth(ChinaTime.DateOf(e.At), day) && !reversed.Contains(e.Id))
            .Sum(e => e.Points);
    }

    /// <summary>The entry of this award, or why the rule refuses it.</summary>
    public PointsResult Award(PointsRule rule, PointsEntry draft)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(draft);
        // A second tap on the visit page, or a page posted again: the award already made at this visit stands alone.
        if (draft.VisitId is { } visit && Entries.FirstOrDefault(e => e.Kind == PointsEntryKind.Award && e.VisitId == visit && e.Code == rule.Code && !Reversed.Contains(e.Id)) is { } made)
        {
            return new PointsResult(made, Balance, Replayed: true);
        }
        var day = ChinaTime.DateOf(draft.At);
        if (rule.MonthlyCap is { } cap && EarnedInMonth(rule.Code, day) is var earned && earned + rule.Points > cap)
        {
            return PointsResult.Refuse(PointsRefusal.MonthlyCap,
                $"{HouseholdId} has earned {earned} of the {cap} points '{rule.Code}' allows in {day:yyyy-MM}; another {rule.Points} would pass the monthly cap, so nothing was recorded",
                Balance);
        }
        return Write(draft with { Kind = PointsEntryKind.Award, Code = rule.Code, Item = null, ReversalOf = null, Points = rule.Points });
    }

    /// <summary>The entry of this redemption, or why the balance refuses it (the stock is the store's to check).</summary>
    public PointsResult Redeem(PointsItem item, PointsEntry draft)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(draft);
        if (Balance < item.Points)
        {
            return PointsResult.Refuse(PointsRefusal.NotEnoughPoints,
                $"{HouseholdId} has {Balance} points and '{item.Id}' ({item.Name}) costs {item.Points}: a balance never goes below zero, so nothing was recorded", Balance);
        }
        return Write(draft with { Kind = PointsEntryKind.Redemption, Item = item.Id, Code = null, ReversalOf = null, Points = -item.Points });
    }

    /// <summary>The entry that undoes <paramref name="entryId"/>, or why it cannot be undone.</summary>
    public PointsResult Reverse(string entryId, PointsEntry draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Entries.FirstOrDefault(e => e.Id == entryId) is not { } entry)
        {
            return PointsResult.Refuse(PointsRefusal.UnknownEntry, $"{HouseholdId}'s passbook has no entry {entryId}: see its passbook for the entry ids", Balance);
        }
        if (entry.Kind == PointsEntryKind.Reversal)
        {
            return PointsResult.Refuse(PointsRefusal.NotReversible, $"{entryId} is itself a reversal (of {entry.ReversalOf}) and stands: record the award or redemption again instead", Balance);
        }
        if (Reversed.Contains(entryId))
        {
            var by = Entries.First(e => e.ReversalOf == entryId);
            return PointsResult.Refuse(PointsRefusal.NotReversible, $"{entryId} was reversed already, by {by.Id}", Balance);
        }
        if (Balance - entry.Points < 0)
        {
            return PointsResult.Refuse(PointsRefusal.NotEnoughPoints,
                $"reversing {entryId} takes {entry.Points} points and {HouseholdId} has {Balance}: a balance never goes below zero, so reverse a redemption first", Balance);
        }
        return Write(draft with { Kind = PointsEntryKind.Reversal, Code = entry.Code, Item = entry.Item, ReversalOf = entry.Id, Points = -entry.Points });
    }

    private PointsResult Write(PointsEntry entry)
    {
        var next = entry with { HouseholdId = HouseholdId, Sequence = NextSequence, Id = PointsEntry.IdOf(HouseholdId, NextSequence) };
        return new PointsResult(next, Balance + next.Points);
    }

    private static bool SameMonth(DateOnly a, DateOnly b) => a.Year == b.Year && a.Month == b.Month;
}
