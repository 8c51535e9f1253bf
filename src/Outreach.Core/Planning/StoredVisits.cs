using System.Runtime.CompilerServices;

namespace Outreach.Planning;

/// <summary>
/// Published visits: every one that still holds is kept as it is (stability), the ones that became infeasible
/// are repaired once all kept ones count, and inside the frozen window a repair keeps the day and replaces only
/// the visitors who can no longer make it.
/// </summary>
internal sealed class StoredVisits(PlanRequest request, PlanCalendar days, VisitorLedger ledger, VisitorChoice choice, PlanChanges changes)
{
    /// <summary>The last day of the frozen window: published visits up to it keep their day.</summary>
    public DateOnly FrozenUntil => request.Today.AddDays(request.FrozenDays);

    /// <summary>Sorts each target's stored visits into history and kept ones, and repairs the broken ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Settle(TargetState[] states)
    {
        foreach (var state in states)
        {
            // Visits already made or planned earlier in the first week still fill that week.
            foreach (var visit in state.Existing)
            {
                if (visit.Date >= days.Monday && visit.Date < days.Start)
                {
                    ledger.Add(visit, +1);
                }
            }
        }
        // Every feasible published visit is counted before anything is repaired or added, so that repairs and
        // new visits see each visitor's true load.
        var broken = new List<(TargetState State, Visit Visit, List<string> Unfit)>();
        foreach (var state in states)
        {
            Sort(state, broken);
        }
        ReleaseOverbooked(states, broken);
        broken.Sort((a, b) =>
        {
            var c = a.Visit.Date.CompareTo(b.Visit.Date);
            return c != 0 ? c : string.CompareOrdinal(a.Visit.TargetId, b.Visit.TargetId);
        });
        foreach (var (state, visit, unfit) in broken)
        {
            var repaired = TryRepair(state, visit, unfit);
            if (repaired is not null)
            {
                changes.Upserts.Add(repaired);
                changes.Keep(state, repaired);
            }
            else
            {
                changes.Deletes.Add(visit);
            }
        }
        foreach (var state in states)
        {
            state.Kept.Sort((a, b) => a.Date.CompareTo(b.Date));
        }
    }

    private void Sort(TargetState state, List<(TargetState, Visit, List<string>)> broken)
    {
        foreach (var visit in state.Existing)
        {
            if (visit.Date < days.Start)
            {
                state.History.Add(visit);
                continue;
            }
            if (visit.Date > days.To)
            {
                // Beyond the range: untouched, but it still fills its week if that week ends in the range.
                state.Kept.Add(visit);
                ledger.Add(visit, +1);
                continue;
            }
            if (visit.Status != VisitStatus.Planned)
            {
                changes.Keep(state, visit);
                continue;
            }
            if (state.Policy is null)
            {
                changes.Deletes.Add(visit);
                continue;
            }
            if (Infeasible(state, visit) is { } problems)
            {
                broken.Add((state, visit, problems));
            }
            else
            {
                changes.Keep(state, visit);
            }
        }
    }

    /// <summary>
    /// A visitor whose capacity was lowered may now be booked beyond it: their latest published visits in each
    /// such week are released for repair until the week fits.
    /// </summary>
    private void ReleaseOverbooked(TargetState[] states, List<(TargetState, Visit, List<string>)> broken)
    {
        List<Visit>? candidates = null;
        for (var v = 0; v < ledger.Count; v++)
        {
            for (var week = 0; week < days.Weeks; week++)
            {
                if (ledger.WeekLoad(v, week) <= ledger.Capacity(v))
                {
                    continue;
                }
                var id = ledger.Visitors[v].Id;
                var monday = days.Day(7 * week);
                candidates ??= changes.Visits.Where(x => x.Status == VisitStatus.Planned).ToList();
                foreach (var visit in candidates
                             .Where(x => x.Date >= monday && x.Date < monday.AddDays(7) && x.VisitorIds.Contains(id, StringComparer.Ordinal))
                             .OrderByDescending(x => x.Date).ThenByDescending(x => x.TargetId, StringComparer.Ordinal)
                             .ToList())
                {
                    if (ledger.WeekLoad(v, week) <= ledger.Capacity(v))
                    {
                        break;
                    }
                    var state = states.First(t => t.Target.Id == visit.TargetId);
                    changes.Unkeep(state, visit);
                    candidates.Remove(visit);
                    broken.Add((state, visit, [id]));
                }
            }
        }
    }

    /// <summary>Null when the visit still holds; else the visitors who can no longer make it (maybe none).</summary>
    private List<string>? Infeasible(TargetState state, Visit visit)
    {
        var policy = state.Policy!;
        var dayOk = days.IsWorking(visit.Date);
        List<string>? unfit = dayOk && visit.VisitorIds.Count == policy.VisitorsPerVisit ? null : [];
        var day = days.Index(visit.Date);
        foreach (var id in visit.VisitorIds)
        {
            var fits = ledger.TryIndex(id, out var v)
                && ledger.Visitors[v].Covers(state.Target.Grid)
                && policy.AllowsRole(ledger.Visitors[v].Role)
                && !ledger.OnLeave(v, day);
            if (!fits)
            {
                (unfit ??= []).Add(id);
            }
        }
        return unfit;
    }

    /// <summary>
    /// Inside the frozen window, keeps the day (the visit is in people's diaries) and replaces only the visitors
    /// who can no longer make it. Past it, or when nobody can step in, the visit is deleted and its window
    /// planned afresh.
    /// </summary>
    private Visit? TryRepair(TargetState state, Visit visit, List<string> unfit)
    {
        if (!days.IsWorking(visit.Date) || visit.Date > FrozenUntil)
        {
            return null;
        }
        var policy = state.Policy!;
        var day = days.Index(visit.Date);
        state.Eligible = ledger.Eligible(state.Target.Grid, policy);
        // Teammates who can still make it stay on the visit, if their week has room for it (an earlier repair
        // may have filled it).
        var keep = visit.VisitorIds
            .Where(id => !unfit.Contains(id, StringComparer.Ordinal))
            .Select(id => ledger.TryIndex(id, out var v) ? v : -1)
            .Where(v => v >= 0 && ledger.HasRoom(v, day / 7))
            .Take(policy.VisitorsPerVisit)
            .ToList();
        Span<int> chosen = stackalloc int[policy.VisitorsPerVisit];
        for (var i = 0; i < keep.Count; i++)
        {
            chosen[i] = keep[i];
        }
        choice.View(state, day, day);
        if (!choice.TryChoose(state, day, new ChoiceRule(WithinDayShare: false, Repeats: chosen.Length), chosen, keep.Count))
        {
            return null;
        }
        var ids = new List<string>(chosen.Length);
        foreach (var v in chosen)
        {
            ids.Add(ledger.Visitors[v].Id);
        }
        return visit with { VisitorIds = ids };
    }
}
