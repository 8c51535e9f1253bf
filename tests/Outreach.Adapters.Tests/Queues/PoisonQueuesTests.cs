using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Outreach.Adapters.Queues;
using Outreach.Planning;
using Outreach.Queues;
using Outreach.Testing;

namespace Outreach.Adapters.Tests.Queues;

/// <summary>
/// The poison queues on Azurite, written as the Functions host writes them (the body it received, base64, on a new
/// message): listed with what each message was about, and re-driven without losing one.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PoisonQueuesTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Night = new(2026, 12, 7, 1, 0, 0, TimeSpan.FromHours(8));

    private readonly QueueNames _names = new($"{AzuriteFixture.NewPrefix()}-plan-units", $"{AzuriteFixture.NewPrefix()}-sms-inbound");
    private readonly TableStores _stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());

    [Fact]
    public async Task A_list_tells_each_unit_and_reply_with_its_last_error_and_a_message_that_does_not_read_as_such()
    {
        var unit = Unit("xs-1", "xs-2");
        await PoisonAsync(QueueKind.PlanUnits, unit);
        await PoisonAsync(QueueKind.PlanUnits, "not json");
        await RawAsync(_names.Poison(QueueKind.PlanUnits), "%% not base64 %%");
        await PoisonAsync(QueueKind.SmsInbound, SmsReceived("+8613800138001"));
        await _stores.QueueFailures.RecordAsync(QueueKind.PlanUnits, QueueFailure.KeyOf(unit), "InvalidOperationException: first", Night);
        await _stores.QueueFailures.RecordAsync(QueueKind.PlanUnits, QueueFailure.KeyOf(unit), "RequestFailedException: last", Night.AddMinutes(2));
        var poison = Poison();

        var units = await poison.ListAsync(QueueKind.PlanUnits);
        var replies = await poison.ListAsync(QueueKind.SmsInbound);

        Assert.Equal((3, $"{_names.PlanUnits}-poison"), (units.Total, units.Poison));
        var planned = Assert.Single(units.Messages, m => m.Unit is not null);
        Assert.Equal("grids xs-1+xs-2 2026-12-07..2027-01-03", planned.Subject);
        Assert.Equal((2, "RequestFailedException: last", Night, Night.AddMinutes(2)),
            (planned.LastFailure!.Failures, planned.LastFailure.LastError, planned.LastFailure.FirstFailedAt, planned.LastFailure.LastFailedAt));
        Assert.NotNull(planned.PoisonedAt);
        Assert.Contains(units.Messages, m => m.Unreadable?.Contains("not valid JSON", StringComparison.Ordinal) == true);
        Assert.Contains(units.Messages, m => m.Unreadable?.Contains("not base64", StringComparison.Ordinal) == true);
        var reply = Assert.Single(replies.Messages);
        Assert.Equal("SMS Incoming_1 from +86138****8001", reply.Subject);
        Assert.Null(reply.LastFailure);
    }

    [Fact]
    public async Task A_poison_queue_the_host_never_created_lists_as_empty_and_redrives_nothing()
    {
        var poison = Poison();

        var list = await poison.ListAsync(QueueKind.SmsInbound);
        var redriven = await poison.RedriveAsync(QueueKind.SmsInbound);

        Assert.Equal(0, list.Total);
        Assert.Empty(list.Messages);
        Assert.Empty(redriven.Moved);
    }

    [Fact]
    public async Task Redrive_puts_every_readable_message_back_exactly_once_as_it_was_and_leaves_one_that_does_not_read()
    {
        // More than one page of 32, so that the re-drive takes several.
        var bodies = Enumerable.Range(1, 40).Select(i => Unit($"g{i}")).ToList();
        foreach (var body in bodies)
        {
            await PoisonAsync(QueueKind.PlanUnits, body);
        }
        await PoisonAsync(QueueKind.PlanUnits, """{"grids":[],"from":"2026-12-07","to":"2027-01-03"}""");

        var result = await Poison().RedriveAsync(QueueKind.PlanUnits);

        Assert.Equal((40, 0, 1), (result.Moved.Count, result.Duplicated.Count, result.LeftUnreadable.Count));
        Assert.Equal(bodies.Order(StringComparer.Ordinal), (await DrainAsync(_names.PlanUnits)).Order(StringComparer.Ordinal));
        // The one left is visible at once, not after the re-drive's hold.
        var left = Assert.Single(await Poison().ListAsync(QueueKind.PlanUnits) is var list ? list.Messages : []);
        Assert.Contains("'grids'", left.Unreadable, StringComparison.Ordinal);
        Assert.Equal(1, list.Total);
    }

    [Fact]
    public async Task A_send_that_fails_leaves_every_message_in_the_poison_queue()
    {
        await PoisonAsync(QueueKind.SmsInbound, SmsReceived("+8613800138001"));
        await PoisonAsync(QueueKind.SmsInbound, SmsReceived("+8613800138002"));
        var sabotaged = Poison(new Sabotage("POST", _names.SmsInbound));

        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => sabotaged.RedriveAsync(QueueKind.SmsInbound));

        Assert.Empty(await DrainAsync(_names.SmsInbound));
        var list = await Poison().ListAsync(QueueKind.SmsInbound);
        Assert.Equal(2, list.Messages.Count);
    }

    [Fact]
    public async Task A_delete_that_fails_after_the_send_leaves_a_duplicate_never_a_loss()
    {
        var body = Unit("g1");
        await PoisonAsync(QueueKind.PlanUnits, body);
        var sabotaged = Poison(new Sabotage("DELETE", _names.Poison(QueueKind.PlanUnits)));

        var result = await sabotaged.RedriveAsync(QueueKind.PlanUnits);

        Assert.Equal((0, 1), (result.Moved.Count, result.Duplicated.Count));
        Assert.Equal([body], await DrainAsync(_names.PlanUnits));
        var properties = await new QueueClient(azurite.ConnectionString, _names.Poison(QueueKind.PlanUnits)).GetPropertiesAsync();
        Assert.Equal(1, properties.Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Queue_storage_that_cannot_be_reached_is_reported_as_unavailable_naming_the_endpoint()
    {
        var port = AzuriteFixture.ClosedPort();
        // The client the composition makes, with its retries: a stopped emulator is reported in seconds.
        var service = StorageServiceCollectionExtensions.CreateQueueServiceClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageServiceCollectionExtensions.ConnectionStringKey] =
                $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
        }).Build());
        var poison = new PoisonQueues(service, _names, _stores.QueueFailures);

        var listing = await Assert.ThrowsAsync<StorageUnavailableException>(() => poison.ListAsync(QueueKind.PlanUnits));
        var redriving = await Assert.ThrowsAsync<StorageUnavailableException>(() => poison.RedriveAsync(QueueKind.PlanUnits));

        Assert.StartsWith($"Cannot reach queue storage at http://127.0.0.1:{port}/devstoreaccount1: connection refused", listing.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", redriving.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_record_counts_failures_keeps_the_newest_error_and_is_forgotten_once()
    {
        var key = QueueFailure.KeyOf("m");
        var store = _stores.QueueFailures;

        await store.RecordAsync(QueueKind.SmsInbound, key, "a", Night);
        await store.RecordAsync(QueueKind.SmsInbound, key, "b", Night.AddMinutes(1));
        var recorded = await store.GetAsync(QueueKind.SmsInbound, key);
        var other = await store.GetAsync(QueueKind.PlanUnits, key);
        await store.DeleteAsync(QueueKind.SmsInbound, key);
        await store.DeleteAsync(QueueKind.SmsInbound, key);

        Assert.Equal(new QueueFailure(QueueKind.SmsInbound, key, 2, "b", Night, Night.AddMinutes(1)), recorded);
        Assert.Null(other);
        Assert.Null(await store.GetAsync(QueueKind.SmsInbound, key));
    }

    private PoisonQueues Poison(HttpPipelinePolicy? policy = null)
    {
        var options = new QueueClientOptions();
        if (policy is not null)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
            options.Retry.MaxRetries = 0;
        }
        return new PoisonQueues(new QueueServiceClient(azurite.ConnectionString, options), _names, _stores.QueueFailures);
    }

    private static string Unit(params string[] grids) =>
        PlanUnitMessages.Serialize(new PlanUnitMessage(grids, new DateOnly(2026, 12, 7), new DateOnly(2027, 1, 3)));

    /// <summary>As the host moves a message: the body it received, base64 as the queue trigger writes it, on a new message.</summary>
    private Task PoisonAsync(QueueKind queue, string text) => RawAsync(_names.Poison(queue), Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));

    private async Task RawAsync(string queue, string stored)
    {
        var client = new QueueClient(azurite.ConnectionString, queue);
        await client.CreateIfNotExistsAsync();
        await client.SendMessageAsync(stored);
    }

    /// <summary>Every message of a live queue, decoded as the trigger decodes it, and deleted.</summary>
    private async Task<List<string>> DrainAsync(string queue)
    {
        var client = new QueueClient(azurite.ConnectionString, queue);
        var texts = new List<string>();
        if (!await client.ExistsAsync())
        {
            return texts;
        }
        while ((await client.ReceiveMessagesAsync(32)).Value is { Length: > 0 } page)
        {
            foreach (var message in page)
            {
                texts.Add(Encoding.UTF8.GetString(Convert.FromBase64String(message.Body.ToString())));
                await client.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
        return texts;
    }

    private static string SmsReceived(string from) => new JsonObject
    {
        ["id"] = "e-" + from,
        ["topic"] = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Communication/CommunicationServices/acs",
        ["subject"] = "/phonenumber/18005550100",
        ["data"] = new JsonObject { ["messageId"] = "Incoming_1", ["from"] = from, ["to"] = "+18005550100", ["message"] = "TD", ["receivedTimestamp"] = "2026-12-07T04:00:00Z" },
        ["eventType"] = "Microsoft.Communication.SMSReceived",
        ["dataVersion"] = "1.0",
        ["eventTime"] = "2026-12-07T04:00:01Z",
    }.ToJsonString();

    /// <summary>Sends a request of <paramref name="method"/> to <paramref name="queue"/> to a queue name Azurite refuses, so that it fails as storage would.</summary>
    private sealed class Sabotage(string method, string queue) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            var request = message.Request;
            var segment = $"/{queue}/";
            if (request.Method.Method == method && request.Uri.Path.Contains(segment, StringComparison.Ordinal))
            {
                request.Uri.Path = request.Uri.Path.Replace(segment, "/x/", StringComparison.Ordinal);
            }
        }
    }
}
