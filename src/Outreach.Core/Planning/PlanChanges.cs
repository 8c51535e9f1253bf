namespace Outreach.Planning;

/// <summary>
/// What a run produces: the visits in the range, and what changed against the store (upserts, deletes), the
/// shortfalls and the flags. Keeping or dropping a stored visit also counts it in, or out of, the ledger.
/// </summary>
internal sealed class PlanChanges(VisitorLedger ledger)
{
    public List<Visit> Visits { get; } = new();

    public List<Visit> Upserts { get; } = new();

    public List<Visit> Deletes { get; } = new();

    public List<Shortfall> Shortfalls { get; } = new();

    public List<TargetFlag> Flags { get; } = new();

    public void Keep(TargetState state, Visit visit)
    {
        state.Kept.Add(visit);
        ledger.Add(visit, +1);
        Visits.Add(visit);
    }

    /// <summary>Takes a kept visit back out of the plan, so its window is planned afresh.</summary>
    public void Unkeep(TargetState state, Visit visit)
    {
        state.Kept.Remove(visit);
        Visits.Remove(visit);
        ledger.Add(visit, -1);
    }

    /// <summary>The runs' changes together, in a stable order.</summary>
    public static PlanResult Result(IReadOnlyList<PlanChanges> runs, IReadOnlyList<Visit> overdue)
    {
        var visits = runs.SelectMany(r => r.Visits).ToList();
        var upserts = runs.SelectMany(r => r.Upserts).ToList();
        var deletes = runs.SelectMany(r => r.Deletes).ToList();
        var shortfalls = runs.SelectMany(r => r.Shortfalls).ToList();
        if (deletes.Count > 0)
        {
            // A visit deleted for repair and planned afresh on the same day is an update, not a delete: it
            // replaces the row it was read from, so it carries that row's ETag.
            var deleted = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var visit in deletes.Where(v => v.ETag is not null))
            {
                deleted[visit.Id] = visit.ETag!;
            }
            for (var i = 0; i < upserts.Count; i++)
            {
                if (upserts[i].ETag is null && deleted.TryGetValue(upserts[i].Id, out var etag))
                {
                    upserts[i] = upserts[i] with { ETag = etag };
                }
            }
            var upserted = upserts.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
            deletes.RemoveAll(v => upserted.Contains(v.Id));
        }

        SortByDateThenTarget(visits);
        SortByDateThenTarget(upserts);
        SortByDateThenTarget(deletes);
        shortfalls.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Grid, b.Grid);
            c = c != 0 ? c : string.CompareOrdinal(a.TargetId, b.TargetId);
            return c != 0 ? c : a.WindowStart.CompareTo(b.WindowStart);
        });
        var flags = runs.SelectMany(r => r.Flags).OrderBy(f => f.TargetId, StringComparer.Ordinal).ThenBy(f => f.Reason).ToList();
        return new PlanResult(visits, upserts, deletes, shortfalls, overdue, flags);
    }

    /// <summary>A run writes its new visits in this order already: checking is cheaper than sorting again.</summary>
    private static void SortByDateThenTarget(List<Visit> visits)
    {
        for (var i = 1; i < visits.Count; i++)
        {
            if (ByDateThenTarget(visits[i - 1], visits[i]) > 0)
            {
                visits.Sort(ByDateThenTarget);
                return;
            }
        }
    }

    private static int ByDateThenTarget(Visit a, Visit b)
    {
        var c = a.Date.CompareTo(b.Date);
        c = c != 0 ? c : string.CompareOrdinal(a.Grid, b.Grid);
        return c != 0 ? c : string.CompareOrdinal(a.TargetId, b.TargetId);
    }
}
