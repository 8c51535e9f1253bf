namespace Outreach.Planning;

/// <summary>Bound from the <c>PlanningOptions</c> configuration section (environment: <c>PlanningOptions__HorizonDays</c>).</summary>
public sealed class PlanningOptions
{
    /// <summary>How many days ahead the nightly plan reaches, today included.</summary>
    public int HorizonDays { get; set; } = 28;

    /// <summary>Published visits this many days ahead keep their day when a repair is needed.</summary>
    public int FrozenDays { get; set; } = PlanRequest.DefaultFrozenDays;

    /// <summary>Not-reachable outcomes in a row after which a target is flagged instead of re-visited.</summary>
    public int NotReachableLimit { get; set; } = PlanRequest.DefaultNotReachableLimit;

    /// <summary>How far back stored visits are read for cadence and rotation.</summary>
    public int HistoryDays { get; set; } = 400;
}
