using Microsoft.Extensions.Logging;
using Outreach.Adapters.Sms;
using Outreach.Reminders;

namespace Outreach.Adapters.Tests.Sms;

public class AcsSmsClientTests
{
    private const string From = "+18001110000";
    private const string To = "+8613800138000";

    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static readonly SmsMessage Message = new(To, "【走访提醒】王芳您好，明天有3户走访。", "0f8fad5b-d9cb-469f-a165-70867728950e",
        new DateTimeOffset(2026, 12, 7, 18, 0, 5, TimeSpan.FromHours(8)));

    private static (AcsSmsClient Client, InstantTimeProvider Time, ListLogger Logs) Client(LoopbackAcs server, string? connectionString = null)
    {
        var time = new InstantTimeProvider(Start);
        var logs = new ListLogger();
        var options = new AcsSmsClientOptions { TimeProvider = time };
        return (new AcsSmsClient(connectionString ?? server.ConnectionString, From, options, logs), time, logs);
    }

    [Fact]
    public async Task Sends_one_signed_request_with_the_documented_body_and_keeps_the_message_id()
    {
        await using var server = await LoopbackAcs.StartAsync(ScriptedResponse.Accepted(To, "Outgoing_20261207_abc"));
        var (client, _, _) = Client(server);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendResult.Sent("Outgoing_20261207_abc"), result);
        Assert.Empty(server.Problems);
        var request = Assert.Single(server.Requests);
        Assert.Equal(To, request.Recipient.GetProperty("to").GetString());
        Assert.Equal(Message.RepeatabilityId, request.Recipient.GetProperty("repeatabilityRequestId").GetString());
        Assert.Equal("Mon, 07 Dec 2026 10:00:05 GMT", request.Recipient.GetProperty("repeatabilityFirstSent").GetString());
        using var body = System.Text.Json.JsonDocument.Parse(request.Body);
        Assert.Equal(From, body.RootElement.GetProperty("from").GetString());
        Assert.Equal(Message.Text, body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_429_then_202_sends_once_with_the_same_repeatability_id_after_the_retry_after_wait()
    {
        await using var server = await LoopbackAcs.StartAsync(
            new ScriptedResponse(429, """{"error":{"code":"TooManyRequests","message":"slow down"}}""", ("Retry-After", "7")),
            ScriptedResponse.Accepted(To));
        var (client, time, _) = Client(server);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.Sent, result.Status);
        Assert.Empty(server.Problems);
        Assert.Equal(2, server.Requests.Count);
        var (first, second) = (server.Requests[0], server.Requests[1]);
        Assert.Equal(first.Recipient.GetProperty("repeatabilityRequestId").GetString(), second.Recipient.GetProperty("repeatabilityRequestId").GetString());
        Assert.Equal(first.Recipient.GetProperty("repeatabilityFirstSent").GetString(), second.Recipient.GetProperty("repeatabilityFirstSent").GetString());
        Assert.NotEqual(first.Header("x-ms-date"), second.Header("x-ms-date")); // re-signed, not replayed
        Assert.True(Assert.Single(time.Waits) >= TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task A_500_then_202_is_retried_with_backoff_and_sent()
    {
        await using var server = await LoopbackAcs.StartAsync(
            new ScriptedResponse(500, """{"error":{"code":"InternalError","message":"oops"}}"""),
            ScriptedResponse.Accepted(To, "Outgoing_2"));
        var (client, time, _) = Client(server);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendResult.Sent("Outgoing_2"), result);
        Assert.Equal(2, server.Requests.Count);
        Assert.Empty(server.Problems);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(time.Waits));
    }

