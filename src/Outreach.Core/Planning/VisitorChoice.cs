using System.Runtime.CompilerServices;

namespace Outreach.Planning;

/// <summary>
/// How far a choice may go to staff a visit on a given day: whether every chosen visitor must stay within
/// their share of the day (<see cref="VisitorLedger.HasDayRoom"/>), and how many of them may repeat a
/// neighbouring visit's visitor (only when nobody else is free).
/// </summary>
internal readonly record struct ChoiceRule(bool WithinDayShare, int Repeats)
{
    /// <summary>The rules a window tries in turn, for a visit of <paramref name="members"/> visitors.</summary>
    public static ChoiceRule[] Ladder(int members)
    {
        var rules = new ChoiceRule[members + 2];
        rules[0] = new ChoiceRule(WithinDayShare: true, Repeats: 0);
        for (var repeats = 0; repeats <= members; repeats++)
        {
            rules[repeats + 1] = new ChoiceRule(WithinDayShare: false, repeats);
        }
        return rules;
    }
}

/// <summary>
/// Who visits: for one target's window, who made the neighbouring visits and who has been there before (the
/// rotation view), then on a day the ranking of DESIGN.md §3: rotation (never a neighbour's visitor while
/// another is free; a newcomer while one is free) > balance (the lightest week among peers, then the lightest
/// horizon) > level days (within the day's share) > the visitor who was there longest ago > a stable hash.
/// </summary>
internal sealed class VisitorChoice(VisitorLedger ledger, PlanCalendar days)
{
    private readonly int[] _seen = new int[ledger.Count];
    private readonly int[] _lastDay = new int[ledger.Count];
    private readonly int[] _neighbour = new int[ledger.Count];
    private readonly int[] _minWeek = new int[ledger.ClassCount];
    private readonly int[] _minTotal = new int[ledger.ClassCount];
    private readonly int[] _classRound = new int[ledger.ClassCount];
    private int _view;
    private int _round;

    /// <summary>The cycle the viewed window's visit will have, for ties (as visits were numbered before).</summary>
    private int _cycle;

    /// <summary>
    /// Looks at the target around the window [<paramref name="lo"/>, <paramref name="hi"/>]: visitors of the
    /// visits before it have been there; visitors of the last visit before it, of any visit inside it and of the
    /// first visit after it are neighbours, whom a repeat would send twice in a row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void View(TargetState state, int lo, int hi)
    {
        _view++;
        int previous = int.MinValue, next = int.MaxValue;
        _cycle = 0;
        foreach (var visit in state.History)
        {
            Note(days.Index(visit.Date), visit.VisitorIds, lo, hi, ref previous, ref next);
            _cycle = Math.Max(_cycle, visit.Cycle + 1);
        }
        foreach (var visit in state.Kept)
        {
            Note(days.Index(visit.Date), visit.VisitorIds, lo, hi, ref previous, ref next);
            _cycle = days.Index(visit.Date) < lo ? Math.Max(_cycle, visit.Cycle + 1) : _cycle;
        }
        foreach (var demand in state.Demands)
        {
            if (demand.Placed)
            {
                Note(demand.Day, demand.Visitors, lo, hi, ref previous, ref next);
                _cycle += demand.Day < lo ? 1 : 0;
            }
        }
        foreach (var visit in state.History)
        {
            MarkNeighbour(days.Index(visit.Date), visit.VisitorIds, lo, hi, previous, next);
        }
        foreach (var visit in state.Kept)
        {
            MarkNeighbour(days.Index(visit.Date), visit.VisitorIds, lo, hi, previous, next);
        }
        foreach (var demand in state.Demands)
        {
            if (demand.Placed)
            {
                MarkNeighbour(demand.Day, demand.Visitors, lo, hi, previous, next);
            }
        }
    }

    /// <summary>0 for a newcomer, 1 for a visitor who has been before, 2 for a neighbouring visit's visitor.</summary>
    public int Rotation(int v) => _neighbour[v] == _view ? 2 : _seen[v] == _view ? 1 : 0;

