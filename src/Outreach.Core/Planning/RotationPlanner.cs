using System.Runtime.CompilerServices;
using Outreach.Calendar;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Planning;

/// <summary>
/// The rotation planner: a pure, deterministic function from a <see cref="PlanRequest"/> to a
/// <see cref="PlanResult"/>. It keeps every published visit that is still feasible, repairs the ones that
/// are not, and fills every cadence window that has no visit yet.
/// </summary>
/// <remarks>
/// How it chooses, in the priority order of DESIGN.md §3:
/// <list type="number">
/// <item>Hard: a visitor covers the grid, has an eligible role, is not on leave, the day is a working day,
/// and their week (Monday to Sunday) is not full.</item>
/// <item>Coverage: windows are filled earliest due date first; a window whose ideal day is taken moves to
/// the nearest working day inside it that has a free visitor.</item>
/// <item>Rotation: among free visitors, those who have not visited the target recently come first (least
/// recently visited first), so the previous visitor is never chosen when someone else is free.</item>
/// <item>Balance: then the visitor whose week is least loaded relative to their peers (same grids, role and
/// capacity), then the least loaded overall.</item>
/// <item>Level days: each target's due dates sit on its own phase (a stable hash of its id), and a due date
/// on a day off is spread over the working days around it.</item>
/// </list>
/// The hot loops are compiled fully optimised at once (<see cref="MethodImplOptions.AggressiveOptimization"/>):
/// on a cold single-core instance tiered compilation otherwise plans whole units in first-tier code, at
/// half the speed (bench/README.md).
/// </remarks>
public static class RotationPlanner
{
    /// <summary>How many past visitors per target rotation remembers.</summary>
    private const int RotationMemory = 64;

    public static PlanResult Plan(PlanRequest request)
    {
        var start = request.Start;
        var to = request.To;
        if (to < start)
        {
            return new PlanResult([], [], [], [], Overdue(request), []);
        }
        return new Run(request).Execute();
    }

    private static List<Visit> Overdue(PlanRequest request) =>
        request.Existing
            .Where(v => v.Date < request.Today && v.Status is VisitStatus.Planned or VisitStatus.Overdue)
            .OrderBy(v => v.Date).ThenBy(v => v.Grid, StringComparer.Ordinal).ThenBy(v => v.TargetId, StringComparer.Ordinal)
            .ToList();

    private sealed class Run
    {
        private readonly PlanRequest _request;
        private readonly DateOnly _start;
        private readonly DateOnly _to;
        private readonly DateOnly _weekBase;
        private readonly int _weeks;
        private readonly bool[] _working;

        private readonly Visitor[] _visitors;
        private readonly Dictionary<string, int> _visitorIndex;
        private readonly int[] _visitorClass;
        private readonly uint[] _visitorHash;
        private readonly bool[]?[] _leave;
        private readonly int[] _load;

        private readonly Dictionary<(string Grid, string Policy), int[]> _eligible = new();
        private readonly int[] _classMin;
        private readonly int[] _classStamp;
        private int _stamp;

        private readonly List<Visit> _visits = new();
        private readonly List<Visit> _upserts = new();
        private readonly List<Visit> _deletes = new();
        private readonly List<Shortfall> _shortfalls = new();
        private readonly List<TargetFlag> _flags = new();

