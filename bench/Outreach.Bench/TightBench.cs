using System.Diagnostics;
using System.Text.Json.Serialization;
using Outreach.Planning;

namespace Outreach.Bench;

/// <summary>
/// Plans the <see cref="TightCity"/> over 13 weeks, unit by unit on one thread as <see cref="PlanBench"/> does,
/// then measures the plan from the outside (<see cref="PlanQuality"/>): only the planner calls are timed.
/// </summary>
internal static class TightBench
{
    public static int Run()
    {
        var calendar = TightCity.Calendar();
        var to = TightCity.Start.AddDays(TightCity.HorizonDays - 1);
        var city = TightCity.Generate();
        var requests = PlanBench.Requests(city, TightCity.Policies, calendar, TightCity.Start, to);
        Console.WriteLine($"tight: {city.Grids.Count} grids in {requests.Count} units, {city.TargetCount:N0} targets, {city.Visitors.Count} visitors, " +
            $"planning {TightCity.Start:yyyy-MM-dd}..{to:yyyy-MM-dd}");

        var results = new List<(PlanRequest, PlanResult)>(requests.Count);
        var clock = Stopwatch.StartNew();
        foreach (var request in requests)
        {
            results.Add((request, RotationPlanner.Plan(request)));
        }
        clock.Stop();

        var q = PlanQuality.Measure(results);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"tight: {q.Visits:N0} visits in {seconds:F3} s, {q.Visits / seconds:N0} visits/s");
        Console.WriteLine($"tight: capacity {q.CapacitySlots:N0} visitor-slots for {q.DemandSlots:N0} needed by the windows wholly in the range ({(double)q.CapacitySlots / q.DemandSlots:F2}×)");
        Console.WriteLine($"tight: shortfalls {q.NoCapacity} no-capacity (flow bound: {q.FlowBound} slots cannot be filled), {q.OtherShortfalls} other");
        Console.WriteLine($"tight: peers within one visit in {q.PeerWeeksWithinOne}/{q.PeerWeeks} peer-weeks ({q.PeerWeeksWithinOneShare:P1}), " +
            $"{q.PeerWeeksBeyondTwo} more than two apart, largest weekly spread {q.MaxPeerSpread} ({q.MaxUnexplainedSpread} once the visits rotation kept from the lighter peer are set aside), " +
            $"largest spread of totals {q.MaxPeerTotalSpread}");
        Console.WriteLine($"tight: {q.Repeats} of {q.ConsecutivePairs} consecutive visits repeat a visitor ({(double)q.Repeats / Math.Max(1, q.ConsecutivePairs):P2}), " +
            $"{q.UnjustifiedRepeats} while another eligible visitor had a free slot in the window");
        Console.WriteLine($"tight: daily load CV {q.CityDailyCv:F3} city-wide, per unit mean {q.MeanUnitDailyCv:F3}, worst {q.MaxUnitDailyCv:F3}");

        Json.WriteLast(new TightFigures(q.Visits, Math.Round(seconds, 3), Math.Round(q.Visits / seconds), q.NoCapacity, q.FlowBound,
            Math.Round(q.PeerWeeksWithinOneShare, 4), q.PeerWeeksBeyondTwo, q.MaxPeerSpread, q.MaxUnexplainedSpread, q.MaxPeerTotalSpread, q.Repeats, q.UnjustifiedRepeats,
            Math.Round(q.CityDailyCv, 3), Math.Round(q.MeanUnitDailyCv, 3), Math.Round(q.MaxUnitDailyCv, 3)));
        return 0;
    }
}

internal sealed record TightFigures(
    [property: JsonPropertyName("visits")] int Visits,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("visitsPerSecond")] double VisitsPerSecond,
    [property: JsonPropertyName("noCapacityShortfalls")] int NoCapacityShortfalls,
    [property: JsonPropertyName("flowBound")] int FlowBound,
    [property: JsonPropertyName("peerWeeksWithinOne")] double PeerWeeksWithinOne,
    [property: JsonPropertyName("peerWeeksBeyondTwo")] int PeerWeeksBeyondTwo,
    [property: JsonPropertyName("maxPeerSpread")] int MaxPeerSpread,
    [property: JsonPropertyName("maxUnexplainedPeerSpread")] int MaxUnexplainedPeerSpread,
    [property: JsonPropertyName("maxPeerTotalSpread")] int MaxPeerTotalSpread,
    [property: JsonPropertyName("repeats")] int Repeats,
    [property: JsonPropertyName("unjustifiedRepeats")] int UnjustifiedRepeats,
    [property: JsonPropertyName("dailyCv")] double DailyCv,
    [property: JsonPropertyName("unitDailyCvMean")] double UnitDailyCvMean,
    [property: JsonPropertyName("unitDailyCvMax")] double UnitDailyCvMax);
