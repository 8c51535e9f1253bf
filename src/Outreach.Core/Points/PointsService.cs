using Outreach.Calendar;
using Outreach.Import;
using Outreach.Links;
using Outreach.Roster;

namespace Outreach.Points;

/// <summary>An award to record: the rule, for whom, and what the recorder adds.</summary>
/// <param name="At">When it was earned; the clock's now when null. Never ahead of the clock.</param>
/// <param name="By">Who records it: a visitor's id, or <see cref="PointsService.ServiceCentre"/>.</param>
/// <param name="VisitId">The visit it is awarded at: the same award at the same visit is recorded once.</param>
public sealed record PointsAward(string HouseholdId, string Code, string? Note = null, DateTimeOffset? At = null, string? Resident = null, string By = PointsService.ServiceCentre, string? VisitId = null);

/// <summary>A household's passbook to show: the household, its entries in order, and the balance.</summary>
public sealed record Passbook(Target Household, PointsLedger Ledger)
{
    public int Balance => Ledger.Balance;

    /// <summary>The balance of each resident named on an entry, by name.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Residents =>
        Ledger.Entries.Where(e => e.Resident is not null).GroupBy(e => e.Resident!, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.Sum(e => e.Points))).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
}

/// <summary>Points earned and redeemed in one grid in one month (China time); reversals count in the month they are written.</summary>
/// <param name="Month">The month's first day.</param>
public sealed record PointsMonth(string Grid, DateOnly Month, int Earned, int Redeemed, int Awards, int Redemptions);

/// <summary>A household's place by the points it earned in a month.</summary>
public sealed record PointsLeader(int Rank, string HouseholdId, string? Address, string Grid, int Earned);

/// <summary>
/// The points passbook (积分存折): imports the rules and items, records awards (by a grid member at a visit, or by the
/// service centre), redemptions and reversals, and reads passbooks, leaderboards and monthly figures. Each entry is
/// decided by <see cref="PointsLedger"/> on the passbook as read and written only if the passbook is still as read,
/// else decided again on the new one, so racing writers never take a balance below zero or a rule past its cap.
/// </summary>
public sealed class PointsService(IRosterStore roster, IPointsStore store, TimeProvider clock)
{
    /// <summary>Who records an entry that no visitor does: the community's service centre (党群服务中心).</summary>
    public const string ServiceCentre = "service-centre";

    /// <summary>The most characters of a note.</summary>
    public const int MaxNote = 200;

    /// <summary>The most characters of a resident's name.</summary>
    public const int MaxResident = 50;

    // Each try loses only to an entry that was written, so a passbook this contended is busier than any service centre.
    private const int Attempts = 50;

    /// <summary>Imports <c>points-rules</c> or <c>points-items</c>: all of the file or, with any bad row, none of it.</summary>
    public Task<ImportReport> ImportAsync(ImportKind kind, RosterSource source, CancellationToken cancellationToken = default) =>
        Import(store, kind, source, cancellationToken);