        public Run(PlanRequest request)
        {
            _request = request;
            _start = request.Start;
            _to = request.To;
            _weekBase = ChinaTime.WeekStart(_start);
            var days = _to.DayNumber - _weekBase.DayNumber + 1;
            _weeks = (days + 6) / 7;
            _working = new bool[days];
            for (var i = 0; i < days; i++)
            {
                _working[i] = request.Calendar.IsWorkingDay(_weekBase.AddDays(i));
            }

            _visitors = request.Visitors.OrderBy(v => v.Id, StringComparer.Ordinal).ToArray();
            _visitorIndex = new Dictionary<string, int>(_visitors.Length, StringComparer.Ordinal);
            _visitorClass = new int[_visitors.Length];
            _visitorHash = new uint[_visitors.Length];
            _leave = new bool[]?[_visitors.Length];
            var classes = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < _visitors.Length; i++)
            {
                var visitor = _visitors[i];
                _visitorIndex[visitor.Id] = i;
                _visitorHash[i] = StableHash.Of(visitor.Id);
                var classKey = $"{visitor.Role}|{visitor.WeeklyCapacity}|{string.Join(';', visitor.Grids.Order(StringComparer.Ordinal))}";
                if (!classes.TryGetValue(classKey, out var classId))
                {
                    classId = classes.Count;
                    classes[classKey] = classId;
                }
                _visitorClass[i] = classId;
                if (visitor.Leave.Count > 0)
                {
                    var leave = new bool[days];
                    for (var d = 0; d < days; d++)
                    {
                        leave[d] = visitor.IsOnLeave(_weekBase.AddDays(d));
                    }
                    _leave[i] = leave;
                }
            }
            _classMin = new int[classes.Count];
            _classStamp = new int[classes.Count];
            _load = new int[_visitors.Length * _weeks];
        }

