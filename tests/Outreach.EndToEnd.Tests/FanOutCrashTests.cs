using System.Diagnostics;
using System.Net;
using Azure.Storage.Queues;
using Outreach.Adapters;
using Outreach.Planning;
using Xunit.Abstractions;

namespace Outreach.EndToEnd.Tests;

/// <summary>
/// The fan-out survives a crash: the app's worker process killed (SIGKILL) while <c>PlanUnit</c> messages are being
/// handled. The host starts another worker, the messages in flight come back, and every unit ends planned once: every
/// cycle of every target an undisturbed plan visits is visited, none twice, nothing left on the queue or in its poison
/// queue. (Which visitor or day a cycle gets may differ: a unit killed part-way through its writes is planned again
/// around the rows it had written, which are then published.)
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class FanOutCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_worker_mid_fan_out_loses_no_unit_and_plans_none_twice()
    {
        // A host of its own: this test kills its worker.
        var app = new HostedApp();
        await app.InitializeAsync();
        try
        {
            if (app.Host is not { } host)
            {
                output.WriteLine($"Skipped: {app.Skipped}.");
                return;
            }
            var reference = TableStores.Create(app.StorageConnectionString, "ref");
            await PlanLoopTests.ImportSamplesAsync(app.Stores);
            await PlanLoopTests.ImportSamplesAsync(reference);
            var planning = new PlanningService(reference.Roster, reference.Visits, TimeProvider.System, new PlanningOptions { HorizonDays = PlanLoopTests.HorizonDays });
            var (from, to) = planning.RollingHorizon();
            var units = (await planning.GetUnitsAsync()).Count;
            await planning.PlanAsync(from, to);
            var expected = await PlanLoopTests.VisitsAsync(reference, from, to);

            Assert.Equal(HttpStatusCode.Accepted, await host.RunFunctionAsync("ScheduleRotation"));
            var queue = new QueueClient(app.StorageConnectionString, PlanUnitMessages.QueueName);
            var clock = Stopwatch.StartNew();
            // Kill as soon as the host starts handling a unit: on a quiet machine the units publish their visits within
            // moments of each other, so waiting for visits to appear could find the fan-out finished.
            while (!host.LogTail(400).Contains("Executing 'Functions.PlanUnit'", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(5);
            }
            var killed = host.KillWorker();
            var planned = await PlanLoopTests.VisitsAsync(app.Stores, from, to);
            var atKill = planned.Count;
            Assert.NotEmpty(killed);
            Assert.True(atKill < expected.Count, $"the fan-out had finished ({atKill} visits) before the worker was killed");

            var cycles = await CyclesAsync(reference, from, to);
            var after = await CyclesAsync(app.Stores, from, to);
            while (clock.Elapsed < TimeSpan.FromMinutes(4) && !(after.SequenceEqual(cycles) && await PlanLoopTests.IsEmptyAsync(queue)))
            {
                await Task.Delay(1000);
                after = await CyclesAsync(app.Stores, from, to);
            }
            planned = await PlanLoopTests.VisitsAsync(app.Stores, from, to);

            Assert.True(after.SequenceEqual(cycles),
                $"after the kill the fan-out planned {after.Count} target cycles, an undisturbed plan {cycles.Count}: "
                + $"{after.Except(cycles).Count()} only after the crash, {cycles.Except(after).Count()} missing, "
                + $"{after.Count - after.Distinct().Count()} twice.\n{host.LogTail()}");
            Assert.True(await PlanLoopTests.IsEmptyAsync(queue), "plan-units still holds messages");
            var poison = new QueueClient(app.StorageConnectionString, PlanUnitMessages.QueueName + "-poison");
            Assert.False(await poison.ExistsAsync() && !await PlanLoopTests.IsEmptyAsync(poison), "a planning unit was poisoned by the crash");
            output.WriteLine($"{planned.Count} visits, {planned.Except(expected).Count()} of them with another visitor or day than undisturbed.");
            output.WriteLine(string.Join('\n', host.LogTail(400).Split('\n').Where(l => l.Contains("PlanUnit", StringComparison.Ordinal) && l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("exited", StringComparison.OrdinalIgnoreCase) || l.Contains("restart", StringComparison.OrdinalIgnoreCase)).Take(8)));
            output.WriteLine($"{units} units; worker {string.Join(",", killed)} killed with {atKill} of {expected.Count} visits planned; all planned {clock.Elapsed.TotalSeconds:0} s after the timer.");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>Every planned cycle of every target, as grid, target and cycle, sorted; a cycle planned twice appears twice.</summary>
    private static async Task<List<string>> CyclesAsync(TableStores stores, DateOnly from, DateOnly to)
    {
        var cycles = new List<string>();
        foreach (var grid in await stores.Roster.GetGridsAsync())
        {
            cycles.AddRange((await stores.Visits.GetGridVisitsAsync(grid.Id, from, to)).Select(v => $"{v.Grid} {v.TargetId} {v.Cycle}"));
        }
        return cycles.Order(StringComparer.Ordinal).ToList();
    }
}
