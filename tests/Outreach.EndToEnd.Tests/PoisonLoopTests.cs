using System.Diagnostics;
using System.Net;
using System.Text;
using Azure.Storage.Queues;
using Outreach.Adapters.Queues;
using Outreach.Planning;
using Outreach.Queues;
using Outreach.Testing;
using Xunit.Abstractions;

namespace Outreach.EndToEnd.Tests;

/// <summary>
/// A planning unit that fails under the real host: retried <c>maxDequeueCount</c> times, moved to
/// <c>plan-units-poison</c> as the host writes it, told with its last exception by <c>ReportPoisonMessages</c> and by
/// <see cref="PoisonQueues"/> (what the CLI's <c>poison</c> reads).
/// </summary>
[Collection(HostedCollection.Name)]
public class PoisonLoopTests(HostedApp app, ITestOutputHelper output) : IClassFixture<HostedApp>
{
    [Fact]
    public async Task A_unit_that_keeps_failing_lands_in_the_poison_queue_and_is_told_with_its_last_exception()
    {
        if (app.Host is not { } host)
        {
            output.WriteLine($"Skipped: {app.Skipped}.");
            return;
        }
        // Well-formed JSON with a range PlanUnitMessages refuses: PlanUnit throws on every try.
        const string Failing = """{"grids":["g1"],"from":"2026-12-07","to":"2026-12-01"}""";
        var queue = new QueueClient(app.StorageConnectionString, PlanUnitMessages.QueueName);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(Failing)));

        var poison = new PoisonQueues(new QueueServiceClient(app.StorageConnectionString), new QueueNames(PlanUnitMessages.QueueName, "sms-inbound"), app.Stores.QueueFailures);
        var waited = Stopwatch.StartNew();
        var list = await poison.ListAsync(QueueKind.PlanUnits);
        while (waited.Elapsed < TimeSpan.FromMinutes(2) && list.Messages.Count == 0)
        {
            await Task.Delay(1000);
            list = await poison.ListAsync(QueueKind.PlanUnits);
        }

        var message = Assert.Single(list.Messages);
        Assert.True(message.Unreadable?.Contains("is before 'from'", StringComparison.Ordinal), $"{message.Subject}\n{host.LogTail()}");
        Assert.NotNull(message.LastFailure);
        Assert.Equal(5, message.LastFailure.Failures);
        Assert.StartsWith("FormatException: Plan message 'to' (2026-12-01) is before 'from'", message.LastFailure.LastError, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, await host.RunFunctionAsync("ReportPoisonMessages"));
        var logged = "";
        for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(30) && !logged.Contains("1 message(s) in plan-units-poison", StringComparison.Ordinal);)
        {
            await Task.Delay(500);
            logged = host.LogTail(400);
        }
        Assert.True(logged.Contains("Poisoned plan-units message", StringComparison.Ordinal) && logged.Contains("FormatException: Plan message 'to'", StringComparison.Ordinal), logged);
        Assert.Contains("1 message(s) in plan-units-poison", logged, StringComparison.Ordinal);
        output.WriteLine($"Poisoned after {waited.Elapsed.TotalSeconds:0} s.");
    }
}
