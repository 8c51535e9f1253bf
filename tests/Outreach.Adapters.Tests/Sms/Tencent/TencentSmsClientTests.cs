using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters.Sms.Tencent;
using Outreach.Reminders;

namespace Outreach.Adapters.Tests.Sms.Tencent;

public class TencentSmsClientTests
{
    private const string To = "+8613800138000";

    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static readonly SmsMessage Message = new(To, "【走访提醒】王芳您好，明天有3户走访。", "0f8fad5b-d9cb-469f-a165-70867728950e",
        new DateTimeOffset(2026, 12, 7, 18, 0, 5, TimeSpan.FromHours(8)), new ApprovedSms("2093417", ["王芳", "3"]));

    private static (TencentSmsClient Client, InstantTimeProvider Time, ListLogger Logs) Client(
        Uri endpoint, DateTimeOffset? clock = null, string? secretKey = null, TimeSpan? networkTimeout = null)
    {
        var time = new InstantTimeProvider(clock ?? Start);
        var logs = new ListLogger();
        var account = LoopbackTencent.Account;
        var options = new TencentSmsClientOptions { TimeProvider = time };
        options.Retry.NetworkTimeout = networkTimeout ?? options.Retry.NetworkTimeout;
        var settings = new TencentSmsOptions
        {
            Endpoint = endpoint.ToString(),
            Region = account.Region,
            SecretId = account.SecretId,
            SecretKey = secretKey ?? account.SecretKey,
            SdkAppId = account.SdkAppId,
            SignName = account.SignName,
        };
        return (new TencentSmsClient(settings, options, logs), time, logs);
    }

    private static Task<LoopbackTencent> Server(params TencentReply[] script) => LoopbackTencent.StartAsync(new FakeTimeProvider(Start), script);

