using System.Diagnostics;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Planning;

namespace Outreach.Bench;

/// <summary>
/// Writes one 100,000-visit plan twice into fresh tables: through <see cref="TableVisitStore.ApplyAsync"/>
/// (one row per visit, batches of several partitions in flight) and through a bare sequential
/// <see cref="TableClient.SubmitTransactionAsync"/> loop writing the same rows.
/// </summary>
internal static class StoreBench
{
    public const string StorageVariable = "OUTREACH_STORAGE";
    public const int Grids = 50;
    public const int VisitsPerGrid = 2_000;
    private const int HorizonDays = 75;

    public static async Task<int> RunAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(StorageVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return Fail($"{StorageVariable} is not set: set it to a storage connection string (Azurite: see bench/README.md).");
        }

        TableServiceClient service;
        try
        {
            service = TableStores.CreateServiceClient(connectionString);
        }
        catch (ArgumentException ex)
        {
            return Fail($"{StorageVariable}: {ex.Message}");
        }

        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        var stores = TableStores.Create(service, new TableStorageOptions { TablePrefix = prefix });
        var bareTable = service.GetTableClient(prefix + "bare");
        var warm = TableStores.Create(service, new TableStorageOptions { TablePrefix = prefix + "w" });
        var warmBare = service.GetTableClient(prefix + "wbare");
        try
        {
            // Create the tables and warm connections and JIT on both paths, so neither timing pays for them.
            await stores.Visits.GetGridVisitsAsync("g000", PlanBench.Start, PlanBench.Start);
            await bareTable.CreateIfNotExistsAsync();
            await warmBare.CreateIfNotExistsAsync();
        }
        catch (Exception ex) when (ex is StorageUnavailableException or RequestFailedException or AggregateException or HttpRequestException)
        {
            return Fail($"{StorageVariable} is unreachable or refused the request: {OneLine(ex)}");
        }

        var visits = PlanVisits();
        var created = new List<string>();
        try
        {
            var sample = visits.Take(200).ToList();
            await warm.Visits.ApplyAsync(sample, []);
            await WriteBareAsync(warmBare, sample);

            // Two rounds in opposite orders (store then bare, bare then store), each into fresh tables: Azurite
            // gets faster as a run goes on, so whichever path went first would otherwise look slower.
            var storeTimes = new List<double>();
            var bareTimes = new List<double>();
            for (var round = 0; round < 2; round++)
            {
                var roundStores = TableStores.Create(service, new TableStorageOptions { TablePrefix = $"{prefix}r{round}" });
                var roundBare = service.GetTableClient($"{prefix}r{round}bare");
                created.Add(roundStores.Options.Visits);
                created.Add(roundBare.Name);
                await roundStores.Visits.GetGridVisitsAsync("g000", PlanBench.Start, PlanBench.Start);
                await roundBare.CreateIfNotExistsAsync();
                foreach (var path in round == 0 ? new[] { "store", "bare" } : ["bare", "store"])
                {
                    var clock = Stopwatch.StartNew();
                    if (path == "store")
                    {
                        await roundStores.Visits.ApplyAsync(visits, []);
                        storeTimes.Add(clock.Elapsed.TotalSeconds);
                        Console.WriteLine($"store: round {round + 1}: ApplyAsync {storeTimes[^1]:F2} s ({visits.Count / storeTimes[^1]:N0} rows/s, one per visit, {visits.Count:N0} visits over {Grids} partitions)");
                    }
                    else
                    {
                        var batches = await WriteBareAsync(roundBare, visits);
                        bareTimes.Add(clock.Elapsed.TotalSeconds);
                        Console.WriteLine($"store: round {round + 1}: bare sequential SubmitTransactionAsync loop {bareTimes[^1]:F2} s ({visits.Count / bareTimes[^1]:N0} rows/s, {batches:N0} batches)");
                    }
                }
                var visitRows = await CountAsync(service.GetTableClient(roundStores.Options.Visits));
                var bareRows = await CountAsync(roundBare);
                if (visitRows != visits.Count || bareRows != visits.Count)
                {
                    Console.Error.WriteLine($"store: row counts ({visitRows:N0}, {bareRows:N0}) do not match the plan: the figures are not comparable");
                }
            }
            var storeSeconds = storeTimes.Average();
            var bareSeconds = bareTimes.Average();
            Json.WriteLast(new StoreFigures(Math.Round(storeSeconds, 3), Math.Round(bareSeconds, 3), Math.Round(bareSeconds / storeSeconds, 3)));
            return 0;
        }
        finally
        {
            foreach (var table in created.Concat([stores.Options.Visits, bareTable.Name, warm.Options.Visits, warmBare.Name]))
            {
                await service.DeleteTableAsync(table);
            }
        }
    }

    /// <summary>
    /// 100,000 visits: 50 grids of the synthetic city planned over 75 days, the first 2,000 of each grid by
    /// day (the planner returns them sorted by day, grid, target).
    /// </summary>
    private static List<Visit> PlanVisits()
    {
        var to = PlanBench.Start.AddDays(HorizonDays - 1);
        var city = SyntheticCity.Generate(Grids, PlanBench.Start, HorizonDays);
        var visits = new List<Visit>(Grids * VisitsPerGrid);
        foreach (var request in PlanBench.Requests(city, WorkingCalendar.WithShipped([]), PlanBench.Start, to))
        {
            var planned = RotationPlanner.Plan(request).Upserts;
            if (planned.Count < VisitsPerGrid)
            {
                throw new InvalidOperationException($"a grid planned only {planned.Count} visits over {HorizonDays} days; {VisitsPerGrid} needed");
            }
            visits.AddRange(planned.Take(VisitsPerGrid));
        }
        var visitors = visits.SelectMany(v => v.VisitorIds).Distinct(StringComparer.Ordinal).Count();
        Console.WriteLine($"store: planned {visits.Count:N0} visits for {Grids} grids, {PlanBench.Start:yyyy-MM-dd}..{to:yyyy-MM-dd}, {visitors:N0} visitors");
        return visits;
    }

    /// <summary>The same rows the store writes to its visits table, 100 per entity-group batch, one batch at a time.</summary>
    private static async Task<int> WriteBareAsync(TableClient table, IReadOnlyList<Visit> visits)
    {
        var batches = 0;
        foreach (var partition in visits.Select(VisitRows.VisitRow).GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)));
                batches++;
            }
        }
        return batches;
    }

    private static async Task<int> CountAsync(TableClient table)
    {
        var count = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(maxPerPage: 1000, select: ["RowKey"]).AsPages())
        {
            count += page.Values.Count;
        }
        return count;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"store: {message}");
        return 2;
    }

    private static string OneLine(Exception ex) => ex.Message.Split('\n', 2)[0].Trim();
}

internal sealed record StoreFigures(
    [property: JsonPropertyName("storeSeconds")] double StoreSeconds,
    [property: JsonPropertyName("bareSeconds")] double BareSeconds,
    [property: JsonPropertyName("ratio")] double Ratio);