    [Fact]
    public async Task A_503_every_time_gives_up_after_the_configured_retries_with_the_outcome_unknown()
    {
        var busy = new ScriptedResponse(503, """{"error":{"code":"Unavailable","message":"busy"}}""");
        await using var server = await LoopbackAcs.StartAsync(busy, busy, busy, busy, busy);
        var (client, time, _) = Client(server);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.Unknown, result.Status);
        Assert.Contains("busy", result.Reason);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], time.Waits);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_max_delay_is_left_to_the_outbox_as_a_refusal()
    {
        await using var server = await LoopbackAcs.StartAsync(new ScriptedResponse(429, "", ("Retry-After", "3600")));
        var (client, time, _) = Client(server);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.Refused, result.Status);
        Assert.Single(server.Requests);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task A_429_every_time_is_a_refusal_once_the_retries_are_spent()
    {
        var throttled = new ScriptedResponse(429, """{"error":{"code":"TooManyRequests","message":"slow down"}}""");
        await using var server = await LoopbackAcs.StartAsync(throttled, throttled, throttled, throttled);
        var (client, _, _) = Client(server);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendResult.Refused("HTTP 429: slow down"), result);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task A_429_after_a_503_leaves_the_outcome_unknown_because_the_503_may_have_been_sent()
    {
        var throttled = new ScriptedResponse(429, """{"error":{"code":"TooManyRequests","message":"slow down"}}""");
        await using var server = await LoopbackAcs.StartAsync(
            new ScriptedResponse(503, """{"error":{"code":"Unavailable","message":"busy"}}"""), throttled, throttled, throttled);
        var (client, _, _) = Client(server);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.Unknown, result.Status);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task A_412_for_a_repeatability_id_past_the_gateways_window_is_a_refusal_not_a_permanent_failure()
    {
        await using var server = await LoopbackAcs.StartAsync(
            new ScriptedResponse(412, """{"error":{"code":"PreconditionFailed","message":"Repeatability-First-Sent is outside the tracked duration"}}"""));
        var (client, time, _) = Client(server);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.Refused, result.Status);
        Assert.StartsWith("HTTP 412", result.Reason);
        Assert.Single(server.Requests);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task A_409_for_a_repeat_of_a_request_still_in_progress_is_an_unknown_outcome_not_a_permanent_failure()
    {
        // A try that timed out may still be running at the gateway; its repeat under the same id is answered 409.
        await using var server = await LoopbackAcs.StartAsync(
            new ScriptedResponse(409, """{"error":{"code":"Conflict","message":"A request with this Repeatability-Request-ID is being processed"}}"""));
        var (client, _, _) = Client(server);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.Unknown, result.Status);
        Assert.StartsWith("HTTP 409", result.Reason);
    }

    [Fact]
    public void A_send_with_every_retry_fits_in_the_outbox_claim_so_no_second_drain_sends_it_meanwhile()
    {
        // Every try may wait its network timeout, and every retry the longest delay (a Retry-After is capped to it).
        var retry = new AcsSmsClientOptions().Retry;
        var worst = retry.NetworkTimeout * (retry.MaxRetries + 1) + retry.MaxDelay * retry.MaxRetries;

        Assert.True(worst < OutboxDrainer.ClaimLease, $"a send may take {worst}, the claim lasts {OutboxDrainer.ClaimLease}");
    }

    [Fact]
    public async Task A_400_is_a_permanent_failure_and_is_not_retried()
    {
        await using var server = await LoopbackAcs.StartAsync(
            new ScriptedResponse(400, """{"error":{"code":"BadRequest","message":"Invalid from number"}}"""));
        var (client, time, _) = Client(server);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.PermanentFailure, result.Status);
        Assert.Equal("HTTP 400: Invalid from number", result.Reason);
        Assert.Single(server.Requests);
        Assert.Empty(time.Waits);
    }

    [Theory]
    [InlineData(400, SmsSendStatus.PermanentFailure)]
    [InlineData(503, SmsSendStatus.Refused)]
    [InlineData(429, SmsSendStatus.Refused)]
    public async Task A_202_that_marks_the_recipient_unsuccessful_is_a_failed_send_that_keeps_the_message_id(int itemStatus, SmsSendStatus expected)
    {
        await using var server = await LoopbackAcs.StartAsync(new ScriptedResponse(202,
            $$"""{"value":[{"to":"{{To}}","messageId":"Outgoing_3","httpStatusCode":{{itemStatus}},"repeatabilityResult":"accepted","successful":false,"errorMessage":"Recipient unreachable"}]}"""));
        var (client, time, _) = Client(server);

        var result = await client.SendAsync(Message);

        Assert.Equal(new SmsSendResult(expected, "Outgoing_3", $"HTTP {itemStatus}: Recipient unreachable"), result);
        Assert.Single(server.Requests); // the batch was accepted: the outbox, not the pipeline, decides what comes next
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task The_verifier_refuses_a_request_signed_with_another_key()
    {
        await using var server = await LoopbackAcs.StartAsync(ScriptedResponse.Accepted(To));
        var (client, _, _) = Client(server, $"endpoint={server.Endpoint};accesskey={Convert.ToBase64String("another key"u8.ToArray())}");

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.PermanentFailure, result.Status);
        Assert.Contains("signature does not match", Assert.Single(server.Problems));
    }

    [Fact]
    public async Task An_unreachable_gateway_leaves_the_outcome_unknown()
    {
        Uri endpoint;
        await using (var server = await LoopbackAcs.StartAsync())
        {
            endpoint = server.Endpoint;
        }
        var time = new InstantTimeProvider(Start);
        var client = new AcsSmsClient($"endpoint={endpoint};accesskey={LoopbackAcs.AccessKey}", From,
            new AcsSmsClientOptions { TimeProvider = time });

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.Unknown, result.Status);
        Assert.Equal(3, time.Waits.Count);
    }

    [Fact]
    public async Task Log_lines_mask_the_phone_number()
    {
        await using var server = await LoopbackAcs.StartAsync(
            new ScriptedResponse(202, $$"""{"value":[{"to":"{{To}}","httpStatusCode":400,"successful":false,"errorMessage":"Invalid To"}]}"""),
            ScriptedResponse.Accepted(To));
        var (client, _, logs) = Client(server);

        await client.SendAsync(Message);
        await client.SendAsync(Message);

        Assert.Equal(2, logs.Lines.Count);
        Assert.All(logs.Lines, line => Assert.DoesNotContain("13800138000", line));
        Assert.All(logs.Lines, line => Assert.Contains("+86138****8000", line));
    }

    private sealed class ListLogger : ILogger<AcsSmsClient>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}