        public PlanResult Execute()
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
                    _deletes.AddRange(visits.Where(v => v.Status == VisitStatus.Planned && v.Date >= _start));
                    continue;
                }
                // The target moved grid: what was planned in its old grid goes and is planned afresh in the new one;
                // its visits made there still count for its cadence.
                var left = visits.Where(v => v.Grid != grid && v.Status == VisitStatus.Planned && v.Date >= _start).ToList();
                _deletes.AddRange(left);
                visits.RemoveAll(left.Contains);
            }

            var states = new TargetState[targets.Length];
            for (var i = 0; i < targets.Length; i++)
            {
                var target = targets[i];
                var visits = existing.GetValueOrDefault(target.Id) ?? [];
                states[i] = new TargetState(target, _request.Policies.Match(target), StableHash.Of(target.Id), visits) { Index = i };
                CountExistingLoad(visits);
            }

            // Every feasible published visit is counted before anything is repaired or added, so that
            // repairs and new visits see each visitor's true load.
            var broken = new List<(TargetState State, Visit Visit, List<string> Unfit)>();
            foreach (var state in states)
            {
                Keep(state, broken);
            }
            ReleaseOverbooked(states, broken);
            broken.Sort((a, b) =>
            {
                var c = a.Visit.Date.CompareTo(b.Visit.Date);
                return c != 0 ? c : string.CompareOrdinal(a.Visit.TargetId, b.Visit.TargetId);
            });
            foreach (var (state, visit, unfit) in broken)
            {
                Repair(state, visit, unfit);
            }
            foreach (var state in states)
            {
                state.Kept.Sort((a, b) => a.Date.CompareTo(b.Date));
            }

            var demands = new List<Demand>();
            foreach (var state in states)
            {
                CollectDemands(state, demands);
            }
            demands.Sort();
            foreach (var demand in demands)
            {
                Place(demand, states[demand.Target]);
            }

            // A visit deleted for repair and planned afresh on the same day is an update, not a delete: it
            // replaces the row it was read from, so it carries that row's ETag.
            var deleted = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var visit in _deletes.Where(v => v.ETag is not null))
            {
                deleted[visit.Id] = visit.ETag!;
            }
            for (var i = 0; i < _upserts.Count; i++)
            {
                if (_upserts[i].ETag is null && deleted.TryGetValue(_upserts[i].Id, out var etag))
                {
                    _upserts[i] = _upserts[i] with { ETag = etag };
                }
            }
            var upserted = _upserts.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
            _deletes.RemoveAll(v => upserted.Contains(v.Id));

            _visits.Sort(ByDateThenTarget);
            _upserts.Sort(ByDateThenTarget);
            _deletes.Sort(ByDateThenTarget);
            _shortfalls.Sort((a, b) =>
            {
                var c = string.CompareOrdinal(a.Grid, b.Grid);
                c = c != 0 ? c : string.CompareOrdinal(a.TargetId, b.TargetId);
                return c != 0 ? c : a.WindowStart.CompareTo(b.WindowStart);
            });
            return new PlanResult(_visits, _upserts, _deletes, _shortfalls, Overdue(_request), _flags);
        }

        private static int ByDateThenTarget(Visit a, Visit b)
        {
            var c = a.Date.CompareTo(b.Date);
            c = c != 0 ? c : string.CompareOrdinal(a.Grid, b.Grid);
            return c != 0 ? c : string.CompareOrdinal(a.TargetId, b.TargetId);
        }

        /// <summary>Visits already made or planned earlier in the first week still fill that week.</summary>
        private void CountExistingLoad(List<Visit> visits)
        {
            foreach (var visit in visits)
            {
                if (visit.Date >= _weekBase && visit.Date < _start)
                {
                    AddLoad(visit, +1);
                }
            }
        }

        /// <summary>
        /// Sorts a target's stored visits: history before the range, published visits kept as they are, and
        /// the ones that became infeasible (<paramref name="broken"/>), repaired once every kept visit counts.
        /// </summary>
        private void Keep(TargetState state, List<(TargetState, Visit, List<string>)> broken)
        {
            foreach (var visit in state.Existing)
            {
                if (visit.Date < _start)
                {
                    state.History.Add(visit);
                    state.Remember(visit, _visitorIndex);
                    continue;
                }
                if (visit.Date > _to)
                {
                    // Beyond the range: untouched, but it still fills its week if that week ends in the range.
                    state.Kept.Add(visit);
                    AddLoad(visit, +1);
                    continue;
                }
                if (visit.Status != VisitStatus.Planned)
                {
                    Keep(state, visit);
                    continue;
                }
                if (state.Policy is null)
                {
                    _deletes.Add(visit);
                    continue;
                }
                var problems = Infeasible(state, visit);
                if (problems is null)
                {
                    Keep(state, visit);
                }
                else
                {
                    broken.Add((state, visit, problems));
                }
            }
        }

        /// <summary>
        /// A visitor whose capacity was lowered may now be booked beyond it: their latest published visits in
        /// each such week are released for repair until the week fits.
        /// </summary>
        private void ReleaseOverbooked(TargetState[] states, List<(TargetState, Visit, List<string>)> broken)
        {
            List<Visit>? candidates = null;
            for (var v = 0; v < _visitors.Length; v++)
            {
                for (var week = 0; week < _weeks; week++)
                {
                    if (_load[v * _weeks + week] <= _visitors[v].WeeklyCapacity)
                    {
                        continue;
                    }
                    var id = _visitors[v].Id;
                    var monday = _weekBase.AddDays(7 * week);
                    candidates ??= _visits.Where(x => x.Status == VisitStatus.Planned).ToList();
                    foreach (var visit in candidates
                                 .Where(x => x.Date >= monday && x.Date < monday.AddDays(7) && x.VisitorIds.Contains(id, StringComparer.Ordinal))
                                 .OrderByDescending(x => x.Date).ThenByDescending(x => x.TargetId, StringComparer.Ordinal)
                                 .ToList())
                    {
                        if (_load[v * _weeks + week] <= _visitors[v].WeeklyCapacity)
                        {
                            break;
                        }
                        var state = states.First(t => t.Target.Id == visit.TargetId);
                        Unkeep(state, visit);
                        candidates.Remove(visit);
                        broken.Add((state, visit, [id]));
                    }
                }
            }
        }

        private void Repair(TargetState state, Visit visit, List<string> unfit)
        {
            var repaired = TryRepair(state, visit, unfit);
            if (repaired is not null)
            {
                _upserts.Add(repaired);
                Keep(state, repaired);
            }
            else
            {
                _deletes.Add(visit);
            }
        }

        /// <summary>Takes a kept visit back out of the plan, so its window is planned afresh.</summary>
        private void Unkeep(TargetState state, Visit visit)
        {
            state.Kept.Remove(visit);
            _visits.Remove(visit);
            AddLoad(visit, -1);
        }

        private void Keep(TargetState state, Visit visit)
        {
            state.Kept.Add(visit);
            state.Remember(visit, _visitorIndex);
            AddLoad(visit, +1);
            _visits.Add(visit);
        }

        /// <summary>Null when the visit still holds; else the visitors who can no longer make it (maybe none).</summary>
        private List<string>? Infeasible(TargetState state, Visit visit)
        {
            var policy = state.Policy!;
            var dayOk = IsWorkingDay(visit.Date);
            List<string>? unfit = dayOk && visit.VisitorIds.Count == policy.VisitorsPerVisit ? null : [];
            var day = DayIndex(visit.Date);
            foreach (var id in visit.VisitorIds)
            {
                var fits = _visitorIndex.TryGetValue(id, out var v)
                    && _visitors[v].Covers(state.Target.Grid)
                    && policy.AllowsRole(_visitors[v].Role)
                    && !(_leave[v]?[day] ?? false);
                if (!fits)
                {
                    (unfit ??= []).Add(id);
                }
            }
            return unfit;
        }

        /// <summary>
        /// Inside the frozen window, keeps the day (the visit is in people's diaries) and replaces only the
        /// visitors who can no longer make it. Past it, or when nobody can step in, the visit is deleted and
        /// its window planned afresh.
        /// </summary>
        private Visit? TryRepair(TargetState state, Visit visit, List<string> unfit)
        {
            if (!IsWorkingDay(visit.Date) || visit.Date > FrozenUntil)
            {
                return null;
            }
            var policy = state.Policy!;
            // Teammates who can still make it stay on the visit, if their week has room for it (an earlier
            // repair may have filled it).
            var week = DayIndex(visit.Date) / 7;
            var keep = visit.VisitorIds
                .Where(id => !unfit.Contains(id, StringComparer.Ordinal) && _visitorIndex.ContainsKey(id))
                .Select(id => _visitorIndex[id])
                .Where(v => _load[v * _weeks + week] < _visitors[v].WeeklyCapacity)
                .Take(policy.VisitorsPerVisit)
                .ToList();
            var chosen = ChooseVisitors(state, visit.Date, visit.Cycle, policy.VisitorsPerVisit, keep);
            return chosen is null ? null : visit with { VisitorIds = chosen };
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void CollectDemands(TargetState state, List<Demand> demands)
        {
            if (state.Policy is not { } policy)
            {
                _shortfalls.Add(new Shortfall(state.Target.Id, state.Target.Grid, _start, _to, ShortfallReason.NoPolicy,
                    $"no visit policy matches {state.Target.Kind.ToWire()} with tags [{string.Join(";", state.Target.Tags)}]: add a policy row for it"));
                return;
            }
            var eligible = Eligible(state.Target.Grid, policy);
            if (eligible.Length < policy.VisitorsPerVisit)
            {
                _shortfalls.Add(new Shortfall(state.Target.Id, state.Target.Grid, _start, _to, ShortfallReason.NoEligibleVisitor,
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
            var window = lastBefore is null ? CadenceWindow.First(_start, interval, state.Hash) : CadenceWindow.After(lastBefore, interval);
            var next = 0;
            while (true)
            {
                while (window.End < _start)
                {
                    window = window.Next(interval);
                }
                if (window.Start > _to)
                {
                    return;
                }
                if (next < kept.Count)
                {
                    var visit = kept[next];
                    // Published for this window but later than it now ends (an early completion or a shorter
                    // interval moved the window): past the frozen window it is planned afresh.
                    var late = visit.Date > window.End && visit.WindowStart <= window.End;
                    if (late && visit.Status == VisitStatus.Planned && visit.Date <= _to && visit.Date > FrozenUntil)
                    {
                        Unkeep(state, visit);
                        _upserts.Remove(visit);
                        _deletes.Add(visit);
                        continue;
                    }
                    if (visit.Date <= window.End || late)
                    {
                        next++;
                        window = CadenceWindow.After(visit, interval);
                        continue;
                    }
                }
                var anchor = Anchor(window, state.Hash);
                if (anchor > _to)
                {
                    // Its ideal day is past the horizon: a later plan takes it, with the same due date.
                    return;
                }
                demands.Add(new Demand(anchor, state.Index, window));
                window = window.Next(interval);
            }
        }

        /// <summary>
        /// Flags a target whose last visits found nobody (no re-visit is planned: true) or whose last visit
        /// was refused (the cadence goes on).
        /// </summary>
        private bool Flag(TargetState state)
        {
            var outcomes = state.History.Concat(state.Kept)
                .Where(v => v.Status is VisitStatus.Completed or VisitStatus.NotReachable or VisitStatus.Refused or VisitStatus.Rescheduled)
                .OrderBy(v => v.Date)
                .ToList();
            var unreachable = outcomes.AsEnumerable().Reverse().TakeWhile(v => v.Status == VisitStatus.NotReachable).Count();
            if (unreachable >= _request.NotReachableLimit)
            {
                _flags.Add(new TargetFlag(state.Target.Id, state.Target.Grid, TargetFlagReason.Unreachable, FormattableString.Invariant(
                    $"nobody was found at the last {unreachable} visits (last on {outcomes[^1].Date:yyyy-MM-dd}): check the address or contact; no re-visit is planned until a visit is recorded")));
                return true;
            }
            if (outcomes.Count > 0 && outcomes[^1].Status == VisitStatus.Refused)
            {
                _flags.Add(new TargetFlag(state.Target.Id, state.Target.Grid, TargetFlagReason.Refused, FormattableString.Invariant(
                    $"the visit on {outcomes[^1].Date:yyyy-MM-dd} was refused{(outcomes[^1].Outcome?.Notes is { } notes ? $" ({notes})" : "")}")));
            }
            return false;
        }

        /// <summary>
        /// The day a window's visit aims for: its due date, or, when that is a day off, one of the working days
        /// of the seven-day span around it (kept inside the window), picked by the target's hash, so weekend and
        /// holiday due dates spread over the week instead of piling onto the nearest Friday or Monday.
        /// </summary>
        private DateOnly Anchor(CadenceWindow window, uint hash)
        {
            var first = window.Start > _start ? window.Start : _start;
            var due = window.Due < first ? first : window.Due;
            if (due > _to || IsWorkingDay(due))
            {
                return due;
            }
            var from = due.AddDays(-3);
            if (from.AddDays(6) > window.End)
            {
                from = window.End.AddDays(-6);
            }
            if (from < first)
            {
                from = first;
            }
            Span<int> working = stackalloc int[7];
            var count = 0;
            for (var i = 0; i < 7 && from.AddDays(i) <= window.End; i++)
            {
                if (IsWorkingDay(from.AddDays(i)))
                {
                    working[count++] = i;
                }
            }
            return count == 0 ? due : from.AddDays(working[(int)(hash % (uint)count)]);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Place(Demand demand, TargetState state)
        {
            var policy = state.Policy!;
            var window = demand.Window;
            var lo = window.Start > _start ? window.Start : _start;
            var hi = window.End < _to ? window.End : _to;
            var sawWorkingDay = false;
            // Nearest working day to the anchor first; on a tie, the earlier day.
            var span = Math.Max(demand.Anchor.DayNumber - lo.DayNumber, hi.DayNumber - demand.Anchor.DayNumber);
            for (var distance = 0; distance <= span; distance++)
            {
                for (var side = -1; side <= 1; side += 2)
                {
                    if (distance == 0 && side == 1)
                    {
                        continue;
                    }
                    var day = demand.Anchor.AddDays(side * distance);
                    if (day < lo || day > hi || !IsWorkingDay(day))
                    {
                        continue;
                    }
                    sawWorkingDay = true;
                    var cycle = state.CycleOn(day);
                    var chosen = ChooseVisitors(state, day, cycle, policy.VisitorsPerVisit, []);
                    if (chosen is null)
                    {
                        continue;
                    }
                    var visit = new Visit(state.Target.Id, state.Target.Kind, state.Target.Grid, day, chosen, cycle,
                        window.Start, window.End, window.Due);
                    state.Placed.Add(visit);
                    _visits.Add(visit);
                    _upserts.Add(visit);
                    state.Remember(visit, _visitorIndex);
                    AddLoad(visit, +1);
                    return;
                }
            }
            if (window.End > _to)
            {
                // Part of the window lies past the horizon: the next plan may still find room there.
                return;
            }
            _shortfalls.Add(sawWorkingDay
                ? new Shortfall(state.Target.Id, state.Target.Grid, window.Start, window.End, ShortfallReason.NoCapacity,
                    FormattableString.Invariant($"every visitor for grid {state.Target.Grid} is on leave or fully booked on every working day from {lo:yyyy-MM-dd} to {hi:yyyy-MM-dd}: raise weekly capacity or add a visitor"))
                : new Shortfall(state.Target.Id, state.Target.Grid, window.Start, window.End, ShortfallReason.NoWorkingDay,
                    FormattableString.Invariant($"no working day from {lo:yyyy-MM-dd} to {hi:yyyy-MM-dd}: check the calendar, or lengthen the policy interval")));
        }

        /// <summary>
        /// Picks <paramref name="count"/> visitors for the target on <paramref name="day"/> (keeping
        /// <paramref name="keep"/>), or null when not enough are free.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private List<string>? ChooseVisitors(TargetState state, DateOnly day, int cycle, int count, List<int> keep)
        {
            var eligible = state.Eligible ?? Eligible(state.Target.Grid, state.Policy!);
            var dayIndex = DayIndex(day);
            var week = dayIndex / 7;
            var chosen = new List<int>(keep);
            while (chosen.Count < count)
            {
                _stamp++;
                foreach (var v in eligible)
                {
                    if (!IsFree(v, dayIndex, week, chosen))
                    {
                        continue;
                    }
                    var c = _visitorClass[v];
                    var load = _load[v * _weeks + week];
                    if (_classStamp[c] != _stamp || load < _classMin[c])
                    {
                        _classStamp[c] = _stamp;
                        _classMin[c] = load;
                    }
                }

                var best = -1;
                (int Rotation, int Excess, int Load, uint Tie) bestKey = default;
                foreach (var v in eligible)
                {
                    if (!IsFree(v, dayIndex, week, chosen))
                    {
                        continue;
                    }
                    var load = _load[v * _weeks + week];
                    var key = (state.RecencyRank(v), load - _classMin[_visitorClass[v]], load,
                        StableHash.Mix(_visitorHash[v], state.Hash + (uint)cycle));
                    if (best < 0 || key.CompareTo(bestKey) < 0)
                    {
                        best = v;
                        bestKey = key;
                    }
                }
                if (best < 0)
                {
                    return null;
                }
                chosen.Add(best);
            }
            return chosen.Select(v => _visitors[v].Id).ToList();
        }

        private bool IsFree(int v, int dayIndex, int week, List<int> chosen) =>
            !(_leave[v]?[dayIndex] ?? false)
            && _load[v * _weeks + week] < _visitors[v].WeeklyCapacity
            && !chosen.Contains(v);

        private int[] Eligible(string grid, VisitPolicy policy)
        {
            if (!_eligible.TryGetValue((grid, policy.Id), out var list))
            {
                var found = new List<int>();
                for (var i = 0; i < _visitors.Length; i++)
                {
                    if (_visitors[i].Covers(grid) && policy.AllowsRole(_visitors[i].Role) && _visitors[i].WeeklyCapacity > 0)
                    {
                        found.Add(i);
                    }
                }
                list = found.ToArray();
                _eligible[(grid, policy.Id)] = list;
            }
            return list;
        }

        private void AddLoad(Visit visit, int delta)
        {
            if (visit.Date < _weekBase || DayIndex(visit.Date) >= _weeks * 7)
            {
                return;
            }
            var week = DayIndex(visit.Date) / 7;
            foreach (var id in visit.VisitorIds)
            {
                if (_visitorIndex.TryGetValue(id, out var v))
                {
                    _load[v * _weeks + week] += delta;
                }
            }
        }

        private int DayIndex(DateOnly day) => day.DayNumber - _weekBase.DayNumber;

        /// <summary>The last day of the frozen window: published visits up to it keep their day.</summary>
        private DateOnly FrozenUntil => _request.Today.AddDays(_request.FrozenDays);

        private bool IsWorkingDay(DateOnly day)
        {
            var i = DayIndex(day);
            return i >= 0 && i < _working.Length ? _working[i] : _request.Calendar.IsWorkingDay(day);
        }

        private static string RolesText(VisitPolicy policy) => policy.Roles.Count == 0 ? "any role" : string.Join(";", policy.Roles);
    }

    private readonly record struct Demand(DateOnly Anchor, int Target, CadenceWindow Window) : IComparable<Demand>
    {
        public int CompareTo(Demand other)
        {
            var c = Anchor.CompareTo(other.Anchor);
            c = c != 0 ? c : Target.CompareTo(other.Target);
            return c != 0 ? c : Window.Start.CompareTo(other.Window.Start);
        }
    }

    private sealed class TargetState(Target target, VisitPolicy? policy, uint hash, List<Visit> existing)
    {
        private List<(int Visitor, int Visit)>? _recent;
        private int _remembered;

        public Target Target { get; } = target;
        public VisitPolicy? Policy { get; } = policy;
        public uint Hash { get; } = hash;
        public List<Visit> Existing { get; } = existing;
        public List<Visit> History { get; } = new();
        public List<Visit> Kept { get; } = new();
        public List<Visit> Placed { get; } = new();
        public int[]? Eligible { get; set; }
        public int Index { get; init; }

        /// <summary>
        /// 0 for a visitor who has not visited recently; higher the more recently they did. Both members of
        /// a team visit rank the same.
        /// </summary>
        public int RecencyRank(int visitor)
        {
            if (_recent is null)
            {
                return 0;
            }
            for (var i = _recent.Count - 1; i >= 0; i--)
            {
                if (_recent[i].Visitor == visitor)
                {
                    return _recent[i].Visit + 1;
                }
            }
            return 0;
        }

        public void Remember(Visit visit, Dictionary<string, int> visitorIndex)
        {
            _remembered++;
            foreach (var id in visit.VisitorIds)
            {
                if (visitorIndex.TryGetValue(id, out var v))
                {
                    _recent ??= new List<(int, int)>(2);
                    if (_recent.Count == RotationMemory)
                    {
                        _recent.RemoveAt(0);
                    }
                    _recent.Add((v, _remembered));
                }
            }
        }

        /// <summary>Cycles count visits: one more than the latest visit before that day, 0 for the first.</summary>
        public int CycleOn(DateOnly day)
        {
            var cycle = 0;
            foreach (var list in (ReadOnlySpan<List<Visit>>)[History, Kept, Placed])
            {
                foreach (var visit in list)
                {
                    if (visit.Date < day && visit.Cycle >= cycle)
                    {
                        cycle = visit.Cycle + 1;
                    }
                }
            }
            return cycle;
        }
    }
}
