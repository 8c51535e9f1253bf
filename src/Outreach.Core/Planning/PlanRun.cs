using System.Runtime.CompilerServices;

namespace Outreach.Planning;

/// <summary>
/// One planning run, in order: settle the stored visits, collect the windows to fill, place them least
/// flexible first, repair the ones left open by moving this run's visits, prove the shortfalls that remain,
/// then write the new visits out.
/// </summary>
internal sealed class PlanRun
{
    private readonly PlanRequest _request;
    private readonly PlanCalendar _days;
    private readonly VisitorLedger _ledger;
    private readonly PlanChanges _changes;
    private readonly VisitorChoice _choice;
    private readonly Placer _placer;

    public PlanRun(PlanRequest request)
    {
        _request = request;
        _days = new PlanCalendar(request);
        _ledger = new VisitorLedger(request.Visitors, _days);
        _changes = new PlanChanges(_ledger);
        _choice = new VisitorChoice(_ledger, _days);
        _placer = new Placer(_days, _ledger, _choice);
    }

    public PlanChanges Execute()
    {
        var states = States();
        var stored = new StoredVisits(_request, _days, _ledger, _choice, _changes);
        stored.Settle(states);

        var cadence = new CadenceDemands(_request, _days, _ledger, _changes, stored.FrozenUntil);
        foreach (var state in states)
        {
            cadence.Collect(state);
        }
        var demands = states.SelectMany(s => s.Demands).ToList();
        _placer.Expect(demands);
        var open = Placer.Order(demands).Where(d => !_placer.TryPlace(d)).ToList();
        var required = open.Where(d => !d.Optional && HasWorkingDay(d)).ToList();

        var index = new WeekIndex(_days, _ledger, demands);
        var proof = new ShortfallProof(_days, _ledger, index);
        if (required.Count > 0)
        {
            var audit = new RotationAudit(_days, _ledger);
            var edits = new PlanEdits(_days, _ledger, audit, _placer, index);
            var repair = new CoverageRepair(edits, _ledger, _choice, audit);
            // A window the bound already shows cannot be filled is not searched for.
            var filled = required.Count(d => proof.Prove(d, []) is null && repair.TryFill(d));
            if (filled > 0)
            {
                // Moving pairs and mending rotation can leave room a window that failed earlier can now use.
                foreach (var demand in required.Where(d => !d.Placed))
                {
                    repair.TryPlace(demand);
                }
            }
        }
        var balance = new PeerBalance(_days, _ledger, new PlanEdits(_days, _ledger, new RotationAudit(_days, _ledger), _placer, index));
        balance.Level();
        // Windows the range holds only in part take what room is left (some gave way above).
        var late = false;
        foreach (var demand in Placer.Order(demands.Where(d => d.Optional && !d.Placed)))
        {
            if (_placer.TryPlace(demand))
            {
                index.Add(demand);
                late = true;
            }
        }
        if (late)
        {
            // They load the last weeks after levelling: a peer who is now two ahead there may make a visit of theirs
            // earlier in its window, where they are the lighter one.
            balance.Level();
        }
        Report(open.Where(d => !d.Optional && !d.Placed).ToList(), proof);

        Write(states, demands);
        return _changes;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TargetState[] States()
    {
        var targets = _request.Targets.OrderBy(t => t.Id, StringComparer.Ordinal).ToArray();
        var existing = _request.Existing
            .GroupBy(v => v.TargetId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(v => v.Date).ThenBy(v => v.Cycle).ThenBy(v => v.Id, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

        var gridOf = targets.ToDictionary(t => t.Id, t => t.Grid, StringComparer.Ordinal);
        foreach (var (targetId, visits) in existing.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!gridOf.TryGetValue(targetId, out var grid))
            {
                // The target left the roster: its future planned visits go; its history stays.
                _changes.Deletes.AddRange(visits.Where(v => v.Status == VisitStatus.Planned && v.Date >= _days.Start));
                continue;
            }
            // The target moved grid: what was planned in its old grid goes and is planned afresh in the new one;
            // its visits made there still count for its cadence.
            var left = visits.Where(v => v.Grid != grid && v.Status == VisitStatus.Planned && v.Date >= _days.Start).ToList();
            _changes.Deletes.AddRange(left);
            visits.RemoveAll(left.Contains);
        }

        var states = new TargetState[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            states[i] = new TargetState(targets[i], _request.Policies.Match(targets[i]), i, existing.GetValueOrDefault(targets[i].Id) ?? []);
        }
        return states;
    }

    private void Report(List<Demand> open, ShortfallProof proof)
    {
        var competing = open.Where(HasWorkingDay).ToList();
        var byWindow = competing.ToDictionary(d => (d.Target.Target.Id, d.Window.Start));
        // Open windows competing for the same visitor-weeks share one bound.
        var shared = new Dictionary<Demand, ShortfallBound>();
        foreach (var demand in open)
        {
            var target = demand.Target.Target;
            var (from, to) = (_days.Day(demand.Lo), _days.Day(demand.Hi));
            var window = demand.Window;
            if (!HasWorkingDay(demand))
            {
                _changes.Shortfalls.Add(new Shortfall(target.Id, target.Grid, window.Start, window.End, ShortfallReason.NoWorkingDay,
                    FormattableString.Invariant($"no working day from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: check the calendar, or lengthen the policy interval")));
                continue;
            }
            if (!shared.TryGetValue(demand, out var bound) && (bound = proof.Prove(demand, competing)) is not null)
            {
                foreach (var competitor in bound.Windows)
                {
                    if (byWindow.TryGetValue((competitor.TargetId, competitor.Start), out var other))
                    {
                        shared[other] = bound;
                    }
                }
            }
            _changes.Shortfalls.Add(new Shortfall(target.Id, target.Grid, window.Start, window.End, ShortfallReason.NoCapacity,
                bound is null ? Unproven(target.Grid, from, to) : Proven(target.Grid, from, to, bound), bound));
        }
    }

    private static string Proven(string grid, DateOnly from, DateOnly to, ShortfallBound bound)
    {
        if (bound.VisitorWeeks.Count == 0)
        {
            return FormattableString.Invariant(
                $"every eligible visitor for grid {grid} is on leave on every working day from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: raise weekly capacity or add a visitor");
        }
        var visitors = bound.VisitorWeeks.Select(w => w.VisitorId).Distinct().ToList();
        var named = string.Join(", ", visitors.Take(6)) + (visitors.Count > 6 ? $" and {visitors.Count - 6} more" : "");
        return FormattableString.Invariant(
            $"grid {grid}: {bound.Windows.Count} windows need {bound.Needed} visitor slots in the weeks of {bound.VisitorWeeks.Min(w => w.Monday):yyyy-MM-dd} to {bound.VisitorWeeks.Max(w => w.Monday):yyyy-MM-dd} that only {named} can give, and those weeks hold {bound.Slots} after published visits: raise weekly capacity or add a visitor ({bound.Needed - bound.Slots} more slots)");
    }

    private bool HasWorkingDay(Demand demand) => Enumerable.Range(demand.Lo, demand.Hi - demand.Lo + 1).Any(_days.IsWorking);

    private static string Unproven(string grid, DateOnly from, DateOnly to) => FormattableString.Invariant(
        $"no eligible visitor for grid {grid} could be freed on a working day from {from:yyyy-MM-dd} to {to:yyyy-MM-dd} without breaking a pair visit or rotation, though no bound shows the slots are missing: raise weekly capacity or add a visitor");

    /// <summary>
    /// The run's new visits, in the order results are kept (day, grid, target), each numbered by cycle: one more
    /// than the target's previous visit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Write(TargetState[] states, List<Demand> demands)
    {
        var grids = states.Select(s => s.Target.Grid).Distinct().Order(StringComparer.Ordinal).Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i, StringComparer.Ordinal);
        var gridOf = states.Select(s => grids[s.Target.Grid]).ToArray();
        var placed = demands.Where(d => d.Placed).ToList();
        placed.Sort([MethodImpl(MethodImplOptions.AggressiveOptimization)] (a, b) =>
        {
            var c = a.Day.CompareTo(b.Day);
            c = c != 0 ? c : gridOf[a.Target.Index].CompareTo(gridOf[b.Target.Index]);
            return c != 0 ? c : a.Target.Index.CompareTo(b.Target.Index);
        });
        var cycles = new int[states.Length];
        Array.Fill(cycles, -1);
        foreach (var demand in placed)
        {
            var state = demand.Target;
            var date = _days.Day(demand.Day);
            var window = demand.Window;
            var ids = new string[demand.Visitors.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = _ledger.Visitors[demand.Visitors[i]].Id;
            }
            var cycle = cycles[state.Index] = Math.Max(cycles[state.Index] + 1, state.CycleAfterStored(date));
            var visit = new Visit(state.Target.Id, state.Target.Kind, state.Target.Grid, date, ids, cycle, window.Start, window.End, window.Due);
            _changes.Visits.Add(visit);
            _changes.Upserts.Add(visit);
        }
    }
}