    internal static async Task<ImportReport> Import(IPointsStore store, ImportKind kind, RosterSource source, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case ImportKind.PointsRules:
                var rules = PointsImporter.ReadRules(source);
                if (rules.Succeeded)
                {
                    await store.ImportRulesAsync(rules.Rows, cancellationToken);
                }
                return new ImportReport(kind, rules.Succeeded ? rules.Rows.Count : 0, rules.Errors, rules.Warnings);
            case ImportKind.PointsItems:
                var items = PointsImporter.ReadItems(source);
                if (items.Succeeded)
                {
                    await store.ImportItemsAsync(items.Rows, cancellationToken);
                }
                return new ImportReport(kind, items.Succeeded ? items.Rows.Count : 0, items.Errors, items.Warnings);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a points file");
        }
    }

    public Task<IReadOnlyList<PointsRule>> RulesAsync(CancellationToken cancellationToken = default) => store.GetRulesAsync(cancellationToken);

    public Task<IReadOnlyList<PointsItem>> ItemsAsync(CancellationToken cancellationToken = default) => store.GetItemsAsync(cancellationToken);

    /// <summary>Records an award, or refuses it (unknown household or rule, the monthly cap) writing nothing.</summary>
    public async Task<PointsResult> AwardAsync(PointsAward award, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(award);
        var now = clock.GetUtcNow();
        if (Check(award.Note, award.Resident, award.At, now) is { } invalid)
        {
            return invalid;
        }
        var found = await HouseholdAsync(award.HouseholdId, cancellationToken);
        if (found.Household is not { } household)
        {
            return Unknown(award.HouseholdId, found.Other);
        }
        var rules = await store.GetRulesAsync(cancellationToken);
        if (rules.FirstOrDefault(r => r.Code == award.Code) is not { } rule)
        {
            return PointsResult.Refuse(PointsRefusal.UnknownRule, rules.Count == 0
                ? $"there is no points rule '{award.Code}': no rules are imported yet (import points-rules.csv)"
                : $"there is no points rule '{award.Code}': use one of {string.Join(", ", rules.Select(r => r.Code))}");
        }
        var draft = Draft(household, award.At ?? now, award.By, now, award.Note, award.Resident) with { VisitId = award.VisitId };
        return await WriteAsync(household.Id, ledger => ledger.Award(rule, draft), cancellationToken);
    }

    /// <summary>
    /// An award by the visitor of <paramref name="view"/> at one of its visits: the visit must be the link's and its target a
    /// household. The same award at the same visit is recorded once.
    /// </summary>
    public async Task<PointsResult> AwardAtVisitAsync(VisitsView view, string visitId, string code, string? note, string? resident, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (!view.Grant.CoversVisit(visitId) || view.Visits.FirstOrDefault(v => v.Visit.Id == visitId) is not { Target: { Kind: TargetKind.Household } target })
        {
            return PointsResult.Refuse(PointsRefusal.NotAtThisVisit, $"visit {visitId} is not a household visit of this link: points are awarded at the household's own visit");
        }
        return await AwardAsync(new PointsAward(target.Id, code, note, null, resident, view.Visitor.Id, visitId), cancellationToken);
    }

    /// <summary>Records a redemption of one <paramref name="itemId"/>, or refuses it (a balance too low, no stock) writing nothing.</summary>
    public async Task<PointsResult> RedeemAsync(string householdId, string itemId, string? note = null, string by = ServiceCentre, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (Check(note, null, null, now) is { } invalid)
        {
            return invalid;
        }
        var found = await HouseholdAsync(householdId, cancellationToken);
        if (found.Household is not { } household)
        {
            return Unknown(householdId, found.Other);
        }
        var items = await store.GetItemsAsync(cancellationToken);
        if (items.FirstOrDefault(i => i.Id == itemId) is not { } item)
        {
            return PointsResult.Refuse(PointsRefusal.UnknownItem, items.Count == 0
                ? $"there is no item '{itemId}': no items are imported yet (import points-items.csv)"
                : $"there is no item '{itemId}': use one of {string.Join(", ", items.Select(i => i.Id))}");
        }
        var draft = Draft(household, now, by, now, note, null);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var ledger = await store.GetLedgerAsync(household.Id, cancellationToken);
            if (item.Stock <= 0)
            {
                return OutOfStock(item, ledger.Balance);
            }
            var decided = ledger.Redeem(item, draft);
            if (!decided.Succeeded)
            {
                return decided;
            }
            // Stock first, then the passbook: a failure between them leaves one item uncounted, never one given twice.
            switch (await store.TryChangeStockAsync(item.Id, -1, cancellationToken))
            {
                case null:
                    return PointsResult.Refuse(PointsRefusal.UnknownItem, $"there is no item '{itemId}' any more", ledger.Balance);
                case false:
                    return OutOfStock(item, ledger.Balance);
            }
            if (await store.TryAppendAsync(ledger, decided.Entry!, cancellationToken))
            {
                return decided;
            }
            await store.TryChangeStockAsync(item.Id, +1, cancellationToken);
        }
        return Busy(householdId);
    }

    /// <summary>Records the entry that undoes <paramref name="entryId"/> (a redemption's item goes back into stock), or refuses it.</summary>
    public async Task<PointsResult> ReverseAsync(string entryId, string? note = null, string by = ServiceCentre, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (!PointsEntry.TryParseId(entryId, out var householdId, out _))
        {
            return PointsResult.Refuse(PointsRefusal.Invalid, $"'{entryId}' is not an entry id: {PointsEntry.IdRule}");
        }
        if (Check(note, null, null, now) is { } invalid)
        {
            return invalid;
        }
        var found = await HouseholdAsync(householdId, cancellationToken);
        if (found.Household is not { } household)
        {
            return Unknown(householdId, found.Other);
        }
        var result = await WriteAsync(household.Id, ledger => ledger.Reverse(entryId, Draft(household, now, by, now, note, ledger.Entries.FirstOrDefault(e => e.Id == entryId)?.Resident)), cancellationToken);
        if (result is { Succeeded: true, Entry.Item: { } item })
        {
            await store.TryChangeStockAsync(item, +1, cancellationToken);
        }
        return result;
    }

    /// <summary>The household's passbook; null when no household has that id.</summary>
    public async Task<Passbook?> PassbookAsync(string householdId, CancellationToken cancellationToken = default) =>
        await HouseholdAsync(householdId, cancellationToken) is { Household: { } household }
            ? await PassbookAsync(household, cancellationToken)
            : null;

    /// <summary>The passbook of a household already found (a household's own link names it): no search of the grids.</summary>
    public async Task<Passbook> PassbookAsync(Target household, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(household);
        return household.Kind == TargetKind.Household
            ? new Passbook(household, await store.GetLedgerAsync(household.Id, cancellationToken))
            : throw new ArgumentException($"{household.Id} is not a household: only households keep a passbook.", nameof(household));
    }

    /// <summary>Households by the points they earned in <paramref name="month"/>'s month (net of reversals), most first, of one grid or all.</summary>
    public async Task<IReadOnlyList<PointsLeader>> LeaderboardAsync(string? grid, DateOnly month, CancellationToken cancellationToken = default)
    {
        var (from, to) = MonthSpan(month, month);
        var earned = (await store.GetEntriesAsync(from, to, cancellationToken))
            .Where(e => (grid is null || e.Grid == grid) && IsEarning(e))
            .GroupBy(e => (e.HouseholdId, e.Grid))
            .Select(g => (g.Key.HouseholdId, g.Key.Grid, Earned: g.Sum(e => e.Points)))
            .Where(h => h.Earned > 0)
            .OrderByDescending(h => h.Earned).ThenBy(h => h.HouseholdId, StringComparer.Ordinal)
            .ToList();
        var addresses = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var inGrid in earned.Select(h => h.Grid).Distinct(StringComparer.Ordinal))
        {
            foreach (var target in await roster.GetTargetsAsync(inGrid, cancellationToken))
            {
                addresses[target.Id] = target.Name;
            }
        }
        var leaders = new List<PointsLeader>();
        for (var i = 0; i < earned.Count; i++)
        {
            var rank = i > 0 && earned[i].Earned == earned[i - 1].Earned ? leaders[i - 1].Rank : i + 1;
            leaders.Add(new PointsLeader(rank, earned[i].HouseholdId, addresses.GetValueOrDefault(earned[i].HouseholdId), earned[i].Grid, earned[i].Earned));
        }
        return leaders;
    }

    /// <summary>Points earned and redeemed per grid and month from <paramref name="fromMonth"/>'s month to <paramref name="toMonth"/>'s.</summary>
    public async Task<IReadOnlyList<PointsMonth>> MonthsAsync(DateOnly fromMonth, DateOnly toMonth, CancellationToken cancellationToken = default)
    {
        var (from, to) = MonthSpan(fromMonth, toMonth);
        return (await store.GetEntriesAsync(from, to, cancellationToken))
            .GroupBy(e => (e.Grid, Month: FirstOfMonth(ChinaTime.DateOf(e.At))))
            .Select(g => new PointsMonth(
                g.Key.Grid,
                g.Key.Month,
                g.Where(IsEarning).Sum(e => e.Points),
                -g.Where(e => !IsEarning(e)).Sum(e => e.Points),
                g.Count(e => e.Kind == PointsEntryKind.Award),
                g.Count(e => e.Kind == PointsEntryKind.Redemption)))
            .OrderBy(m => m.Month).ThenBy(m => m.Grid, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>An award, or the reversal of one.</summary>
    private static bool IsEarning(PointsEntry entry) => entry.Kind == PointsEntryKind.Award || (entry.Kind == PointsEntryKind.Reversal && entry.Code is not null);

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    private static (DateTimeOffset From, DateTimeOffset To) MonthSpan(DateOnly fromMonth, DateOnly toMonth)
    {
        var first = FirstOfMonth(fromMonth);
        var end = FirstOfMonth(toMonth).AddMonths(1);
        return (new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset), new DateTimeOffset(end.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset));
    }

    /// <summary>Decides on the passbook as read and writes if it is still so; else reads it again and decides again.</summary>
    private async Task<PointsResult> WriteAsync(string householdId, Func<PointsLedger, PointsResult> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var ledger = await store.GetLedgerAsync(householdId, cancellationToken);
            var decided = decide(ledger);
            if (!decided.Succeeded || decided.Replayed || await store.TryAppendAsync(ledger, decided.Entry!, cancellationToken))
            {
                return decided;
            }
        }
        return Busy(householdId);
    }

    private static PointsResult OutOfStock(PointsItem item, int balance) =>
        PointsResult.Refuse(PointsRefusal.OutOfStock, $"'{item.Id}' ({item.Name}) is out of stock: nothing was recorded; import points-items.csv with its new stock", balance);

    private static PointsResult Busy(string householdId) =>
        PointsResult.Refuse(PointsRefusal.Busy, $"{householdId}'s passbook kept changing while this entry was written: nothing was recorded; try again");

    private static PointsEntry Draft(Target household, DateTimeOffset at, string by, DateTimeOffset now, string? note, string? resident) =>
        new("", household.Id, 0, PointsEntryKind.Award, at, 0, household.Grid, by, now, Note: Blank(note), Resident: Blank(resident));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static PointsResult? Check(string? note, string? resident, DateTimeOffset? at, DateTimeOffset now)
    {
        if (Blank(note) is { } n && n.EnumerateRunes().Count() > MaxNote)
        {
            return PointsResult.Refuse(PointsRefusal.Invalid, $"note has {n.EnumerateRunes().Count()} characters, more than the {MaxNote} it may hold: shorten it");
        }
        if (Blank(resident) is { } r && r.EnumerateRunes().Count() > MaxResident)
        {
            return PointsResult.Refuse(PointsRefusal.Invalid, $"resident has {r.EnumerateRunes().Count()} characters, more than the {MaxResident} a name may hold: shorten it");
        }
        if (at is { } when && when > now)
        {
            return PointsResult.Refuse(PointsRefusal.Invalid, $"at {when.ToOffset(ChinaTime.Offset):yyyy-MM-dd HH:mm} is ahead of the clock: points are recorded for what was done, give a time in the past");
        }
        return null;
    }

    /// <summary>The household of that id (a target of kind household in any grid), or nothing.</summary>
    private async Task<(Target? Household, Target? Other)> HouseholdAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(id))
        {
            return (null, null);
        }
        return await roster.FindTargetsAsync(id, cancellationToken) is [var target, ..]
            ? target.Kind == TargetKind.Household ? (target, null) : (null, target)
            : (null, null);
    }

    private static PointsResult Unknown(string id, Target? other) =>
        other is not null
            ? PointsResult.Refuse(PointsRefusal.UnknownHousehold, $"'{id}' is an enterprise: passbooks are kept for households")
            : PointsResult.Refuse(PointsRefusal.UnknownHousehold, $"there is no household '{id}': give the id of a household in households.csv");
}
