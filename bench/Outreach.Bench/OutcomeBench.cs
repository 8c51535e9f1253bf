using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Functions.Visits;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Roster;

namespace Outreach.Bench;

/// <summary>
/// N clients post visit outcomes through the <see cref="RecordOutcome"/> function class (signed link, JSON
/// body, real <see cref="OutcomeService"/>) against the Azurite named by OUTREACH_STORAGE, for a fixed time.
/// Each visit is posted once (201) and then replayed (200), as retries from phones would.
/// </summary>
internal static class OutcomeBench
{
    private const int Grids = 20;
    private const int HouseholdsPerGrid = 500;

    private sealed record Figures(
        [property: JsonPropertyName("requests")] long Requests,
        [property: JsonPropertyName("perSecond")] double PerSecond,
        [property: JsonPropertyName("p50Ms")] double P50Ms,
        [property: JsonPropertyName("p99Ms")] double P99Ms,
        [property: JsonPropertyName("created")] long Created,
        [property: JsonPropertyName("replayed")] long Replayed,
        [property: JsonPropertyName("failed")] long Failed);

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var connectionString = Environment.GetEnvironmentVariable(StoreBench.StorageVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine($"{StoreBench.StorageVariable} is not set: set it to a storage connection string (Azurite: see bench/README.md).");
            return 2;
        }
        var stores = TableStores.Create(connectionString, "o" + Guid.NewGuid().ToString("N")[..10]);
        var now = new DateTimeOffset(2027, 3, 1, 9, 0, 0, ChinaTime.Offset);
        var clock = new BenchClock(now);
        try
        {
            await SeedAsync(stores, clock);
        }
        catch (StorageUnavailableException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var visits = new List<Visit>();
        for (var g = 0; g < Grids; g++)
        {
            visits.AddRange(await stores.Visits.GetGridVisitsAsync($"g{g:D2}", ChinaTime.DateOf(now), ChinaTime.DateOf(now).AddDays(6)));
        }
        // Report in the evening of the last visit day, so every visit is in the past.
        clock.Now = new DateTimeOffset(visits.Max(v => v.Date).ToDateTime(new TimeOnly(20, 0)), ChinaTime.Offset);
        var key = RandomNumberGenerator.GetBytes(32);
        var links = new LinkTokens(key);
        var function = new RecordOutcome(new LinkService(links, stores.Roster, stores.Visits, stores.Problems, new OutcomeService(stores.Visits, clock),
            new Problems.ProblemService(stores.Problems, stores.Roster, clock), new Problems.ProblemOptions(), new Reminders.ReminderOptions(), clock));
        Console.WriteLine($"outcomes: {visits.Count:N0} visits in {Grids} grids; {clients} clients for {seconds} s through RecordOutcome");

        var latencies = new ConcurrentBag<double>();
        var createLatencies = new ConcurrentBag<double>();
        long created = 0, replayed = 0, failed = 0, next = -1;
        var deadline = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (deadline.Elapsed.TotalSeconds < seconds)
            {
                var visit = visits[(int)(Interlocked.Increment(ref next) % visits.Count)];
                var token = links.Sign(new LinkGrant(visit.VisitorIds[0], visit.Id, clock.Now.AddDays(7)));
                var body = $$"""{"visitorId":"{{visit.VisitorIds[0]}}","status":"completed","visitedAt":"{{visit.Date:yyyy-MM-dd}}T10:30:00+08:00","notes":"老人身体健康","problems":[]}""";
                var started = Stopwatch.GetTimestamp();
                var status = await PostAsync(function, visit.Id, body, token);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                latencies.Add(ms);
                if (status == 201)
                {
                    createLatencies.Add(ms);
                    Interlocked.Increment(ref created);
                }
                else if (status == 200)
                {
                    Interlocked.Increment(ref replayed);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        var elapsed = deadline.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        double Percentile(double[] values, double p) => values.Length == 0 ? 0 : values[Math.Min(values.Length - 1, (int)(p * values.Length))];
        var creates = createLatencies.Order().ToArray();
        Console.WriteLine($"outcomes: {sorted.Length:N0} requests in {elapsed:F1} s: {created:N0} created (201), {replayed:N0} replayed (200), {failed:N0} other");
        Console.WriteLine($"outcomes: first posts (201) p50 {Percentile(creates, 0.5):F2} ms, p99 {Percentile(creates, 0.99):F2} ms; all requests p50 {Percentile(sorted, 0.5):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms");
        Json.WriteLast(new Figures(sorted.Length, Math.Round(sorted.Length / elapsed, 1), Math.Round(Percentile(sorted, 0.50), 2), Math.Round(Percentile(sorted, 0.99), 2), created, replayed, failed));
        return failed == 0 ? 0 : 1;
    }

    private static async Task SeedAsync(TableStores stores, TimeProvider clock)
    {
        var grids = Enumerable.Range(0, Grids).Select(g => new Grid($"g{g:D2}", $"网格{g}", "仙山")).ToList();
        await stores.Roster.SaveGridsAsync(grids);
        await stores.Roster.SaveVisitorsAsync(grids.SelectMany(g => Enumerable.Range(0, 10).Select(i =>
            new Visitor($"{g.Id}-v{i}", $"走访员{i}", "+8613800138000", "grid-member", [g.Id], 40, []))).ToList());
        await stores.Roster.SaveTargetsAsync(grids.SelectMany(g => Enumerable.Range(0, HouseholdsPerGrid).Select(i =>
            new Target($"{g.Id}-h{i}", TargetKind.Household, $"仙山社区{i}号", g.Id, ["elderly-alone"]))).ToList());
        var today = ChinaTime.Today(clock);
        await new PlanningService(stores.Roster, stores.Visits, clock).PlanAsync(today, today.AddDays(6));
    }

    private static async Task<int> PostAsync(RecordOutcome function, string visitId, string body, string token)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Method = "POST";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        context.Request.Headers.Authorization = $"Bearer {token}";
        var result = await function.Run(context.Request, visitId, CancellationToken.None);
        return result is ObjectResult { StatusCode: { } code } ? code : 200;
    }
}
