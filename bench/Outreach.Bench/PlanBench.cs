using System.Diagnostics;
using System.Text.Json.Serialization;
using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Bench;

/// <summary>
/// Plans a synthetic city of 1,000,000 households and 50,000 enterprises over 90 days, the way the
/// planning service does it: one <see cref="PlanningUnit"/> after another on one thread. Only the
/// planner calls are timed; building the roster and the requests is not.
/// </summary>
internal static class PlanBench
{
    public const int Grids = 500;
    public const int HorizonDays = 90;

    /// <summary>The first Monday of 2027; the horizon runs through the Spring Festival holidays.</summary>
    public static readonly DateOnly Start = new(2027, 1, 4);

    public static int Run()
    {
        var calendar = WorkingCalendar.WithShipped([]);
        var to = Start.AddDays(HorizonDays - 1);
        Console.WriteLine($"plan: generating {Grids} grids ({Grids * SyntheticCity.HouseholdsPerGrid:N0} households, " +
            $"{Grids * SyntheticCity.EnterprisesPerGrid:N0} enterprises, {Grids * SyntheticCity.VisitorsPerGrid:N0} visitors)");
        var generation = Stopwatch.StartNew();
        var city = SyntheticCity.Generate(Grids, Start, HorizonDays);
        var requests = Requests(city, calendar, Start, to);
        Console.WriteLine($"plan: roster and {requests.Count} unit requests built in {generation.Elapsed.TotalSeconds:F2} s; " +
            $"planning {Start:yyyy-MM-dd}..{to:yyyy-MM-dd} unit by unit on one thread");

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long visits = 0, upserts = 0, shortfalls = 0;
        var slowest = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var lap = Stopwatch.StartNew();
        for (var i = 0; i < requests.Count; i++)
        {
            lap.Restart();
            var result = RotationPlanner.Plan(requests[i]);
            slowest = lap.Elapsed > slowest ? lap.Elapsed : slowest;
            visits += result.Visits.Count;
            upserts += result.Upserts.Count;
            shortfalls += result.Shortfalls.Count;
            if ((i + 1) % 100 == 0)
            {
                Console.WriteLine($"plan: {i + 1}/{requests.Count} units, {visits:N0} visits, {clock.Elapsed.TotalSeconds:F2} s");
            }
        }
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var seconds = clock.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peakMb = process.PeakWorkingSet64 / (1024.0 * 1024.0);
        var heapMb = GC.GetTotalMemory(forceFullCollection: false) / (1024.0 * 1024.0);
        Console.WriteLine($"plan: {visits:N0} visits ({upserts:N0} new) for {city.TargetCount:N0} targets, {shortfalls:N0} shortfalls");
        Console.WriteLine($"plan: {seconds:F2} s, {visits / seconds:N0} visits/s, slowest unit {slowest.TotalMilliseconds:F1} ms, " +
            $"{allocated / (1024.0 * 1024.0):N0} MB allocated while planning ({(double)allocated / visits:N0} B/visit)");
        Console.WriteLine($"plan: peak working set {peakMb:N0} MB (roster included), managed heap now {heapMb:N0} MB, " +
            $"GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");

        Json.WriteLast(new PlanFigures(visits, Math.Round(seconds, 3), Math.Round(visits / seconds), Math.Round(peakMb)));
        return 0;
    }

    /// <summary>One request per planning unit, as <c>PlanningService.LoadAsync</c> builds them (no stored visits yet).</summary>
    internal static List<PlanRequest> Requests(SyntheticCity city, WorkingCalendar calendar, DateOnly from, DateOnly to) =>
        Requests(city, PolicyBook.Defaults, calendar, from, to);

    internal static List<PlanRequest> Requests(SyntheticCity city, PolicyBook policies, WorkingCalendar calendar, DateOnly from, DateOnly to)
    {
        var units = PlanningUnit.Split(city.Grids.Select(g => g.Id), city.Visitors);
        var requests = new List<PlanRequest>(units.Count);
        foreach (var unit in units)
        {
            var grids = unit.Grids.ToHashSet(StringComparer.Ordinal);
            var people = city.Visitors.Where(v => v.Grids.Any(grids.Contains)).ToList();
            var targets = unit.Grids.SelectMany(g => city.TargetsByGrid[g]).ToList();
            requests.Add(new PlanRequest(from, to, from, people, targets, policies, calendar, []));
        }
        return requests;
    }
}

internal sealed record PlanFigures(
    [property: JsonPropertyName("visits")] long Visits,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("visitsPerSecond")] double VisitsPerSecond,
    [property: JsonPropertyName("peakMemoryMB")] double PeakMemoryMB);
