using System.Runtime.CompilerServices;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Planning;

/// <summary>
/// The visitors of one planning run and what they carry: leave by day, load by ISO week (the hard capacity) and
/// by day (the soft one that levels days), peer classes, and who is eligible for which grid and policy.
/// Visitors are numbered in id order so that nothing depends on the order the roster arrived in.
/// </summary>
internal sealed class VisitorLedger
{
    /// <summary>A week's capacity spread over the five working days of an ordinary week.</summary>
    private const int OrdinaryWorkingDays = 5;

    private readonly PlanCalendar _days;
    private readonly Dictionary<string, int> _index;
    private readonly bool[]?[] _leave;
    private readonly int[] _weekLoad;
    private readonly int[] _dayLoad;
    private readonly int[] _visitsOn;
    private readonly Dictionary<(string Grid, string Policy), int[]> _eligible = new();

    public VisitorLedger(IEnumerable<Visitor> roster, PlanCalendar days)
    {
        _days = days;
        Visitors = roster.OrderBy(v => v.Id, StringComparer.Ordinal).ToArray();
        _index = new Dictionary<string, int>(Visitors.Length, StringComparer.Ordinal);
        Class = new int[Visitors.Length];
        Hash = new uint[Visitors.Length];
        _leave = new bool[]?[Visitors.Length];
        var classes = new Dictionary<string, int>(StringComparer.Ordinal);
        var span = days.Weeks * 7;
        for (var v = 0; v < Visitors.Length; v++)
        {
            var visitor = Visitors[v];
            _index[visitor.Id] = v;
            Hash[v] = StableHash.Of(visitor.Id);
            // Peers: same role, capacity and grids. Balance compares a visitor with their peers only.
            var key = $"{visitor.Role}|{visitor.WeeklyCapacity}|{string.Join(';', visitor.Grids.Order(StringComparer.Ordinal))}";
            if (!classes.TryGetValue(key, out var id))
            {
                id = classes.Count;
                classes[key] = id;
            }
            Class[v] = id;
            if (visitor.Leave.Count > 0)
            {
                var leave = new bool[span];
                for (var d = 0; d < span; d++)
                {
                    leave[d] = visitor.IsOnLeave(days.Day(d));
                }
                _leave[v] = leave;
            }
        }
        ClassCount = classes.Count;
        _weekLoad = new int[Visitors.Length * days.Weeks];
        _dayLoad = new int[Visitors.Length * span];
        Total = new int[Visitors.Length];
        _visitsOn = new int[span];
    }

    public Visitor[] Visitors { get; }

    /// <summary>Each visitor's peer class.</summary>
    public int[] Class { get; }

    public int ClassCount { get; }

    public uint[] Hash { get; }

    /// <summary>Each visitor's load over all the run's weeks.</summary>
    public int[] Total { get; }

    public int Count => Visitors.Length;

    public bool TryIndex(string id, out int visitor) => _index.TryGetValue(id, out visitor);

    public int Capacity(int v) => Visitors[v].WeeklyCapacity;

    /// <summary>On leave on a day of the run's weeks.</summary>
    public bool OnLeave(int v, int day) => _leave[v]?[day] ?? false;

    public int WeekLoad(int v, int week) => _weekLoad[v * _days.Weeks + week];

    /// <summary>Room left in the visitor's week: the hard limit.</summary>
    public bool HasRoom(int v, int week) => _weekLoad[v * _days.Weeks + week] < Visitors[v].WeeklyCapacity;

    /// <summary>
    /// Room within the visitor's fair share of the day: the week's capacity prorated over five working days, so
    /// that a three-day festival week is not given a whole week's visits. A preference, never a limit.
    /// </summary>
    public bool HasDayRoom(int v, int day) =>
        _dayLoad[v * _days.Weeks * 7 + day] * OrdinaryWorkingDays < Visitors[v].WeeklyCapacity
        && _weekLoad[v * _days.Weeks + day / 7] * OrdinaryWorkingDays < Visitors[v].WeeklyCapacity * _days.WorkingDaysOf(day / 7);

    /// <summary>Visits (not visitors) planned or kept on a day.</summary>
    public int VisitsOn(int day) => _visitsOn[day];

    /// <summary>Eligible visitors for a grid and policy: they cover the grid, have a role it allows and some capacity.</summary>
    public int[] Eligible(string grid, VisitPolicy policy)
    {
        if (!_eligible.TryGetValue((grid, policy.Id), out var list))
        {
            var found = new List<int>();
            for (var v = 0; v < Visitors.Length; v++)
            {
                if (Visitors[v].Covers(grid) && policy.AllowsRole(Visitors[v].Role) && Visitors[v].WeeklyCapacity > 0)
                {
                    found.Add(v);
                }
            }
            list = found.ToArray();
            _eligible[(grid, policy.Id)] = list;
        }
        return list;
    }

    /// <summary>Counts (or, with -1, uncounts) a stored visit: visitors no longer on the roster carry nothing.</summary>
    public void Add(Visit visit, int delta)
    {
        var day = _days.Index(visit.Date);
        if (_days.WeekOf(day) < 0)
        {
            return;
        }
        _visitsOn[day] += delta;
        foreach (var id in visit.VisitorIds)
        {
            if (_index.TryGetValue(id, out var v))
            {
                Add(v, day, delta);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<int> visitors, int day, int delta)
    {
        _visitsOn[day] += delta;
        foreach (var v in visitors)
        {
            Add(v, day, delta);
        }
    }

    public void Add(int v, int day, int delta)
    {
        _weekLoad[v * _days.Weeks + day / 7] += delta;
        _dayLoad[v * _days.Weeks * 7 + day] += delta;
        Total[v] += delta;
    }

    /// <summary>A visit moved between visitors: the day's visit count stays.</summary>
    public void Move(int from, int fromDay, int to, int toDay)
    {
        Add(from, fromDay, -1);
        Add(to, toDay, +1);
        _visitsOn[fromDay] -= 1;
        _visitsOn[toDay] += 1;
    }
}
