using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Reminders;
using Outreach.Roster;

namespace Outreach.Adapters.Sms.Tencent;

/// <summary>Pipeline settings for <see cref="TencentSmsClient"/>; <see cref="ClientOptions.Retry"/> drives its retries.</summary>
public sealed class TencentSmsClientOptions : ClientOptions
{
    public TencentSmsClientOptions() => SmsRetry.Configure(Retry);

    /// <summary>Dates the signatures and times the retry waits.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>
/// A small client for Tencent Cloud SMS <c>SendSms</c> (API 3.0, version 2021-01-11): one number per request, the
/// message's approved template and its variables under the account's signature, signed with TC3-HMAC-SHA256. No
/// Tencent SDK is served for .NET, so this calls the REST API through an Azure.Core pipeline, as
/// <see cref="AcsSmsClient"/> does.
/// </summary>
/// <remarks>
/// <para>
/// SendSms has no idempotency key: a repeated request may send the message again. <c>SessionContext</c> carries the
/// outbox row's repeatability id, which Tencent only echoes back. So the pipeline repeats only tries that certainly
/// sent nothing (<see cref="TencentRetryPolicy"/>), and every answer that leaves it open says "may have been sent",
/// which the outbox keeps on the row.
/// </para>
/// <para>How an answer maps onto <see cref="SmsSendStatus"/>, by the code of the number's <c>SendStatusSet</c> entry or,
/// when the whole request failed, of <c>Response.Error</c>:</para>
/// <list type="table">
/// <listheader><term>answer</term><description>status, and why</description></listheader>
/// <item><term><c>Ok</c></term><description>Sent, with the entry's SerialNo as the message id.</description></item>
/// <item><term><c>RequestLimitExceeded</c>, <c>RequestLimitExceeded.*</c>; HTTP 429 or 503</term><description>Refused,
/// once the pipeline's retries are spent: throttled before anything was done.</description></item>
/// <item><term><c>LimitExceeded.*</c> (PhoneNumberDailyLimit, PhoneNumberOneHourLimit, PhoneNumberThirtySecondLimit,
/// PhoneNumberSameContentDailyLimit, DeliveryFrequencyLimit, AppDailyLimit, …)</term><description>Refused: a frequency
/// or daily quota said no, and it resets.</description></item>
/// <item><term><c>LimitExceeded.PhoneNumberCountLimit</c>, <c>LimitExceeded.AppCountryOrRegionInBlacklist</c></term>
/// <description>PermanentFailure: not quotas that reset.</description></item>
/// <item><term><c>FailedOperation.InsufficientBalanceInSmsPackage</c>, <c>UnauthorizedOperation.ServiceSuspendDueToArrears</c>,
/// <c>FailedOperation.MarketingSendTimeConstraint</c></term><description>Refused: not sent, and the same message goes
/// out once the account is topped up or the hour allows.</description></item>
/// <item><term><c>InternalError.SigVerificationFail</c>, <c>.SigFieldMissing</c>, <c>.RestApiInterfaceNotExist</c>,
/// <c>.RequestTimeException</c></term><description>PermanentFailure: the request was turned away before sending and
/// would be again (a signing or clock fault to fix).</description></item>
/// <item><term><c>InternalError</c> and any other <c>InternalError.*</c> (Timeout, SendAndRecvFail, OtherError,
/// UnknownError); other HTTP 5xx; a timeout or a connection lost after sending; an unreadable answer, or none for the
/// number</term><description>Unknown: the failure may have come after the message left for the carrier.</description></item>
/// <item><term>the connection never made (name, connect or TLS), after the pipeline's retries</term><description>Refused:
/// nothing left.</description></item>
/// <item><term><c>InvalidParameterValue.*</c>, <c>InvalidParameter*</c>, <c>MissingParameter*</c>, <c>AuthFailure.*</c>,
/// other <c>FailedOperation.*</c> (PhoneNumberInBlacklist, TemplateIncorrectOrUnapproved, …), other
/// <c>UnauthorizedOperation.*</c>, <c>UnsupportedOperation.*</c>, any code not listed; other HTTP statuses; a
/// message without an approved template (never sent)</term><description>PermanentFailure: the same request would
/// fail the same way.</description></item>
/// </list>
/// </remarks>
public sealed class TencentSmsClient : ISmsSender
{
    public const string Action = "SendSms";
    public const string ApiVersion = "2021-01-11";

