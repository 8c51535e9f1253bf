using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Reports;
using Outreach.Roster;

namespace Outreach.Bench;

/// <summary>
/// The coverage report of the synthetic city over a quarter, read from Table Storage grid by grid.
/// <c>report seed [grids]</c> writes the city's roster and a quarter of planned visits with outcomes;
/// <c>report run [grids]</c>, in a fresh process so its peak memory is the report's, times
/// <see cref="ReportService.CoverageAsync"/> for the whole city and samples the process's memory meanwhile.
/// </summary>
internal static class ReportBench
{
    public const int Days = 90;

    /// <summary>The report is read three days after the quarter: every visit is in the past.</summary>
    private static readonly DateTimeOffset Now = new(PlanBench.Start.AddDays(Days + 2).ToDateTime(new TimeOnly(9, 0)), ChinaTime.Offset);

    public static async Task<int> RunAsync(string[] args)
    {
        var grids = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : PlanBench.Grids;
        var connectionString = Environment.GetEnvironmentVariable(StoreBench.StorageVariable);
        if (string.IsNullOrWhiteSpace(connectionString) || grids is < 1 or > 999)
        {
            Console.Error.WriteLine($"report: set {StoreBench.StorageVariable} (see bench/README.md) and give 1 to 999 grids.");
            return 2;
        }
        // One set of tables per city size, so `run` finds what `seed` wrote.
        var stores = TableStores.Create(TableStores.CreateServiceClient(connectionString), new TableStorageOptions { TablePrefix = $"rep{grids}" });
        try
        {
            return args[0] switch
            {
                "seed" => await SeedAsync(stores, grids),
                _ => await ReadAsync(stores, grids, whole: args.Contains("--whole")),
            };
        }
        catch (Exception ex) when (ex is StorageUnavailableException or RequestFailedException)
        {
            Console.Error.WriteLine($"report: {StoreBench.StorageVariable} is unreachable or refused the request: {ex.Message.Split('\n', 2)[0]}");
            return 2;
        }
    }

    /// <summary>
    /// The city's roster, then each grid's 90-day plan with outcomes as a quarter leaves them: 88% completed on
    /// the day, 5% not reachable, 2% refused, 5% never reported (overdue). Grid by grid, so the seeder stays small.
    /// </summary>
    private static async Task<int> SeedAsync(TableStores stores, int gridCount)
    {
        var clock = Stopwatch.StartNew();
        var city = SyntheticCity.Generate(gridCount, PlanBench.Start, Days);
        await stores.Roster.SaveGridsAsync(city.Grids);
        await stores.Roster.SaveVisitorsAsync(city.Visitors);
        foreach (var chunk in city.Grids.Chunk(25))
        {
            await stores.Roster.SaveTargetsAsync(chunk.SelectMany(g => city.TargetsByGrid[g.Id]).ToList());
        }
        Console.WriteLine($"report: seeded {city.Grids.Count:N0} grids, {city.Visitors.Count:N0} visitors, {city.TargetCount:N0} targets in {clock.Elapsed.TotalSeconds:F0} s");

        var random = new Random(20270401);
        var end = PlanBench.Start.AddDays(Days - 1);
        long visits = 0, completed = 0;
        var requests = PlanBench.Requests(city, WorkingCalendar.WithShipped([]), PlanBench.Start, end);
        for (var i = 0; i < requests.Count; i++)
        {
            var planned = RotationPlanner.Plan(requests[i]).Upserts.Select(v => WithOutcome(v, random.NextDouble())).ToList();
            await stores.Visits.ApplyAsync(planned, []);
            visits += planned.Count;
            completed += planned.Count(v => v.Status == VisitStatus.Completed);
            if ((i + 1) % 25 == 0 || i + 1 == requests.Count)
            {
                Console.WriteLine($"report: {i + 1}/{requests.Count} grids planned and written, {visits:N0} visits ({completed:N0} completed), {clock.Elapsed.TotalSeconds:F0} s");
            }
        }
        Json.WriteLast(new SeedFigures(gridCount, city.TargetCount, visits, completed, Math.Round(clock.Elapsed.TotalSeconds)));
        return 0;
    }

    private static Visit WithOutcome(Visit visit, double roll)
    {
        var status = roll switch
        {
            < 0.88 => VisitStatus.Completed,
            < 0.93 => VisitStatus.NotReachable,
            < 0.95 => VisitStatus.Refused,
            _ => VisitStatus.Planned,
        };
        if (status == VisitStatus.Planned)
        {
            return visit;
        }
        var visitedAt = new DateTimeOffset(visit.Date.ToDateTime(new TimeOnly(10, 0)), ChinaTime.Offset);
        var outcome = new VisitOutcome(visit.VisitorIds[0], status, visitedAt, null, [], visitedAt.AddHours(8));
        return visit with { Status = status, CompletedOn = status == VisitStatus.Completed ? visit.Date : null, Outcome = outcome };
    }