    /// <summary>
    /// Fills <paramref name="chosen"/> from index <paramref name="kept"/> on with the best visitors free on
    /// <paramref name="day"/> under <paramref name="rule"/>; false when too few are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryChoose(TargetState state, int day, ChoiceRule rule, Span<int> chosen, int kept)
    {
        var eligible = state.Eligible;
        var week = day / 7;
        var repeats = 0;
        for (var slot = 0; slot < kept; slot++)
        {
            repeats += Rotation(chosen[slot]) == 2 ? 1 : 0;
        }
        for (var slot = kept; slot < chosen.Length; slot++)
        {
            var taken = chosen[..slot];
            var repeat = repeats < rule.Repeats;
            _round++;
            foreach (var v in eligible)
            {
                if (!Allowed(v, day, week, repeat, taken))
                {
                    continue;
                }
                var c = ledger.Class[v];
                if (_classRound[c] != _round)
                {
                    _classRound[c] = _round;
                    _minWeek[c] = int.MaxValue;
                    _minTotal[c] = int.MaxValue;
                }
                _minWeek[c] = Math.Min(_minWeek[c], ledger.WeekLoad(v, week));
                _minTotal[c] = Math.Min(_minTotal[c], ledger.Total[v]);
            }

            var best = -1;
            var bestKey = default(Rank);
            foreach (var v in eligible)
            {
                if (!Allowed(v, day, week, repeat, taken))
                {
                    continue;
                }
                var c = ledger.Class[v];
                var key = new Rank(Rotation(v), ledger.WeekLoad(v, week) - _minWeek[c], ledger.Total[v] - _minTotal[c],
                    ledger.HasDayRoom(v, day) ? 0 : 1, _seen[v] == _view ? _lastDay[v] : int.MinValue,
                    StableHash.Mix(ledger.Hash[v], state.Hash + (uint)_cycle));
                if (best < 0 || key.Before(bestKey))
                {
                    best = v;
                    bestKey = key;
                }
            }
            if (best < 0 || (rule.WithinDayShare && bestKey.Share != 0))
            {
                return false;
            }
            chosen[slot] = best;
            repeats += bestKey.Rotation == 2 ? 1 : 0;
        }
        return true;
    }

    /// <summary>A candidate's rank, compared field by field in the order of DESIGN.md §3.</summary>
    private readonly record struct Rank(int Rotation, int Week, int Total, int Share, int Last, uint Tie)
    {
        public bool Before(Rank other) =>
            Rotation != other.Rotation ? Rotation < other.Rotation
            : Week != other.Week ? Week < other.Week
            : Total != other.Total ? Total < other.Total
            : Share != other.Share ? Share < other.Share
            : Last != other.Last ? Last < other.Last
            : Tie < other.Tie;
    }

    private bool Allowed(int v, int day, int week, bool repeat, ReadOnlySpan<int> taken) =>
        !ledger.OnLeave(v, day)
        && ledger.HasRoom(v, week)
        && (repeat || _neighbour[v] != _view)
        && !taken.Contains(v);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Note(int day, IReadOnlyList<string> ids, int lo, int hi, ref int previous, ref int next)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ledger.TryIndex(ids[i], out var v))
            {
                Note(day, v, lo, hi, ref previous, ref next);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Note(int day, int[] visitors, int lo, int hi, ref int previous, ref int next)
    {
        foreach (var v in visitors)
        {
            Note(day, v, lo, hi, ref previous, ref next);
        }
    }

    private void Note(int day, int v, int lo, int hi, ref int previous, ref int next)
    {
        if (day < lo)
        {
            previous = Math.Max(previous, day);
            _lastDay[v] = _seen[v] == _view ? Math.Max(_lastDay[v], day) : day;
            _seen[v] = _view;
        }
        else if (day > hi)
        {
            next = Math.Min(next, day);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MarkNeighbour(int day, IReadOnlyList<string> ids, int lo, int hi, int previous, int next)
    {
        if (day == previous || day == next || (day >= lo && day <= hi))
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (ledger.TryIndex(ids[i], out var v))
                {
                    _neighbour[v] = _view;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MarkNeighbour(int day, int[] visitors, int lo, int hi, int previous, int next)
    {
        if (day == previous || day == next || (day >= lo && day <= hi))
        {
            foreach (var v in visitors)
            {
                _neighbour[v] = _view;
            }
        }
    }
}