    /// <summary>The service in the credential scope; fixed, whatever host the endpoint names (a regional one, a stand-in).</summary>
    public const string Service = "sms";

    /// <summary>How every reason that leaves the outcome open begins, so the outbox row says so.</summary>
    public const string MayHaveBeenSent = "may have been sent: ";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private readonly Uri _endpoint;
    private readonly string _region;
    private readonly string _sdkAppId;
    private readonly string _signName;
    private readonly HttpPipeline _pipeline;
    private readonly ILogger _logger;

    public TencentSmsClient(TencentSmsOptions account, TencentSmsClientOptions? options = null, ILogger<TencentSmsClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(account.Region);
        ArgumentException.ThrowIfNullOrWhiteSpace(account.SecretId);
        ArgumentException.ThrowIfNullOrWhiteSpace(account.SecretKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(account.SdkAppId);
        ArgumentException.ThrowIfNullOrWhiteSpace(account.SignName);
        options ??= new TencentSmsClientOptions();
        _endpoint = new Uri(account.Endpoint, UriKind.Absolute);
        _region = account.Region.Trim();
        _sdkAppId = account.SdkAppId.Trim();
        _signName = account.SignName.Trim();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        options.RetryPolicy = new TencentRetryPolicy(options.Retry, options.TimeProvider);
        _pipeline = HttpPipelineBuilder.Build(options, [],
            [new TencentSigningPolicy(account.SecretId.Trim(), account.SecretKey.Trim(), Service, options.TimeProvider)],
            new OnlyOkIsSuccess());
    }

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var to = Phones.Mask(message.To);
        if (message.Approved is not { } approved)
        {
            _logger.LogWarning("SMS to {To} not sent: Tencent Cloud sends only approved templates, and the message has none", to);
            return SmsSendResult.Rejected("Tencent Cloud SMS sends only approved templates, and this message has no template id and variables: map its kind to an approved template.");
        }
        using var http = _pipeline.CreateMessage();
        var request = http.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(_endpoint);
        request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json; charset=utf-8");
        request.Headers.SetValue("X-TC-Action", Action);
        request.Headers.SetValue("X-TC-Version", ApiVersion);
        request.Headers.SetValue("X-TC-Region", _region);
        request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(
            new SendSmsRequest([message.To], _sdkAppId, _signName, approved.TemplateId, approved.Params, message.RepeatabilityId), Json));

        try
        {
            await _pipeline.SendAsync(http, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (TencentRetryPolicy.NeverConnected(e))
        {
            _logger.LogWarning(e, "SMS to {To} not sent: the gateway could not be reached", to);
            return SmsSendResult.Refused($"gateway unreachable, nothing sent: {e.Message}");
        }
        catch (RequestFailedException e) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "SMS to {To}: the connection failed, perhaps after the request went out; it may have been sent", to);
            return SmsSendResult.Unknown($"{MayHaveBeenSent}the connection failed, perhaps after the request went out: {e.Message}");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Azure.Core reports its network timeout as a cancellation the caller did not ask for.
            _logger.LogWarning(e, "SMS to {To}: the gateway did not answer in time; it may have been sent", to);
            return SmsSendResult.Unknown($"{MayHaveBeenSent}the gateway did not answer in time");
        }
        var result = Read(message, http.Response);
        if (result.Status == SmsSendStatus.Sent)
        {
            _logger.LogInformation("SMS to {To} sent as {MessageId}", to, result.MessageId);
        }
        else
        {
            // Unknown is not "not sent": its reason says it may have been.
            _logger.LogWarning("SMS to {To} failed ({Status}): {Reason}", to, result.Status, result.Reason);
        }
        return result;
    }

