using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Outreach.Adapters;
using Outreach.Functions.Reminders;
using Outreach.Reminders;
using Outreach.Testing;

namespace Outreach.Functions.Tests;

/// <summary>
/// ReceiveSms on the app's container and Azurite, fed the queue text a storage-queue Event Grid subscription
/// produces (the trigger has already undone the base64): one event in the Event Grid schema.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ReceiveSmsTests(AzuriteFixture azurite) : IDisposable
{
    private readonly LogRecorder _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task A_tuiding_reply_puts_the_sender_on_the_deny_list_and_logs_the_number_masked()
    {
        using var provider = Build(azurite.ConnectionString);

        await Function(provider).Run(SmsReceived("+8613800138001", "退订").ToJsonString(), CancellationToken.None);

        Assert.Equal(["+8613800138001"], await provider.GetRequiredService<IOutboxStore>().GetDeniedAsync());
        Assert.Contains(_logs.Lines, l => l.Contains("+86138****8001", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("13800138001", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> Unreadable => new()
    {
        { "", "empty" },
        { "not json at all", "not an Event Grid event" },
        { "{}", "not an Event Grid event" },
        { "42", "not an Event Grid event" },
        { "[1]", "not an Event Grid event" },
        { "[]", "not an Event Grid event" },
        { "\"退订\"", "not an Event Grid event" },
        { """[{"a":1},{"b":2}]""", "not an Event Grid event" },
        { With(SmsReceived("+8613800138001", "退订"), e => e["eventType"] = "Microsoft.Communication.SMSDeliveryReportReceived"), "SMSDeliveryReportReceived" },
        { With(SmsReceived("+8613800138001", "退订"), e => e["data"]!.AsObject().Remove("from")), "no sender" },
        { With(SmsReceived("+8613800138001", "退订"), e => e["data"] = "退订"), "SMSReceived data" },
        { With(SmsReceived("+8613800138001", "退订"), e => e["data"] = new JsonArray(1, 2)), "SMSReceived data" },
        { With(SmsReceived("+8613800138001", "退订"), e => e["data"]!["receivedTimestamp"] = "yesterday"), "SMSReceived data" },
        { With(SmsReceived("+8613800138001", "退订"), e => e["id"] = 5), "not an Event Grid event" },
        { With(SmsReceived("+8613800138001", "退订"), e => e["eventTime"] = "soon"), "not an Event Grid event" },
        { With(SmsReceived("+8613800138001", "退订"), e => e["eventType"] = 7), "not an Event Grid event" },
        { With(SmsReceived("+8613800138001", "退订"), e => e["data"]!["from"] = 8613800138001), "SMSReceived data" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_message_that_is_not_an_sms_received_event_is_logged_and_completed_without_changes(string message, string logged)
    {
        using var provider = Build(azurite.ConnectionString);

        await Function(provider).Run(message, CancellationToken.None);

        Assert.Empty(await provider.GetRequiredService<IOutboxStore>().GetDeniedAsync());
        Assert.True(_logs.Lines.Any(l => l.Contains("skipped", StringComparison.Ordinal) && l.Contains(logged, StringComparison.Ordinal)), string.Join("\n", _logs.Lines));
    }

    [Fact]
    public async Task A_storage_outage_throws_so_the_message_is_retried_and_then_poisoned()
    {
        using var provider = Build($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint=http://127.0.0.1:{AzuriteFixture.ClosedPort()}/devstoreaccount1;");

        await Assert.ThrowsAsync<StorageUnavailableException>(() => Function(provider).Run(SmsReceived("+8613800138001", "TD").ToJsonString(), CancellationToken.None));
    }

    private static ReceiveSms Function(ServiceProvider provider) =>
        new(provider.GetRequiredService<InboundSmsService>(), provider.GetRequiredService<Outreach.Queues.QueueFailures>(), provider.GetRequiredService<ILogger<ReceiveSms>>());

    // The shape of the documented SMSReceived sample, in the Event Grid schema.
    private static JsonObject SmsReceived(string from, string text) => new()
    {
        ["id"] = "e9a4a6b1-5f4c-4a37-9a52-3c0a0d0f1a2b",
        ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Communication/CommunicationServices/acs",
        ["subject"] = "/phonenumber/18005550100",
        ["data"] = new JsonObject
        {
            ["messageId"] = "Incoming_20261207040000_1",
            ["from"] = from,
            ["to"] = "+18005550100",
            ["message"] = text,
            ["receivedTimestamp"] = "2026-12-07T04:00:00Z",
            ["segmentCount"] = 1,
        },
        ["eventType"] = "Microsoft.Communication.SMSReceived",
        ["dataVersion"] = "1.0",
        ["metadataVersion"] = "1",
        ["eventTime"] = "2026-12-07T04:00:01Z",
    };

    private static string With(JsonObject e, Action<JsonObject> change)
    {
        change(e);
        return e.ToJsonString();
    }

    private ServiceProvider Build(string storage)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage,
            ["Storage:TablePrefix"] = AzuriteFixture.NewPrefix(),
            ["Links:SigningKey"] = Convert.ToBase64String(new byte[32]),
        }).Build();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(_logs)).AddSingleton<IConfiguration>(configuration);
        services.AddOutreach(configuration);
        return services.BuildServiceProvider();
    }
}
