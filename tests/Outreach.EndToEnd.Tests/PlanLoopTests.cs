using System.Diagnostics;
using System.Net;
using Azure.Storage.Queues;
using Outreach.Adapters;
using Outreach.Import;
using Outreach.Planning;
using Outreach.Testing;
using Xunit.Abstractions;

namespace Outreach.EndToEnd.Tests;

/// <summary>
/// The plan loop as Azure runs it: the nightly <c>ScheduleRotation</c> timer, started through the host's admin
/// endpoint, queues one message per planning unit; the queue-triggered <c>PlanUnit</c> plans each; the visits land in
/// Table Storage exactly as the CLI's <c>plan</c> writes them for the same roster and day.
/// </summary>
[Collection(HostedCollection.Name)]
public class PlanLoopTests(HostedApp app, ITestOutputHelper output) : IClassFixture<HostedApp>
{
    public const int HorizonDays = 28;

    private static readonly ImportKind[] Kinds =
        [ImportKind.Grids, ImportKind.Visitors, ImportKind.Enterprises, ImportKind.Households, ImportKind.Policies, ImportKind.Calendar, ImportKind.Departments];

    [Fact]
    public async Task The_nightly_timer_queues_the_units_and_the_queue_function_plans_them_as_plan_would()
    {
        if (app.Host is not { } host)
        {
            output.WriteLine($"Skipped: {app.Skipped}.");
            return;
        }
        // The samples twice: in the app's tables, and under a prefix of their own for the CLI's plan.
        var byCli = TableStores.Create(app.StorageConnectionString, "cli");
        await ImportSamplesAsync(app.Stores);
        await ImportSamplesAsync(byCli);

        Assert.Equal(HttpStatusCode.Accepted, await host.RunFunctionAsync("ScheduleRotation"));
        var planning = new PlanningService(byCli.Roster, byCli.Visits, TimeProvider.System, new PlanningOptions { HorizonDays = HorizonDays });
        var (from, to) = planning.RollingHorizon();
        await planning.PlanAsync(from, to);
        var expected = await VisitsAsync(byCli, from, to);

        var queue = new QueueClient(app.StorageConnectionString, "plan-units");
        var waited = Stopwatch.StartNew();
        var planned = await VisitsAsync(app.Stores, from, to);
        while (waited.Elapsed < TimeSpan.FromMinutes(3) && !(planned.SetEquals(expected) && await IsEmptyAsync(queue)))
        {
            await Task.Delay(1000);
            planned = await VisitsAsync(app.Stores, from, to);
        }

        Assert.True(expected.Count > 500, $"the samples plan {expected.Count} visits");
        Assert.True(planned.SetEquals(expected),
            $"after {waited.Elapsed.TotalSeconds:0} s the timer and queue planned {planned.Count} visits, plan {expected.Count}; "
            + $"{planned.Except(expected).Count()} only by the timer, {expected.Except(planned).Count()} only by plan.\n{host.LogTail()}");
        Assert.True(await IsEmptyAsync(queue), "plan-units still holds messages");
        var poison = new QueueClient(app.StorageConnectionString, "plan-units-poison");
        Assert.False(await poison.ExistsAsync() && !await IsEmptyAsync(poison), "a planning unit failed into plan-units-poison");
        output.WriteLine($"{planned.Count} visits planned through the timer and the queue in {waited.Elapsed.TotalSeconds:0.0} s.");
    }

    internal static async Task ImportSamplesAsync(TableStores stores)
    {
        var samples = Path.Combine(AzuriteFixture.FindRepoRoot(), "samples");
        var import = new RosterImportService(stores.Roster);
        foreach (var kind in Kinds)
        {
            using var reader = new StreamReader(Path.Combine(samples, $"{kind.ToWire()}.csv"));
            var report = await import.ImportAsync(kind, reader);
            Assert.True(report.Succeeded, string.Join("\n", report.Errors));
        }
    }

    /// <summary>Every visit of every grid in the range, by id and visitors.</summary>
    internal static async Task<HashSet<string>> VisitsAsync(TableStores stores, DateOnly from, DateOnly to)
    {
        var visits = new HashSet<string>(StringComparer.Ordinal);
        foreach (var grid in await stores.Roster.GetGridsAsync())
        {
            foreach (var visit in await stores.Visits.GetGridVisitsAsync(grid.Id, from, to))
            {
                visits.Add($"{visit.Id} {string.Join('+', visit.VisitorIds)} {visit.WindowStart:yyyyMMdd}-{visit.WindowEnd:yyyyMMdd}");
            }
        }
        return visits;
    }

    internal static async Task<bool> IsEmptyAsync(QueueClient queue) =>
        !await queue.ExistsAsync() || (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0;
}