    private static SmsSendResult Read(SmsMessage message, Response response)
    {
        if (response.Status != 200)
        {
            var reason = $"HTTP {response.Status} {response.ReasonPhrase}".TrimEnd();
            return response.Status switch
            {
                429 or 503 => SmsSendResult.Refused($"{reason}, not carried out"),
                >= 500 => SmsSendResult.Unknown(MayHaveBeenSent + reason),
                _ => SmsSendResult.Rejected(reason),
            };
        }
        if (Parse(response) is not { } answer)
        {
            return SmsSendResult.Unknown($"{MayHaveBeenSent}HTTP 200 without a readable answer");
        }
        if (answer.Error is { } error)
        {
            return Classify(error.Code, $"{error.Code}: {error.Message}{Reference(answer)}", serialNo: null);
        }
        var status = answer.SendStatusSet?.FirstOrDefault(s => s.PhoneNumber == message.To)
            ?? (answer.SendStatusSet is [var only] ? only : null);
        if (status is null)
        {
            return SmsSendResult.Unknown($"{MayHaveBeenSent}the answer lists no status for the number{Reference(answer)}");
        }
        return Classify(status.Code, $"{status.Code}: {status.Message}{Reference(answer)}", NonEmpty(status.SerialNo) ?? answer.RequestId);
    }

    /// <summary>The table in the remarks above, for one code.</summary>
    internal static SmsSendResult Classify(string? code, string reason, string? serialNo) => code switch
    {
        "Ok" => SmsSendResult.Sent(serialNo ?? ""),
        null or "" => SmsSendResult.Unknown(MayHaveBeenSent + reason),
        _ when code.StartsWith("RequestLimitExceeded", StringComparison.Ordinal) => SmsSendResult.Refused(reason),
        "LimitExceeded.PhoneNumberCountLimit" or "LimitExceeded.AppCountryOrRegionInBlacklist" => SmsSendResult.Rejected(reason, serialNo),
        _ when code.StartsWith("LimitExceeded", StringComparison.Ordinal) => SmsSendResult.Refused(reason, serialNo),
        "FailedOperation.InsufficientBalanceInSmsPackage" or "UnauthorizedOperation.ServiceSuspendDueToArrears"
            or "FailedOperation.MarketingSendTimeConstraint" => SmsSendResult.Refused(reason, serialNo),
        "InternalError.SigVerificationFail" or "InternalError.SigFieldMissing" or "InternalError.RestApiInterfaceNotExist"
            or "InternalError.RequestTimeException" => SmsSendResult.Rejected(reason, serialNo),
        _ when code.StartsWith("InternalError", StringComparison.Ordinal) => SmsSendResult.Unknown(MayHaveBeenSent + reason),
        _ => SmsSendResult.Rejected(reason, serialNo),
    };

    /// <summary>
    /// The answer says the request was not carried out and may simply be repeated: throttled (HTTP 429, 503 or
    /// <c>RequestLimitExceeded</c>). <see cref="TencentRetryPolicy"/> retries exactly these.
    /// </summary>
    internal static bool NotCarriedOut(Response response) => response.Status is 429 or 503
        || (response.Status == 200 && Parse(response)?.Error?.Code?.StartsWith("RequestLimitExceeded", StringComparison.Ordinal) == true);

    private static SendSmsAnswer? Parse(Response response)
    {
        try
        {
            return response.Content.ToObjectFromJson<SendSmsResponse>(Json)?.Response;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The API's request id, which Tencent's support asks for, in a reason.</summary>
    private static string Reference(SendSmsAnswer answer) => NonEmpty(answer.RequestId) is { } id ? $" (request {id})" : "";

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>Tencent answers 200 even to a failed call (the failure is in the body); anything else is an error.</summary>
    private sealed class OnlyOkIsSuccess : ResponseClassifier
    {
        public override bool IsErrorResponse(HttpMessage message) => message.Response.Status != 200;
    }

    private sealed record SendSmsRequest(
        IReadOnlyList<string> PhoneNumberSet,
        string SmsSdkAppId,
        string SignName,
        string TemplateId,
        IReadOnlyList<string> TemplateParamSet,
        string SessionContext);

    private sealed record SendSmsResponse(SendSmsAnswer? Response);

    private sealed record SendSmsAnswer(IReadOnlyList<SendStatus>? SendStatusSet, ApiError? Error, string? RequestId);

    private sealed record SendStatus(string? SerialNo, string? PhoneNumber, string? Code, string? Message, string? SessionContext);

    private sealed record ApiError(string? Code, string? Message);
}
