using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Adapters.Queues;
using Outreach.Calendar;
using Outreach.Functions.Planning;
using Outreach.Functions.Queues;
using Outreach.Planning;
using Outreach.Queues;
using Outreach.Testing;

namespace Outreach.Functions.Tests;

/// <summary>
/// What becomes of a queue message that keeps failing: PlanUnit keeps its last exception, and the hourly poison check logs
/// an error for each message the host moved to a poison queue. Called directly, on Azurite, with queues of their own.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PoisonFunctionsTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly DateTimeOffset Night = new(2026, 12, 7, 1, 0, 0, ChinaTime.Offset);

    private readonly LogRecorder _logs = new();
    private readonly TableStores _stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task A_unit_that_fails_keeps_its_last_exception_and_a_later_success_forgets_it()
    {
        var clock = new FakeTimeProvider(Night);
        var function = new PlanUnit(new PlanningService(_stores.Roster, _stores.Visits, clock), new QueueFailures(_stores.QueueFailures, clock));
        const string Malformed = """{"grids":[],"from":"2026-12-07","to":"2027-01-03"}""";
        var good = PlanUnitMessages.Serialize(new PlanUnitMessage(["g1"], new DateOnly(2026, 12, 7), new DateOnly(2027, 1, 3)));

        await Assert.ThrowsAsync<FormatException>(() => function.Run(Malformed, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<FormatException>(() => function.Run(Malformed, CancellationToken.None));
        await _stores.QueueFailures.RecordAsync(QueueKind.PlanUnits, QueueFailure.KeyOf(good), "StorageUnavailableException: earlier", Night);
        await function.Run(good, CancellationToken.None);

        var failure = await _stores.QueueFailures.GetAsync(QueueKind.PlanUnits, QueueFailure.KeyOf(Malformed));
        Assert.NotNull(failure);
        Assert.Equal(2, failure.Failures);
        Assert.StartsWith("FormatException: Plan message field 'grids'", failure.LastError, StringComparison.Ordinal);
        Assert.Equal((Night, Night.AddMinutes(1)), (failure.FirstFailedAt, failure.LastFailedAt));
        Assert.Null(await _stores.QueueFailures.GetAsync(QueueKind.PlanUnits, QueueFailure.KeyOf(good)));
    }

    [Fact]
    public async Task The_poison_check_logs_an_error_for_each_poisoned_message_with_its_unit_or_reply_and_last_exception_and_the_count()
    {
        var names = new QueueNames($"{AzuriteFixture.NewPrefix()}-plan-units", $"{AzuriteFixture.NewPrefix()}-sms-inbound");
        var service = new QueueServiceClient(azurite.ConnectionString);
        var unit = PlanUnitMessages.Serialize(new PlanUnitMessage(["xs-1", "xs-2"], new DateOnly(2026, 12, 7), new DateOnly(2027, 1, 3)));
        await PoisonAsync(service, names.Poison(QueueKind.PlanUnits), unit);
        await PoisonAsync(service, names.Poison(QueueKind.SmsInbound), SmsReceived("+8613800138001"));
        await _stores.QueueFailures.RecordAsync(QueueKind.PlanUnits, QueueFailure.KeyOf(unit), "RequestFailedException: Server busy", Night);
        var poison = new PoisonQueues(service, names, _stores.QueueFailures, new LoggerFactory([_logs]).CreateLogger<PoisonQueues>());

        await new ReportPoisonMessages(poison).Run(new TimerInfo(), CancellationToken.None);

        var errors = _logs.Errors;
        Assert.Contains(errors, l => l.Contains("Poisoned plan-units message", StringComparison.Ordinal)
            && l.Contains("grids xs-1+xs-2 2026-12-07..2027-01-03", StringComparison.Ordinal)
            && l.Contains("failed 1 time(s)", StringComparison.Ordinal) && l.Contains("RequestFailedException: Server busy", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains("Poisoned sms-inbound message", StringComparison.Ordinal)
            && l.Contains("SMS Incoming_1 from +86138****8001", StringComparison.Ordinal) && l.Contains("no failure recorded", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.StartsWith($"1 message(s) in {names.Poison(QueueKind.PlanUnits)}", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.StartsWith($"1 message(s) in {names.Poison(QueueKind.SmsInbound)}", StringComparison.Ordinal));
        Assert.Equal(4, errors.Count);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("13800138001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_poison_check_logs_no_error_when_nothing_is_poisoned()
    {
        var names = new QueueNames($"{AzuriteFixture.NewPrefix()}-plan-units", $"{AzuriteFixture.NewPrefix()}-sms-inbound");
        var poison = new PoisonQueues(new QueueServiceClient(azurite.ConnectionString), names, _stores.QueueFailures, new LoggerFactory([_logs]).CreateLogger<PoisonQueues>());

        await new ReportPoisonMessages(poison).Run(new TimerInfo(), CancellationToken.None);

        Assert.Empty(_logs.Errors);
        Assert.Contains(_logs.Lines, l => l.StartsWith("No poisoned messages", StringComparison.Ordinal));
    }

    /// <summary>As the host moves a message: its body, base64 as the queue trigger writes it, on a new message.</summary>
    private static async Task PoisonAsync(QueueServiceClient service, string queue, string text)
    {
        var client = service.GetQueueClient(queue);
        await client.CreateIfNotExistsAsync();
        await client.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
    }

    private static string SmsReceived(string from) => new JsonObject
    {
        ["id"] = "e1",
        ["topic"] = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Communication/CommunicationServices/acs",
        ["subject"] = "/phonenumber/18005550100",
        ["data"] = new JsonObject { ["messageId"] = "Incoming_1", ["from"] = from, ["to"] = "+18005550100", ["message"] = "TD", ["receivedTimestamp"] = "2026-12-07T04:00:00Z" },
        ["eventType"] = "Microsoft.Communication.SMSReceived",
        ["dataVersion"] = "1.0",
        ["eventTime"] = "2026-12-07T04:00:01Z",
    }.ToJsonString();
}
