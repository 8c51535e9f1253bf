using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Adapters.Reminders;
using Outreach.Adapters.Sms;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Reminders;
using Outreach.Testing;

namespace Outreach.Adapters.Tests.Sms;

/// <summary>
/// Outbox retries across drains, through the real ACS client against the loopback gateway, with rows on Azurite:
/// which repeatability id each attempt carries. The drains' clock is a <see cref="FakeTimeProvider"/> moved by hand.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class OutboxRetryTests(AzuriteFixture azurite)
{
    private const string To = "+8613800138001";

    // Monday 7 December 2026, 18:00 China time = 10:00 UTC.
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 18, 0, 0, ChinaTime.Offset);

    private static readonly ScriptedResponse Throttled = new(429, """{"error":{"code":"TooManyRequests","message":"slow down"}}""");
    private static readonly ScriptedResponse Busy = new(503, """{"error":{"code":"Unavailable","message":"busy"}}""");

    private readonly TableStores _stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());
    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public async Task A_429_that_outlasts_the_clients_retries_is_sent_later_under_a_new_id()
    {
        await using var server = await LoopbackAcs.StartAsync(Throttled, Throttled, Throttled, Throttled, ScriptedResponse.Accepted(To));
        // Inside the gateway's window: only the refusal, not the window, makes the new id.
        var service = Service(server, new ReminderOptions { RetryBaseMinutes = 1 });
        var original = await AddRowAsync();

        var first = await DrainAsync(service, Start);
        var later = await DrainAsync(service, Start.AddMinutes(1));

        Assert.Equal((1, 1), (first.Failed, later.Sent));
        Assert.Equal(5, server.Requests.Count);
        Assert.All(server.Requests.Take(4), r => Assert.Equal(original.RepeatabilityId, Id(r)));
        var row = await RowAsync();
        Assert.NotEqual(original.RepeatabilityId, row.RepeatabilityId);
        Assert.Equal(row.RepeatabilityId, Id(server.Requests[4]));
        Assert.Equal("Mon, 07 Dec 2026 10:01:00 GMT", FirstSent(server.Requests[4]));
        Assert.Equal((OutboxStatus.Sent, 2), (row.Status, row.Attempts));
    }

    [Fact]
    public async Task A_recipient_marked_unsuccessful_with_a_retryable_status_is_retried_under_a_new_id()
    {
        await using var server = await LoopbackAcs.StartAsync(
            new ScriptedResponse(202, $$"""{"value":[{"to":"{{To}}","httpStatusCode":503,"repeatabilityResult":"accepted","successful":false,"errorMessage":"carrier busy"}]}"""),
            ScriptedResponse.Accepted(To));
        // One minute later, well inside the gateway's window: a definite refusal still gets a new id.
        var service = Service(server, new ReminderOptions { RetryBaseMinutes = 1 });
        var original = await AddRowAsync();

        var first = await DrainAsync(service, Start);
        var afterFailure = await RowAsync();
        var later = await DrainAsync(service, Start.AddMinutes(1));

        Assert.Equal((1, 1), (first.Failed, later.Sent));
        Assert.Equal((OutboxStatus.Failed, "HTTP 503: carrier busy", (DateTimeOffset?)null), (afterFailure.Status, afterFailure.LastError, afterFailure.FirstSent));
        Assert.Equal(original.RepeatabilityId, Id(server.Requests[0]));
        Assert.NotEqual(original.RepeatabilityId, Id(server.Requests[1]));
        Assert.Equal(afterFailure.RepeatabilityId, Id(server.Requests[1]));
        Assert.Equal("Mon, 07 Dec 2026 10:01:00 GMT", FirstSent(server.Requests[1]));
    }

    [Fact]
    public async Task A_5xx_retried_inside_the_gateways_window_keeps_the_id_and_first_sent_time()
    {
        await using var server = await LoopbackAcs.StartAsync(Busy, Busy, Busy, Busy, ScriptedResponse.Accepted(To));
        var service = Service(server, new ReminderOptions { RetryBaseMinutes = 1 });
        var original = await AddRowAsync();

        var first = await DrainAsync(service, Start);
        var later = await DrainAsync(service, Start.AddMinutes(1));

        Assert.Equal((1, 1), (first.Failed, later.Sent));
        Assert.Single(server.Requests.Select(r => (Id(r), FirstSent(r))).Distinct());
        Assert.Equal((original.RepeatabilityId, "Mon, 07 Dec 2026 10:00:00 GMT"), (Id(server.Requests[4]), FirstSent(server.Requests[4])));
    }

    [Fact]
    public async Task A_5xx_retried_after_the_gateways_window_is_sent_again_under_a_new_id()
    {
        // The gateway cannot tell any more whether the first attempt went out (it would answer 412 to the old id):
        // a reminder received twice is better than a visit missed, so it is sent again.
        await using var server = await LoopbackAcs.StartAsync(Busy, Busy, Busy, Busy, ScriptedResponse.Accepted(To));
        var service = Service(server);
        var original = await AddRowAsync();

        await DrainAsync(service, Start);
        var later = await DrainAsync(service, Start.AddMinutes(5));

        Assert.Equal(1, later.Sent);
        Assert.Equal(5, server.Requests.Count);
        Assert.NotEqual(original.RepeatabilityId, Id(server.Requests[4]));
        Assert.Equal("Mon, 07 Dec 2026 10:05:00 GMT", FirstSent(server.Requests[4]));
    }

    [Fact]
    public async Task A_412_is_retried_under_a_new_id_instead_of_killing_the_message()
    {
        // Inside the window by our clock, outside by the gateway's (clock skew): it answers 412.
        await using var server = await LoopbackAcs.StartAsync(
            Busy, Busy, Busy, Busy,
            new ScriptedResponse(412, """{"error":{"code":"PreconditionFailed","message":"Repeatability-First-Sent is outside the tracked duration"}}"""),
            ScriptedResponse.Accepted(To));
        var service = Service(server, new ReminderOptions { RetryBaseMinutes = 1 });
        var original = await AddRowAsync();

        await DrainAsync(service, Start);
        var refused = await DrainAsync(service, Start.AddMinutes(1));
        var afterRefusal = await RowAsync();
        var sent = await DrainAsync(service, Start.AddMinutes(3));

        Assert.Equal((1, 0), (refused.Failed, refused.Dead));
        Assert.StartsWith("HTTP 412", afterRefusal.LastError);
        Assert.Equal(original.RepeatabilityId, Id(server.Requests[4]));
        Assert.Equal(1, sent.Sent);
        Assert.NotEqual(original.RepeatabilityId, Id(server.Requests[5]));
        Assert.Equal("Mon, 07 Dec 2026 10:03:00 GMT", FirstSent(server.Requests[5]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_drain_cut_off_from_storage_after_sending_is_retried_by_the_next_drain_under_the_same_id(int writes)
    {
        await using var server = await LoopbackAcs.StartAsync(ScriptedResponse.Accepted(To), ScriptedResponse.Accepted(To));
        var original = await AddRowAsync();
        // The drain's storage goes away after `writes` writes (the first creates the table, the second claims the row):
        // the answer to the send is never recorded, as when the process dies right after sending.
        var options = new Azure.Data.Tables.TableClientOptions();
        options.AddPolicy(new WritesThenDown(writes), Azure.Core.HttpPipelinePosition.PerCall);
        var cut = TableStores.Create(new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString, options), _stores.Options);

        await Record.ExceptionAsync(() => DrainAsync(Service(server, stores: cut), Start));
        // Every minute a drain runs; the claim lasts two.
        for (var minute = 1; minute <= 3; minute++)
        {
            await DrainAsync(Service(server), Start.AddMinutes(minute));
        }

        var row = await RowAsync();
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.InRange(server.Requests.Count, 1, 2);
        // A repeat carries the first request's id and first-sent time, inside the gateway's window: it drops the repeat.
        Assert.All(server.Requests, r => Assert.Equal((original.RepeatabilityId, FirstSent(server.Requests[0])), (Id(r), FirstSent(r))));
        Assert.True(server.Requests.Count == 1 || writes == 2, $"sent {server.Requests.Count} times though the answer to the first was recorded");
        Assert.True(OutboxDrainer.ClaimLease + TimeSpan.FromMinutes(1) < OutboxDrainer.RepeatabilityWindow, "a drain every minute must retry inside the gateway's window");
    }

    private ReminderService Service(LoopbackAcs server, ReminderOptions? options = null, TableStores? stores = null)
    {
        stores ??= _stores;
        var client = new AcsSmsClient(server.ConnectionString, "+18001110000", new AcsSmsClientOptions { TimeProvider = new InstantTimeProvider(Start) });
        return new ReminderService(stores.Roster, stores.Visits, stores.Outbox, new ScribanTemplateRenderer(),
            new LinkTokens(RandomNumberGenerator.GetBytes(32)), client, options ?? new ReminderOptions(), _clock);
    }

    /// <summary>Lets the first <paramref name="writes"/> writes through, then refuses every write, as storage gone.</summary>
    private sealed class WritesThenDown(int writes) : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private int _seen;

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            Check(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            Check(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Check(Azure.Core.HttpMessage message)
        {
            if (message.Request.Method != Azure.Core.RequestMethod.Get && Interlocked.Increment(ref _seen) > writes)
            {
                throw new Azure.RequestFailedException(503, "storage is gone (the test)");
            }
        }
    }

    /// <summary>As the DrainOutbox timer does: the clock is at the drain's moment.</summary>
    private Task<DrainSummary> DrainAsync(ReminderService service, DateTimeOffset at)
    {
        _clock.SetUtcNow(at);
        return service.DrainAsync(at);
    }

    private async Task<OutboxMessage> AddRowAsync()
    {
        var row = new OutboxMessage(new DateOnly(2026, 12, 8), MessageKind.EveningDigest, "v1", OutboxKey.DaySubject, To, "明天有1户走访。", 1,
            Guid.NewGuid().ToString(), Start, Start, Start.AddHours(18), []);
        Assert.True(await _stores.Outbox.AddAsync(row));
        return row;
    }

    private async Task<OutboxMessage> RowAsync() => Assert.Single(await _stores.Outbox.ListAsync(new OutboxFilter()));

    private static string? Id(RecordedRequest request) => request.Recipient.GetProperty("repeatabilityRequestId").GetString();

    private static string? FirstSent(RecordedRequest request) => request.Recipient.GetProperty("repeatabilityFirstSent").GetString();
}
