using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Outreach.Adapters;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Pages;
using Outreach.Problems;
using Outreach.Requests;
using Outreach.Roster;

namespace Outreach.Bench;

/// <summary>
/// The public side's pages in-process, against the Azurite named by OUTREACH_STORAGE: N clients, each a household with
/// its request link and 20 earlier requests in a grid of 200 problems, open their request page and post a request (the
/// first post of the round places it, later ones find it placed), through <see cref="LinkPages"/> and the real services.
/// What is timed is the page's work (verify, read, render, write), not HTTP or the host (<c>pages</c> measures those).
/// </summary>
internal static class RequestBench
{
    private const int Earlier = 20;
    private const int GridProblems = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var connectionString = Environment.GetEnvironmentVariable(StoreBench.StorageVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine($"{StoreBench.StorageVariable} is not set: set it to a storage connection string (Azurite: see bench/README.md).");
            return 2;
        }
        var stores = TableStores.Create(connectionString);
        var links = new LinkTokens(RandomNumberGenerator.GetBytes(32));
        var problems = new ProblemService(stores.Problems, stores.Roster, TimeProvider.System);
        var requests = new RequestService(stores.Roster, stores.Problems, stores.RequestLinks, problems, links, new ProblemOptions(),
            new RequestOptions { DailyCap = 100 }, TimeProvider.System);
        var service = new LinkService(links, stores.Roster, stores.Visits, stores.Problems, new OutcomeService(stores.Visits, TimeProvider.System), problems,
            new ProblemOptions(), new Reminders.ReminderOptions(), TimeProvider.System, requests);
        var pages = new LinkPages(service, new PageRenderer(), new ProblemOptions(), TimeProvider.System);
        var tokens = await SeedAsync(stores, requests, "rb" + Guid.NewGuid().ToString("N")[..6], clients);
        var form = Encoding.UTF8.GetBytes("form=request&category=%E7%94%9F%E6%B4%BB%E5%9B%B0%E9%9A%BE&description=%E6%B0%B4%E7%AE%A1%E6%BC%8F%E6%B0%B4");
        var first = (await pages.GetAsync(tokens[0], new PageQuery())).Html!;

        var (gets, posts, failures) = (new List<double>(), new List<double>(), 0);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tokens.Select(token => Task.Run(async () =>
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                var started = Stopwatch.GetTimestamp();
                var page = await pages.GetAsync(token, new PageQuery());
                var read = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                started = Stopwatch.GetTimestamp();
                var posted = await pages.PostAsync(token, new PageQuery(), form);
                var wrote = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (gets)
                {
                    gets.Add(read);
                    posts.Add(wrote);
                    failures += (page.Status == 200 ? 0 : 1) + (posted.Status == 303 ? 0 : 1);
                }
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;

        Console.WriteLine($"requests: {clients} clients, {seconds} s, {Earlier} earlier requests a page, {GridProblems} problems a grid, in-process, {StoreBench.StorageVariable} storage");
        Console.WriteLine($"  request page: {Encoding.UTF8.GetByteCount(first):N0} bytes of HTML");
        Console.WriteLine($"  GET request page:  {gets.Count,6:N0} = {gets.Count / elapsed,5:N0}/s  p50 {PageBench.Percentile(gets, 50),6:0.0} ms  p99 {PageBench.Percentile(gets, 99),6:0.0} ms");
        Console.WriteLine($"  POST request form: {posts.Count,6:N0} = {posts.Count / elapsed,5:N0}/s  p50 {PageBench.Percentile(posts, 50),6:0.0} ms  p99 {PageBench.Percentile(posts, 99),6:0.0} ms");
        Console.WriteLine($"  failed: {failures}");
        Json.WriteLast(new Figures(clients, Math.Round(gets.Count / elapsed, 1), Math.Round(PageBench.Percentile(gets, 50), 1), Math.Round(PageBench.Percentile(gets, 99), 1),
            Math.Round(PageBench.Percentile(posts, 50), 1), Math.Round(PageBench.Percentile(posts, 99), 1), Encoding.UTF8.GetByteCount(first), failures));
        return failures == 0 ? 0 : 1;
    }

    private sealed record Figures(
        [property: JsonPropertyName("clients")] int Clients,
        [property: JsonPropertyName("pagesPerSecond")] double PagesPerSecond,
        [property: JsonPropertyName("pageP50Ms")] double PageP50Ms,
        [property: JsonPropertyName("pageP99Ms")] double PageP99Ms,
        [property: JsonPropertyName("postP50Ms")] double PostP50Ms,
        [property: JsonPropertyName("postP99Ms")] double PostP99Ms,
        [property: JsonPropertyName("pageBytes")] int PageBytes,
        [property: JsonPropertyName("failed")] int Failed);

    /// <summary>One grid; a household per client with <see cref="Earlier"/> requests placed, the rest of the grid's problems other targets'.</summary>
    private static async Task<IReadOnlyList<string>> SeedAsync(TableStores stores, RequestService requests, string grid, int clients)
    {
        await stores.Roster.SaveGridsAsync([new Grid(grid, "仙山一网格", "仙山社区")]);
        var targets = Enumerable.Range(0, GridProblems / Earlier).Select(i => new Target($"h{i:D3}", TargetKind.Household, $"仙山社区{i}号楼101", grid, [])).ToList();
        await stores.Roster.SaveTargetsAsync(targets);
        var now = DateTimeOffset.UtcNow.AddDays(-30);
        foreach (var target in targets)
        {
            for (var n = 0; n < Earlier; n++)
            {
                var report = new ReportProblem(ProblemIds.Format(grid, ProblemIds.Request(target.Id, now.AddDays(n), "其他", $"第{n}件事")), grid, target.Id, null, "其他", $"第{n}件事", Request: true);
                await stores.Problems.AddAsync(ProblemWorkflow.Report(report, RequestService.Actor, now.AddDays(n)));
            }
        }
        var tokens = new List<string>();
        foreach (var target in targets.Take(clients))
        {
            tokens.Add(await requests.TokenAsync(target, rotate: false));
        }
        return tokens;
    }
}
