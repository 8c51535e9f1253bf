namespace Outreach.Planning;

/// <summary>
/// Which of this run's visits hold a slot in each visitor-week (node <c>visitor × weeks + week</c>): what a
/// repair may move, and what a proof must count. Kept up to date as visits are placed, moved and withdrawn.
/// </summary>
internal sealed class WeekIndex
{
    private readonly PlanCalendar _days;
    private readonly List<(Demand Demand, int Member)>?[] _units;

    public WeekIndex(PlanCalendar days, VisitorLedger ledger, IEnumerable<Demand> demands)
    {
        _days = days;
        _units = new List<(Demand, int)>?[ledger.Count * days.Weeks];
        foreach (var demand in demands)
        {
            Add(demand);
        }
    }

    public int Nodes => _units.Length;

    public int Node(int visitor, int day) => visitor * _days.Weeks + day / 7;

    public int VisitorOf(int node) => node / _days.Weeks;

    public int WeekOf(int node) => node % _days.Weeks;

    /// <summary>The visits with a visitor in this visitor-week, once per such visitor.</summary>
    public IReadOnlyList<(Demand Demand, int Member)> In(int node) => _units[node] ?? [];

    public IEnumerable<Demand> All => _units.Where(u => u is not null).SelectMany(u => u!).Select(u => u.Demand).Distinct();

    public void Add(Demand demand)
    {
        if (demand.Placed)
        {
            for (var member = 0; member < demand.Visitors.Length; member++)
            {
                (_units[Node(demand.Visitors[member], demand.Day)] ??= new List<(Demand, int)>()).Add((demand, member));
            }
        }
    }

    public void Remove(Demand demand)
    {
        if (demand.Placed)
        {
            for (var member = 0; member < demand.Visitors.Length; member++)
            {
                _units[Node(demand.Visitors[member], demand.Day)]?.Remove((demand, member));
            }
        }
    }
}