    [Fact]
    public async Task Sends_one_signed_SendSms_with_the_approved_template_and_its_variables_and_keeps_the_serial_number()
    {
        await using var server = await Server(TencentReply.Ok(To, "2640:4308291154"));
        var (client, _, _) = Client(server.Endpoint);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendResult.Sent("2640:4308291154"), result);
        Assert.Empty(server.Problems);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("SendSms", "2021-01-11", "ap-guangzhou"), (request.Header("X-TC-Action"), request.Header("X-TC-Version"), request.Header("X-TC-Region")));
        Assert.StartsWith($"TC3-HMAC-SHA256 Credential={LoopbackTencent.Account.SecretId}/2026-12-07/sms/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=",
            request.Header("Authorization"));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal([To], body.GetProperty("PhoneNumberSet").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("1400006666", body.GetProperty("SmsSdkAppId").GetString());
        Assert.Equal("走访提醒", body.GetProperty("SignName").GetString());
        Assert.Equal("2093417", body.GetProperty("TemplateId").GetString());
        Assert.Equal(["王芳", "3"], body.GetProperty("TemplateParamSet").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(Message.RepeatabilityId, body.GetProperty("SessionContext").GetString());
    }

    [Fact]
    public async Task A_message_without_an_approved_template_fails_for_good_and_nothing_is_sent()
    {
        await using var server = await Server(TencentReply.Ok(To));
        var (client, _, _) = Client(server.Endpoint);

        var result = await client.SendAsync(Message with { Approved = null });

        Assert.Equal(SmsSendStatus.PermanentFailure, result.Status);
        Assert.Contains("approved template", result.Reason);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_credential_scope_carries_the_UTC_date_even_when_it_is_already_tomorrow_in_China()
    {
        var earlyMorningInChina = new DateTimeOffset(2026, 12, 8, 1, 30, 0, TimeSpan.FromHours(8));
        await using var server = await LoopbackTencent.StartAsync(new FakeTimeProvider(earlyMorningInChina), TencentReply.Ok(To));
        var (client, _, _) = Client(server.Endpoint, earlyMorningInChina);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.Sent, result.Status);
        Assert.Empty(server.Problems);
        Assert.Contains("/2026-12-07/sms/tc3_request", Assert.Single(server.Requests).Header("Authorization"));
    }

    /// <summary>Each row of the table in <see cref="TencentSmsClient"/>'s remarks, as the number's status and as the call's error.</summary>
    [Theory]
    [InlineData("LimitExceeded.PhoneNumberDailyLimit", SmsSendStatus.Refused)]
    [InlineData("LimitExceeded.PhoneNumberOneHourLimit", SmsSendStatus.Refused)]
    [InlineData("LimitExceeded.PhoneNumberThirtySecondLimit", SmsSendStatus.Refused)]
    [InlineData("LimitExceeded.PhoneNumberSameContentDailyLimit", SmsSendStatus.Refused)]
    [InlineData("LimitExceeded.DeliveryFrequencyLimit", SmsSendStatus.Refused)]
    [InlineData("LimitExceeded.AppDailyLimit", SmsSendStatus.Refused)]
    [InlineData("LimitExceeded.PhoneNumberCountLimit", SmsSendStatus.PermanentFailure)]
    [InlineData("LimitExceeded.AppCountryOrRegionInBlacklist", SmsSendStatus.PermanentFailure)]
    [InlineData("FailedOperation.InsufficientBalanceInSmsPackage", SmsSendStatus.Refused)]
    [InlineData("UnauthorizedOperation.ServiceSuspendDueToArrears", SmsSendStatus.Refused)]
    [InlineData("FailedOperation.MarketingSendTimeConstraint", SmsSendStatus.Refused)]
    [InlineData("InternalError.SigVerificationFail", SmsSendStatus.PermanentFailure)]
    [InlineData("InternalError.SigFieldMissing", SmsSendStatus.PermanentFailure)]
    [InlineData("InternalError.RestApiInterfaceNotExist", SmsSendStatus.PermanentFailure)]
    [InlineData("InternalError.RequestTimeException", SmsSendStatus.PermanentFailure)]
    [InlineData("InternalError", SmsSendStatus.Unknown)]
    [InlineData("InternalError.Timeout", SmsSendStatus.Unknown)]
    [InlineData("InternalError.SendAndRecvFail", SmsSendStatus.Unknown)]
    [InlineData("InternalError.OtherError", SmsSendStatus.Unknown)]
    [InlineData("InternalError.UnknownError", SmsSendStatus.Unknown)]
    [InlineData("InvalidParameterValue.IncorrectPhoneNumber", SmsSendStatus.PermanentFailure)]
    [InlineData("InvalidParameterValue.ProhibitedUseUrlInTemplateParameter", SmsSendStatus.PermanentFailure)]
    [InlineData("InvalidParameterValue.TemplateParameterLengthLimit", SmsSendStatus.PermanentFailure)]
    [InlineData("InvalidParameter", SmsSendStatus.PermanentFailure)]
    [InlineData("MissingParameter.EmptyPhoneNumberSet", SmsSendStatus.PermanentFailure)]
    [InlineData("AuthFailure.SecretIdNotFound", SmsSendStatus.PermanentFailure)]
    [InlineData("FailedOperation.PhoneNumberInBlacklist", SmsSendStatus.PermanentFailure)]
    [InlineData("FailedOperation.TemplateIncorrectOrUnapproved", SmsSendStatus.PermanentFailure)]
    [InlineData("FailedOperation.SignatureIncorrectOrUnapproved", SmsSendStatus.PermanentFailure)]
    [InlineData("UnauthorizedOperation.SmsSdkAppIdVerifyFail", SmsSendStatus.PermanentFailure)]
    [InlineData("UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone", SmsSendStatus.PermanentFailure)]
    [InlineData("SomeFutureCode.NotDocumented", SmsSendStatus.PermanentFailure)]
    public async Task A_code_in_the_answer_maps_onto_the_outbox_state_the_table_gives_without_a_retry(string code, SmsSendStatus expected)
    {
        await using var server = await Server(TencentReply.NumberStatus(To, code, "说明"), TencentReply.Error(code, "说明"));
        var (client, time, _) = Client(server.Endpoint);

        var asNumberStatus = await client.SendAsync(Message);
        var asCallError = await client.SendAsync(Message);

        Assert.Empty(server.Problems);
        Assert.Equal(2, server.Requests.Count); // one each: a definite answer is not repeated by the pipeline
        Assert.Empty(time.Waits);
        foreach (var result in new[] { asNumberStatus, asCallError })
        {
            Assert.Equal(expected, result.Status);
            var reason = expected == SmsSendStatus.Unknown ? $"{TencentSmsClient.MayHaveBeenSent}{code}: 说明" : $"{code}: 说明";
            Assert.Equal($"{reason} (request {TencentReply.RequestId})", result.Reason);
        }
    }

    [Fact]
    public async Task RequestLimitExceeded_then_Ok_is_retried_after_a_backoff_with_a_fresh_signature_and_sent()
    {
        await using var server = await Server(
            TencentReply.Error("RequestLimitExceeded", "请求的次数超过了频率限制。"), TencentReply.Ok(To, "2640:2"));
        var (client, time, _) = Client(server.Endpoint);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendResult.Sent("2640:2"), result);
        Assert.Empty(server.Problems);
        Assert.Equal(2, server.Requests.Count);
        Assert.NotEqual(server.Requests[0].Header("X-TC-Timestamp"), server.Requests[1].Header("X-TC-Timestamp")); // re-signed, not replayed
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(time.Waits));
    }

    [Fact]
    public async Task RequestLimitExceeded_every_time_is_a_refusal_once_the_retries_are_spent()
    {
        var throttled = TencentReply.Error("RequestLimitExceeded.IPLimitExceeded", "IP 限频。");
        await using var server = await Server(throttled, throttled, throttled, throttled);
        var (client, time, _) = Client(server.Endpoint);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendResult.Refused($"RequestLimitExceeded.IPLimitExceeded: IP 限频。 (request {TencentReply.RequestId})"), result);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], time.Waits);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_status_that_says_the_request_was_not_handled_is_retried_with_backoff(int status)
    {
        await using var server = await Server(new TencentReply(status, ""), new TencentReply(status, ""), TencentReply.Ok(To, "2640:3"));
        var (client, time, _) = Client(server.Endpoint);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendResult.Sent("2640:3"), result);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], time.Waits);
    }

    [Fact]
    public async Task A_503_every_time_is_a_refusal_once_the_retries_are_spent()
    {
        var busy = new TencentReply(503, "");
        await using var server = await Server(busy, busy, busy, busy);
        var (client, _, _) = Client(server.Endpoint);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendResult.Refused("HTTP 503 Service Unavailable, not carried out"), result);
        Assert.Equal(4, server.Requests.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Another_5xx_is_not_repeated_because_the_message_may_have_been_sent(int status)
    {
        await using var server = await Server(new TencentReply(status, "upstream trouble"), TencentReply.Ok(To));
        var (client, time, _) = Client(server.Endpoint);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.Unknown, result.Status);
        Assert.StartsWith($"{TencentSmsClient.MayHaveBeenSent}HTTP {status}", result.Reason);
        Assert.Single(server.Requests);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task A_request_that_times_out_is_not_repeated_because_the_message_may_have_been_sent()
    {
        await using var server = await Server(TencentReply.Ok(To) with { Delay = TimeSpan.FromSeconds(10) }, TencentReply.Ok(To));
        var (client, time, _) = Client(server.Endpoint, networkTimeout: TimeSpan.FromMilliseconds(300));

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendResult.Unknown($"{TencentSmsClient.MayHaveBeenSent}the gateway did not answer in time"), result);
        Assert.Single(server.Requests);
        Assert.Empty(time.Waits);
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("""{"Response":{"SendStatusSet":[],"RequestId":"r-1"}}""")]
    [InlineData("""{"Response":{"SendStatusSet":[{"PhoneNumber":"+8613800138000","SerialNo":"","Message":"no code"}],"RequestId":"r-1"}}""")]
    public async Task A_200_that_does_not_say_what_became_of_the_number_leaves_the_outcome_unknown(string body)
    {
        await using var server = await Server(new TencentReply(200, body));
        var (client, _, _) = Client(server.Endpoint);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.Unknown, result.Status);
        Assert.StartsWith(TencentSmsClient.MayHaveBeenSent, result.Reason);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_unreachable_gateway_is_retried_and_then_refused_because_nothing_left()
    {
        Uri endpoint;
        await using (var server = await Server())
        {
            endpoint = server.Endpoint;
        }
        var (client, time, _) = Client(endpoint);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.Refused, result.Status);
        Assert.StartsWith("gateway unreachable, nothing sent", result.Reason);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], time.Waits);
    }

    [Fact]
    public async Task A_4xx_is_a_permanent_failure_and_is_not_retried()
    {
        await using var server = await Server(new TencentReply(400, "bad request"));
        var (client, time, _) = Client(server.Endpoint);

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendResult.Rejected("HTTP 400 Bad Request"), result);
        Assert.Single(server.Requests);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task The_verifier_refuses_a_request_signed_with_another_key()
    {
        await using var server = await Server(TencentReply.Ok(To));
        var (client, _, _) = Client(server.Endpoint, secretKey: "another-secret-key");

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.PermanentFailure, result.Status);
        Assert.StartsWith("AuthFailure.SignatureFailure", result.Reason);
        Assert.Equal(["signature does not match"], server.Problems);
    }

    [Fact]
    public async Task The_verifier_refuses_a_request_signed_by_a_clock_more_than_five_minutes_off()
    {
        await using var server = await Server(TencentReply.Ok(To));
        var (client, _, _) = Client(server.Endpoint, Start.AddMinutes(6));

        var result = await client.SendAsync(Message);

        Assert.Equal(SmsSendStatus.PermanentFailure, result.Status);
        Assert.StartsWith("AuthFailure.SignatureExpire", result.Reason);
        Assert.StartsWith("X-TC-Timestamp", Assert.Single(server.Problems));
    }

    [Fact]
    public void A_send_with_every_retry_fits_in_the_outbox_claim_so_no_second_drain_sends_it_meanwhile()
    {
        // Every try may wait its network timeout, and every retry the longest delay.
        var retry = new TencentSmsClientOptions().Retry;
        var worst = retry.NetworkTimeout * (retry.MaxRetries + 1) + retry.MaxDelay * retry.MaxRetries;

        Assert.True(worst < OutboxDrainer.ClaimLease, $"a send may take {worst}, the claim lasts {OutboxDrainer.ClaimLease}");
    }

    [Fact]
    public async Task Log_lines_mask_the_phone_number_and_never_hold_the_secret()
    {
        await using var server = await Server(TencentReply.NumberStatus(To, "InvalidParameterValue.IncorrectPhoneNumber", "手机号格式错误"), TencentReply.Ok(To));
        var (client, _, logs) = Client(server.Endpoint);

        await client.SendAsync(Message);
        await client.SendAsync(Message);

        Assert.Equal(2, logs.Lines.Count);
        Assert.All(logs.Lines, line => Assert.DoesNotContain("13800138000", line));
        Assert.All(logs.Lines, line => Assert.Contains("+86138****8000", line));
        Assert.All(logs.Lines, line => Assert.DoesNotContain(LoopbackTencent.Account.SecretKey, line));
    }

    private sealed class ListLogger : ILogger<TencentSmsClient>
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
