using System.ComponentModel.DataAnnotations;

namespace Outreach.Planning;

/// <summary>Bound from the <c>PlanningOptions</c> configuration section (environment: <c>PlanningOptions__HorizonDays</c>).</summary>
public sealed class PlanningOptions
{
    /// <summary>How many days ahead the nightly plan reaches, today included.</summary>
    [Range(1, 366)]
    public int HorizonDays { get; set; } = 28;

    /// <summary>Published visits this many days ahead keep their day when a repair is needed.</summary>
    [Range(0, 60)]
    public int FrozenDays { get; set; } = PlanRequest.DefaultFrozenDays;

    /// <summary>Not-reachable outcomes in a row after which a target is flagged instead of re-visited.</summary>
    [Range(1, 20)]
    public int NotReachableLimit { get; set; } = PlanRequest.DefaultNotReachableLimit;

    /// <summary>How far back stored visits are read for cadence and rotation.</summary>
    [Range(30, 1000)]
    public int HistoryDays { get; set; } = 400;
}
