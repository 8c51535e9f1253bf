using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Planning;

/// <summary>
/// One target during a run: its policy, its stored visits sorted into history (before the range) and kept ones
/// (published and still feasible), and the cadence windows this run fills (<see cref="Demands"/>).
/// </summary>
internal sealed class TargetState(Target target, VisitPolicy? policy, int index, List<Visit> existing)
{
    public Target Target { get; } = target;

    public VisitPolicy? Policy { get; } = policy;

    /// <summary>The target's place in id order: ties between targets go by it.</summary>
    public int Index { get; } = index;

    public uint Hash { get; } = StableHash.Of(target.Id);

    /// <summary>Stored visits, by date.</summary>
    public List<Visit> Existing { get; } = existing;

    public List<Visit> History { get; } = new();

    public List<Visit> Kept { get; } = new();

    /// <summary>Windows this run fills, in date order.</summary>
    public List<Demand> Demands { get; } = new();

    public int[] Eligible { get; set; } = [];

    /// <summary>
    /// Every visit of the target this run knows, by day: history, kept and placed. Visitors are ledger indexes
    /// (a visitor no longer on the roster is left out).
    /// </summary>
    public List<(int Day, int[] Visitors, Demand? Demand)> Sequence(PlanCalendar days, VisitorLedger ledger)
    {
        var sequence = new List<(int Day, int[] Visitors, Demand? Demand)>(History.Count + Kept.Count + Demands.Count);
        foreach (var visit in History.Concat(Kept))
        {
            var visitors = new List<int>(visit.VisitorIds.Count);
            foreach (var id in visit.VisitorIds)
            {
                if (ledger.TryIndex(id, out var v))
                {
                    visitors.Add(v);
                }
            }
            sequence.Add((days.Index(visit.Date), visitors.ToArray(), null));
        }
        foreach (var demand in Demands)
        {
            if (demand.Placed)
            {
                sequence.Add((demand.Day, demand.Visitors, demand));
            }
        }
        // Stable: a kept visit and a placed one on the same day keep that order.
        return sequence.OrderBy(s => s.Day).ToList();
    }

    /// <summary>Cycles count visits: one more than the latest stored visit before that day, 0 for the first.</summary>
    public int CycleAfterStored(DateOnly day)
    {
        var cycle = 0;
        foreach (var list in (ReadOnlySpan<List<Visit>>)[History, Kept])
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

/// <summary>
/// A cadence window this run fills: the visit goes on a working day in [<see cref="Lo"/>, <see cref="Hi"/>]
/// (day indexes, inside the range), ideally on <see cref="Due"/>. Once placed, <see cref="Day"/> and
/// <see cref="Visitors"/> say where; repairs may move it while the run lasts.
/// </summary>
internal sealed class Demand(TargetState target, CadenceWindow window, int lo, int hi, int due, bool optional)
{
    public TargetState Target { get; } = target;

    public CadenceWindow Window { get; } = window;

    public int Lo { get; } = lo;

    public int Hi { get; } = hi;

    public int Due { get; } = due;

    /// <summary>
    /// The window runs past the range: filling it is welcome but not owed (the next plan may find room there),
    /// so a window the range holds whole may take its slot.
    /// </summary>
    public bool Optional { get; } = optional;

    public int Members => Target.Policy!.VisitorsPerVisit;

    public int Day { get; set; } = -1;

    public int[] Visitors { get; set; } = [];

    public bool Placed => Day >= 0;

    /// <summary>Counted among the visits expected on its due day until first placed (<see cref="Placer"/>).</summary>
    public bool Expected { get; set; }

    public override string ToString() => $"{Target.Target.Id} {Window.Start:yyyy-MM-dd}..{Window.End:yyyy-MM-dd}" + (Placed ? $" on day {Day}" : " (open)");
}