public class AcsConnectionStringTests
{
    [Fact]
    public void Parses_endpoint_and_access_key_in_any_case_and_order()
    {
        var parsed = AcsConnectionString.Parse(" AccessKey=a2V5 ; Endpoint=https://outreach.communication.azure.com/ ;");
        Assert.Equal(new AcsConnectionString(new Uri("https://outreach.communication.azure.com/"), "a2V5"), parsed);
    }

    [Theory]
    [InlineData("accesskey=a2V5")]
    [InlineData("endpoint=not a uri;accesskey=a2V5")]
    [InlineData("endpoint=https://x.communication.azure.com/")]
    [InlineData("endpoint=https://x.communication.azure.com/;accesskey=not*base64")]
    public void Rejects_a_connection_string_without_a_usable_endpoint_or_key(string value)
    {
        var error = Assert.Throws<FormatException>(() => AcsConnectionString.Parse(value));
        Assert.DoesNotContain("not*base64", error.Message);
    }
}

public class AcsRetryAfterTests
{
    [Theory]
    [InlineData("Retry-After", "Mon, 07 Dec 2026 10:00:12 GMT", 10)] // Date header says 10:00:02
    [InlineData("retry-after-ms", "2500", 2.5)]
    public async Task Retry_after_as_an_http_date_or_in_milliseconds_sets_the_wait(string header, string value, double seconds)
    {
        await using var server = await LoopbackAcs.StartAsync(
            new ScriptedResponse(503, "", (header, value), ("Date", "Mon, 07 Dec 2026 10:00:02 GMT")),
            ScriptedResponse.Accepted("+8613800138000"));
        var time = new InstantTimeProvider(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
        var client = new AcsSmsClient(server.ConnectionString, "+18001110000", new AcsSmsClientOptions { TimeProvider = time });

        var result = await client.SendAsync(new SmsMessage("+8613800138000", "hi", Guid.NewGuid().ToString(), DateTimeOffset.UnixEpoch));

        Assert.Equal(SmsSendStatus.Sent, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(seconds), Assert.Single(time.Waits));
    }
}
