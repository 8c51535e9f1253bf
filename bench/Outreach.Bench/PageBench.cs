using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Bench;

/// <summary>
/// The pages behind the SMS links over HTTP: the Functions app under the Functions host on loopback, against the
/// Azurite named by OUTREACH_STORAGE. N clients, each a visitor with 12 visits today, load their day page and post an
/// outcome form (the first post of a visit stores it, later ones replay it), as field staff do, for a fixed time.
/// With no think time each client asks again the moment it is answered, which measures the most the app serves (the
/// latency is then the queue); with a think time, as a person reading the page and filling the form, it measures the
/// latency at that load. The first seconds under that load are a warm-up, reported apart: a freshly started worker
/// spends them compiling its hot code again at its higher tier (about 8 s of CPU on this machine), and the pages
/// queue behind it.
/// </summary>
internal static class PageBench
{
    private const int VisitsPerDay = 12;

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var think = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0);
        var storageDelay = TimeSpan.FromMilliseconds(args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 0);
        var warmup = TimeSpan.FromSeconds(args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 20);
        var connectionString = Environment.GetEnvironmentVariable(StoreBench.StorageVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine($"{StoreBench.StorageVariable} is not set: set it to a storage connection string (Azurite: see bench/README.md).");
            return 2;
        }
        var key = RandomNumberGenerator.GetBytes(32);
        var links = new LinkTokens(key);
        var port = FunctionsHost.FreePort();
        var app = Path.Combine(AzuriteFixture.FindRepoRoot(), "src", "Outreach.Functions", "bin", "Release", "net10.0");
        // Tables of its own each run: Azurite scans a whole table for every query, so a page read from tables that
        // earlier runs filled costs more each run (49 against 89 pages/s after a dozen runs); Table Storage does not.
        var tag = "bp" + Guid.NewGuid().ToString("N")[..6];
        var stores = TableStores.Create(connectionString, tablePrefix: tag);
        var dayLinks = await SeedAsync(stores, links, tag, clients);

        // With a storage delay the app reaches its tables through a relay that adds it each way, as a region's distance.
        await using var relay = storageDelay > TimeSpan.Zero ? DelayingRelay.Start(TableEndpoint(connectionString), storageDelay) : null;
        var appStorage = relay is null ? connectionString : ThroughRelay(connectionString, relay.Port);
        var settings = FunctionsHost.AppSettings(appStorage, Convert.ToBase64String(key), $"http://127.0.0.1:{port}/v/");
        settings["Storage__TablePrefix"] = tag;
        await using var host = await FunctionsHost.StartAsync(app, port, settings);
        if (host is null)
        {
            Console.Error.WriteLine("No Functions host: install Core Tools (func), or run beside shared/tools/functions-host.");
            return 2;
        }
        // As a phone's browser: it asks for gzip (and unpacks it).
        var phone = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = clients * 2,
            AutomaticDecompression = System.Net.DecompressionMethods.GZip,
        };
        using var http = new HttpClient(phone) { BaseAddress = host.Url };

        // One page each first: connections, the first render (the warm-up under load comes with the loop).
        foreach (var link in dayLinks)
        {
            using var warm = await http.GetAsync(link.Path);
        }
        var first = await http.GetByteArrayAsync(dayLinks[0].Path);
        using var raw = new HttpClient { BaseAddress = host.Url };
        using var zipped = new HttpRequestMessage(HttpMethod.Get, dayLinks[0].Path) { Headers = { { "Accept-Encoding", "gzip" } } };
        var transferred = (await (await raw.SendAsync(zipped)).Content.ReadAsByteArrayAsync()).Length;

        var (pages, posts) = (new ConcurrentBag<double>(), new ConcurrentBag<double>());
        var (warmPages, warmPosts) = (new ConcurrentBag<double>(), new ConcurrentBag<double>());
        var failures = 0L;
        var clock = Stopwatch.StartNew();
        var deadline = warmup + TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(dayLinks.Select((link, client) => Task.Run(async () =>
        {
            // With a think time, people arrive at their own moment, not all in the same millisecond.
            await Task.Delay(think * Random.Shared.NextDouble());
            for (var i = 0; clock.Elapsed < deadline; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var warming = clock.Elapsed < warmup;
                using (var page = await http.GetAsync(link.Path))
                {
                    await page.Content.ReadAsByteArrayAsync();
                    (warming ? warmPages : pages).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (page.StatusCode != System.Net.HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                await Task.Delay(Jittered(think));
                var visitId = link.VisitIds[i % VisitsPerDay];
                started = Stopwatch.GetTimestamp();
                warming = clock.Elapsed < warmup;
                using var form = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["visitId"] = visitId,
                    ["status"] = "completed",
                    ["visitedAt"] = link.VisitedAt,
                    ["notes"] = "老人身体不错，需要助餐",
                    ["problems[0].category"] = "生活困难",
                    ["problems[0].description"] = "暖气不热",
                });
                using var posted = await http.PostAsync(link.Path, form);
                (warming ? warmPosts : posts).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if ((int)posted.StatusCode != 303)
                {
                    Interlocked.Increment(ref failures);
                }
                await Task.Delay(Jittered(think));
            }
        })));
        var elapsed = (clock.Elapsed - warmup).TotalSeconds;
        var recorded = await http.GetByteArrayAsync(dayLinks[0].Path);

        Console.WriteLine($"pages: {clients} clients, {seconds} s after a warm-up of {warmup.TotalSeconds:0} s, think {think.TotalMilliseconds:0} ms, storage delay {storageDelay.TotalMilliseconds:0.#} ms each way, {VisitsPerDay} visits a page, app under {FunctionsHost.Which()} on loopback, {StoreBench.StorageVariable} storage");
        Console.WriteLine($"  day page before any outcome: {first.Length:N0} bytes of HTML, {transferred:N0} bytes sent gzipped");
        Console.WriteLine($"  day page with 12 outcomes recorded: {recorded.Length:N0} bytes of HTML");
        if (!warmPages.IsEmpty)
        {
            Console.WriteLine($"  warm-up, the first {warmup.TotalSeconds:0} s: GET day page {warmPages.Count:N0}, p50 {Percentile(warmPages, 50):0.0} ms, p99 {Percentile(warmPages, 99):0.0} ms; POST {warmPosts.Count:N0}, p50 {Percentile(warmPosts, 50):0.0} ms, p99 {Percentile(warmPosts, 99):0.0} ms");
        }
        Console.WriteLine($"  GET day page:      {pages.Count,7:N0} in {elapsed:0.0} s = {pages.Count / elapsed,6:N0}/s  p50 {Percentile(pages, 50),6:0.0} ms  p99 {Percentile(pages, 99),6:0.0} ms");
        Console.WriteLine($"  POST outcome form: {posts.Count,7:N0} in {elapsed:0.0} s = {posts.Count / elapsed,6:N0}/s  p50 {Percentile(posts, 50),6:0.0} ms  p99 {Percentile(posts, 99),6:0.0} ms");
        Console.WriteLine($"  failed: {failures}");
        Json.WriteLast(new Figures(clients, (int)think.TotalMilliseconds, storageDelay.TotalMilliseconds, (int)warmup.TotalSeconds, warmPages.IsEmpty ? null : Math.Round(Percentile(warmPages, 99), 1), Math.Round(pages.Count / elapsed, 1), Math.Round(Percentile(pages, 50), 1), Math.Round(Percentile(pages, 99), 1),
            Math.Round(posts.Count / elapsed, 1), Math.Round(Percentile(posts, 50), 1), Math.Round(Percentile(posts, 99), 1), first.Length, transferred, failures));
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Half to one and a half times <paramref name="think"/>: people do not read in step.</summary>
    private static TimeSpan Jittered(TimeSpan think) => think * (0.5 + Random.Shared.NextDouble());

    private sealed record Figures(
        [property: JsonPropertyName("clients")] int Clients,
        [property: JsonPropertyName("thinkMs")] int ThinkMs,
        [property: JsonPropertyName("storageDelayMs")] double StorageDelayMs,
        [property: JsonPropertyName("warmupSeconds")] int WarmupSeconds,
        [property: JsonPropertyName("warmupPageP99Ms")] double? WarmupPageP99Ms,
        [property: JsonPropertyName("pagesPerSecond")] double PagesPerSecond,
        [property: JsonPropertyName("pageP50Ms")] double PageP50Ms,
        [property: JsonPropertyName("pageP99Ms")] double PageP99Ms,
        [property: JsonPropertyName("postsPerSecond")] double PostsPerSecond,
        [property: JsonPropertyName("postP50Ms")] double PostP50Ms,
        [property: JsonPropertyName("postP99Ms")] double PostP99Ms,
        [property: JsonPropertyName("pageBytes")] int PageBytes,
        [property: JsonPropertyName("pageBytesGzipped")] int PageBytesGzipped,
        [property: JsonPropertyName("failed")] long Failed);

    private sealed record DayLink(string Path, IReadOnlyList<string> VisitIds, string VisitedAt);

    /// <summary>One grid per client: a visitor with 12 visits today, each target with a previous visit and an open problem.</summary>
    private static System.Net.DnsEndPoint TableEndpoint(string connectionString) =>
        TableEndpointUri(connectionString) is { } uri ? new(uri.Host, uri.Port)
            : throw new InvalidOperationException($"A storage delay needs a TableEndpoint=http://host:port/account in {StoreBench.StorageVariable}.");

    private static Uri? TableEndpointUri(string connectionString) =>
        connectionString.Split(';').Select(part => part.Split('=', 2)).Where(kv => kv.Length == 2 && kv[0].Trim() == "TableEndpoint")
            .Select(kv => new Uri(kv[1].Trim())).FirstOrDefault();

    private static string ThroughRelay(string connectionString, int port) =>
        connectionString.Replace(TableEndpointUri(connectionString)!.GetLeftPart(UriPartial.Authority), $"http://127.0.0.1:{port}", StringComparison.Ordinal);

    private static async Task<IReadOnlyList<DayLink>> SeedAsync(TableStores stores, LinkTokens links, string tag, int clients)
    {
        var now = DateTimeOffset.UtcNow;
        var today = ChinaTime.DateOf(now);
        var visitedAt = now.AddMinutes(-30).ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var result = new List<DayLink>();
        await stores.Roster.SaveGridsAsync(Enumerable.Range(0, clients).Select(c => new Grid($"{tag}-g{c}", $"幸福里{c}网格", "幸福里社区")).ToList());
        await stores.Roster.SaveVisitorsAsync(Enumerable.Range(0, clients)
            .Select(c => new Visitor($"{tag}-v{c}", $"网格员{c}", "+8613800000001", "grid-member", [$"{tag}-g{c}"], 20, [])).ToList());
        for (var c = 0; c < clients; c++)
        {
            var grid = $"{tag}-g{c}";
            var targets = Enumerable.Range(1, VisitsPerDay).Select(i => new Target($"h{i:D2}", TargetKind.Household, $"幸福里{i}号楼2单元50{i % 9}",
                grid, i % 3 == 0 ? ["elderly-alone", "low-income"] : ["veteran"], $"幸福里{i}号楼2单元50{i % 9}", $"孙阿姨{i}", "+8613700000011", $"{i}号楼")).ToList();
            await stores.Roster.SaveTargetsAsync(targets);
            var visits = targets.Select(t => new Visit(t.Id, TargetKind.Household, grid, today, [$"{tag}-v{c}"], 1, today.AddDays(-3), today.AddDays(3), today)).ToList();
            var earlier = targets.Select(t => new Visit(t.Id, TargetKind.Household, grid, today.AddDays(-7), [$"{tag}-v{c}"], 0, today.AddDays(-10), today.AddDays(-4),
                today.AddDays(-7), VisitStatus.Completed, today.AddDays(-7),
                new VisitOutcome($"{tag}-v{c}", VisitStatus.Completed, now.AddDays(-7), "上次走访：身体不错，楼道灯坏了", [new ReportedProblem("道路设施", "楼道灯坏了", false)], now.AddDays(-7)))).ToList();
            await stores.Visits.ApplyAsync([.. visits, .. earlier], []);
            foreach (var visit in earlier)
            {
                await stores.Problems.AddAsync(OutcomeService.RaisedProblems(visit, visit.Outcome!).Single());
            }
            var token = links.Sign(LinkGrant.ForDay($"{tag}-v{c}", today, visits));
            result.Add(new DayLink($"v/{token}", visits.Select(v => v.Id).ToList(), visitedAt));
        }
        return result;
    }

    internal static double Percentile(IEnumerable<double> samples, int percentile)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
    }
}