    /// <summary>
    /// The whole city's coverage for the quarter, as <c>report coverage --format json</c> computes it; with
    /// <paramref name="whole"/>, every grid's rows are kept and computed at the end instead, as reports did before
    /// they streamed, to compare their memory.
    /// </summary>
    private static async Task<int> ReadAsync(TableStores stores, int gridCount, bool whole)
    {
        var service = new ReportService(stores.Roster, stores.Visits, stores.Problems, new BenchClock(Now));
        var period = new ReportPeriod(PlanBench.Start, PlanBench.Start.AddDays(Days - 1));
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = (WorkingSet: process.WorkingSet64, Heap: GC.GetTotalMemory(forceFullCollection: true));
        using var sampler = new MemorySampler();
        long rows = 0;
        var clock = Stopwatch.StartNew();
        var report = await service.FoldAsync(
            period, null,
            scope => new Counting<CoverageReport>(
                whole ? new Whole(scope) : new CoverageReport.Accumulator(scope),
                slice => rows += slice.Targets.Count + slice.Visits.Count + slice.Problems.Count),
            new Lap(gridCount, clock));
        var seconds = clock.Elapsed.TotalSeconds;
        var (peakWorkingSet, peakHeap) = sampler.Stop();
        process.Refresh();
        const double MB = 1024 * 1024;
        Console.WriteLine($"report: {report.Targets:N0} targets, {report.Visited:N0} visited ({report.VisitedRatio:P1}), {report.DueVisited:N0}/{report.Due:N0} windows on time ({report.OnTimeRatio:P1}), {report.NotYetDue:N0} not yet due ({report.NotYetPlanned:N0} not yet planned), {report.LateNow:N0} late now (all listed)");
        Console.WriteLine($"report: {rows:N0} rows read in {seconds:F1} s ({rows / seconds:N0} rows/s); before: working set {before.WorkingSet / MB:N0} MB, heap {before.Heap / MB:N0} MB");
        Console.WriteLine($"report: peak working set {process.PeakWorkingSet64 / MB:N0} MB (process lifetime), sampled {peakWorkingSet / MB:N0} MB; peak managed heap sampled {peakHeap / MB:N0} MB; GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        Json.WriteLast(new ReportFigures(gridCount, whole, rows, Math.Round(seconds, 1), Math.Round(process.PeakWorkingSet64 / MB), Math.Round(peakHeap / MB), report.LateNow));
        return 0;
    }

    /// <summary>The coverage fold, counting the rows each grid brought.</summary>
    private sealed class Counting<T>(IReportFold<T> inner, Action<ReportData> count) : IReportFold<T>
    {
        public void Add(ReportData slice)
        {
            count(slice);
            inner.Add(slice);
        }

        public T Result() => inner.Result();
    }

    /// <summary>The city in memory: every grid's rows kept, the report computed once at the end.</summary>
    private sealed class Whole(ReportData scope) : IReportFold<CoverageReport>
    {
        private readonly List<Target> _targets = [];
        private readonly List<Visit> _visits = [];
        private readonly List<Problems.Problem> _problems = [];

        public void Add(ReportData slice)
        {
            _targets.AddRange(slice.Targets);
            _visits.AddRange(slice.Visits);
            _problems.AddRange(slice.Problems);
        }

        public CoverageReport Result() => CoverageReport.Compute(scope with { Targets = _targets, Visits = _visits, Problems = _problems });
    }

    private sealed class Lap(int grids, Stopwatch clock) : IProgress<ReportProgress>
    {
        public void Report(ReportProgress value)
        {
            if (value.GridsDone % Math.Max(1, grids / 10) == 0)
            {
                Console.WriteLine($"report: {value.GridsDone}/{value.GridsTotal} grids read, {clock.Elapsed.TotalSeconds:F1} s");
            }
        }
    }

    /// <summary>The largest working set and managed heap seen, every 50 ms on a thread of its own.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private long _workingSet;
        private long _heap;

        public MemorySampler()
        {
            _thread = new Thread(() =>
            {
                using var process = Process.GetCurrentProcess();
                while (!_stop.IsCancellationRequested)
                {
                    process.Refresh();
                    _workingSet = Math.Max(_workingSet, process.WorkingSet64);
                    _heap = Math.Max(_heap, GC.GetTotalMemory(forceFullCollection: false));
                    _stop.Token.WaitHandle.WaitOne(50);
                }
            });
            _thread.IsBackground = true;
            _thread.Start();
        }

        public (long WorkingSet, long Heap) Stop()
        {
            _stop.Cancel();
            _thread.Join();
            return (_workingSet, _heap);
        }

        public void Dispose() => _stop.Dispose();
    }
}

internal sealed record SeedFigures(
    [property: JsonPropertyName("grids")] int Grids,
    [property: JsonPropertyName("targets")] int Targets,
    [property: JsonPropertyName("visits")] long Visits,
    [property: JsonPropertyName("completed")] long Completed,
    [property: JsonPropertyName("seconds")] double Seconds);

internal sealed record ReportFigures(
    [property: JsonPropertyName("grids")] int Grids,
    [property: JsonPropertyName("whole")] bool Whole,
    [property: JsonPropertyName("rowsRead")] long RowsRead,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("peakWorkingSetMB")] double PeakWorkingSetMB,
    [property: JsonPropertyName("peakHeapMB")] double PeakHeapMB,
    [property: JsonPropertyName("late")] int Late);
