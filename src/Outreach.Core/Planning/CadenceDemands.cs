using System.Runtime.CompilerServices;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Planning;

/// <summary>
/// Walks each target's cadence windows over the range and turns every window without a visit into a
/// <see cref="Demand"/>, or into a shortfall when it cannot be planned at all (no policy, nobody eligible).
/// Targets the coordinator should look at are flagged on the way.
/// </summary>
internal sealed class CadenceDemands(PlanRequest request, PlanCalendar days, VisitorLedger ledger, PlanChanges changes, DateOnly frozenUntil)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Collect(TargetState state)
    {
        if (state.Policy is not { } policy)
        {
            changes.Shortfalls.Add(new Shortfall(state.Target.Id, state.Target.Grid, days.Start, days.To, ShortfallReason.NoPolicy,
                $"no visit policy matches {state.Target.Kind.ToWire()} with tags [{string.Join(";", state.Target.Tags)}]: add a policy row for it"));
            return;
        }
        var eligible = ledger.Eligible(state.Target.Grid, policy);
        if (eligible.Length < policy.VisitorsPerVisit)
        {
            changes.Shortfalls.Add(new Shortfall(state.Target.Id, state.Target.Grid, days.Start, days.To, ShortfallReason.NoEligibleVisitor,
                eligible.Length == 0
                    ? $"nobody covers grid {state.Target.Grid} with a role policy '{policy.Id}' allows ({RolesText(policy)}): assign a visitor to the grid"
                    : $"policy '{policy.Id}' sends {policy.VisitorsPerVisit} visitors but only {eligible.Length} cover grid {state.Target.Grid}: assign another visitor"));
            return;
        }
        state.Eligible = eligible;
        if (Flag(state))
        {
            return;
        }

        var interval = policy.IntervalDays;
        var kept = state.Kept;
        var lastBefore = state.History.LastOrDefault();
        var window = lastBefore is null ? CadenceWindow.First(days.Start, interval, state.Hash) : CadenceWindow.After(lastBefore, interval);
        var next = 0;
        while (true)
        {
            while (window.End < days.Start)
            {
                window = window.Next(interval);
            }
            if (window.Start > days.To)
            {
                return;
            }
            if (next < kept.Count)
            {
                var visit = kept[next];
                // Published for this window but later than it now ends (an early completion or a shorter
                // interval moved the window): past the frozen window it is planned afresh.
                var late = visit.Date > window.End && visit.WindowStart <= window.End;
                if (late && visit.Status == VisitStatus.Planned && visit.Date <= days.To && visit.Date > frozenUntil)
                {
                    changes.Unkeep(state, visit);
                    changes.Upserts.Remove(visit);
                    changes.Deletes.Add(visit);
                    continue;
                }
                if (visit.Date <= window.End || late)
                {
                    next++;
                    window = CadenceWindow.After(visit, interval);
                    continue;
                }
            }
            var lo = days.Index(window.Start > days.Start ? window.Start : days.Start);
            var hi = days.Index(window.End < days.To ? window.End : days.To);
            var due = Math.Max(lo, days.Index(window.Due));
            if (due > days.ToIndex)
            {
                // Its due day is past the horizon: a later plan takes it, with the same due date.
                return;
            }
            state.Demands.Add(new Demand(state, window, lo, hi, due, optional: window.End > days.To));
            window = window.Next(interval);
        }
    }

    /// <summary>
    /// Flags a target whose last visits found nobody (no re-visit is planned: true) or whose last visit was
    /// refused (the cadence goes on).
    /// </summary>
    private bool Flag(TargetState state)
    {
        var outcomes = state.History.Concat(state.Kept)
            .Where(v => v.Status is VisitStatus.Completed or VisitStatus.NotReachable or VisitStatus.Refused or VisitStatus.Rescheduled)
            .OrderBy(v => v.Date)
            .ToList();
        var unreachable = outcomes.AsEnumerable().Reverse().TakeWhile(v => v.Status == VisitStatus.NotReachable).Count();
        if (unreachable >= request.NotReachableLimit)
        {
            changes.Flags.Add(new TargetFlag(state.Target.Id, state.Target.Grid, TargetFlagReason.Unreachable, FormattableString.Invariant(
                $"nobody was found at the last {unreachable} visits (last on {outcomes[^1].Date:yyyy-MM-dd}): check the address or contact; no re-visit is planned until a visit is recorded")));
            return true;
        }
        if (outcomes.Count > 0 && outcomes[^1].Status == VisitStatus.Refused)
        {
            changes.Flags.Add(new TargetFlag(state.Target.Id, state.Target.Grid, TargetFlagReason.Refused, FormattableString.Invariant(
                $"the visit on {outcomes[^1].Date:yyyy-MM-dd} was refused{(outcomes[^1].Outcome?.Notes is { } notes ? $" ({notes})" : "")}")));
        }
        return false;
    }

    private static string RolesText(VisitPolicy policy) => policy.Roles.Count == 0 ? "any role" : string.Join(";", policy.Roles);
}
