using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Reminders;
using Outreach.Roster;

namespace Outreach.Adapters.Sms;

/// <summary>Pipeline settings for <see cref="AcsSmsClient"/>; <see cref="ClientOptions.Retry"/> drives its retries.</summary>
public sealed class AcsSmsClientOptions : ClientOptions
{
    public AcsSmsClientOptions() => SmsRetry.Configure(Retry);

    /// <summary>Dates the signatures and times the retry waits.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>
/// A small client for the Azure Communication Services SMS REST API (<c>POST {endpoint}/sms?api-version=2021-03-07</c>),
/// one recipient per request, standing in for <c>Azure.Communication.Sms</c>, which the package mirror does not serve.
/// </summary>
public sealed class AcsSmsClient : ISmsSender
{
    public const string ApiVersion = "2021-03-07";

    /// <summary>The Entra ID scope for ACS; the double slash is how the service spells it.</summary>
    public const string TokenScope = "https://communication.azure.com//.default";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Uri _endpoint;
    private readonly string _from;
    private readonly HttpPipeline _pipeline;
    private readonly ILogger _logger;

    /// <summary>Access-key auth from <c>endpoint=…;accesskey=…</c>.</summary>
    public AcsSmsClient(string connectionString, string from, AcsSmsClientOptions? options = null, ILogger<AcsSmsClient>? logger = null)
        : this(AcsConnectionString.Parse(connectionString), from, options ?? new AcsSmsClientOptions(), logger)
    {
    }

    /// <summary>Entra ID auth (e.g. managed identity) against the resource's endpoint.</summary>
    public AcsSmsClient(Uri endpoint, TokenCredential credential, string from, AcsSmsClientOptions? options = null, ILogger<AcsSmsClient>? logger = null)
        : this(endpoint, from, options ?? new AcsSmsClientOptions(), logger,
            new BearerTokenAuthenticationPolicy(credential, TokenScope))
    {
    }

    private AcsSmsClient(AcsConnectionString connection, string from, AcsSmsClientOptions options, ILogger<AcsSmsClient>? logger)
        : this(connection.Endpoint, from, options, logger, new AcsHmacAuthenticationPolicy(connection.AccessKey, options.TimeProvider))
    {
    }

    private AcsSmsClient(Uri endpoint, string from, AcsSmsClientOptions options, ILogger<AcsSmsClient>? logger, HttpPipelinePolicy authentication)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        _endpoint = endpoint;
        _from = from;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        options.RetryPolicy = new AcsRetryPolicy(options.Retry, options.TimeProvider);
        _pipeline = HttpPipelineBuilder.Build(options, [], [authentication], new AcsResponseClassifier());
    }

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var http = _pipeline.CreateMessage();
        var request = http.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(_endpoint);
        request.Uri.AppendPath("/sms", escape: false);
        request.Uri.AppendQuery("api-version", ApiVersion);
        request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        request.Headers.SetValue(HttpHeader.Names.Accept, "application/json");
        request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(Body(message), Json));

        try
        {
            await _pipeline.SendAsync(http, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "SMS to {To} not sent: the gateway could not be reached", Phones.Mask(message.To));
            return SmsSendResult.Unknown($"gateway unreachable: {e.Message}");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Azure.Core reports its network timeout as a cancellation the caller did not ask for.
            _logger.LogWarning(e, "SMS to {To} not sent: the gateway timed out", Phones.Mask(message.To));
            return SmsSendResult.Unknown("gateway timed out");
        }
        return Read(message, http.Response, uncertain: http.TryGetProperty(AcsRetryPolicy.EarlierTryUncertain, out _));
    }

    private SendRequest Body(SmsMessage message) => new(
        _from,
        [new Recipient(message.To, message.RepeatabilityId, message.FirstSent.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture))],
        message.Text,
        new SendOptions(EnableDeliveryReport: false));

    /// <param name="uncertain">An earlier try of this request ended without a definite answer, so a refusal now does
    /// not prove that nothing was sent.</param>
    private SmsSendResult Read(SmsMessage message, Response response, bool uncertain)
    {
        var to = Phones.Mask(message.To);
        if (response.Status != 202)
        {
            var result = Classify(response.Status, $"HTTP {response.Status}: {ErrorMessage(response)}", uncertain);
            _logger.LogWarning("SMS to {To} not sent ({Status}): {Reason}", to, result.Status, result.Reason);
            return result;
        }
        SendResponse? body;
        try
        {
            body = response.Content.ToObjectFromJson<SendResponse>(Json);
        }
        catch (JsonException e)
        {
            _logger.LogWarning(e, "SMS to {To}: the gateway accepted it but its answer was not JSON", to);
            return SmsSendResult.Unknown("202 without a readable body");
        }
        var item = body?.Value?.FirstOrDefault(v => v.To == message.To) ?? (body?.Value is [var first, ..] ? first : null);
        if (item is null)
        {
            _logger.LogWarning("SMS to {To}: the gateway accepted it but listed no recipient", to);
            return SmsSendResult.Unknown("202 without a result for the recipient");
        }
        if (item.Successful && item.MessageId is { Length: > 0 } id)
        {
            _logger.LogInformation("SMS to {To} sent as {MessageId}", to, id);
            return SmsSendResult.Sent(id);
        }
        // The recipient's own verdict in an accepted batch is definite: it was not sent, whatever happened to earlier tries.
        var itemReason = $"HTTP {item.HttpStatusCode}: {item.ErrorMessage ?? "rejected"}";
        var itemResult = AcsRetryPolicy.IsRetriable(item.HttpStatusCode) || item.HttpStatusCode == 412
            ? SmsSendResult.Refused(itemReason, item.MessageId)
            : SmsSendResult.Rejected(itemReason, item.MessageId);
        _logger.LogWarning("SMS to {To} not sent ({Status}, message {MessageId}): {Reason}", to, itemResult.Status, item.MessageId, itemResult.Reason);
        return itemResult;
    }

    /// <summary>
    /// A whole request's status: 429 (throttled after every retry) and 412 (the repeatability id is older than the
    /// gateway's window) say it was not carried out; a 5xx, or a 409 (a request with this repeatability id is still
    /// being processed, after a try that timed out), says nothing definite; any other status will not get better.
    /// </summary>
    private static SmsSendResult Classify(int status, string reason, bool uncertain) => status switch
    {
        429 or 412 when uncertain => SmsSendResult.Unknown(reason),
        429 or 412 => SmsSendResult.Refused(reason),
        409 or >= 500 => SmsSendResult.Unknown(reason),
        _ => SmsSendResult.Rejected(reason),
    };

    private static string ErrorMessage(Response response)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Content);
            if (document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var text))
            {
                return text.GetString() ?? response.ReasonPhrase;
            }
        }
        catch (JsonException)
        {
        }
        return response.ReasonPhrase;
    }

    private sealed class AcsResponseClassifier : ResponseClassifier
    {
        public override bool IsRetriableResponse(HttpMessage message) => AcsRetryPolicy.IsRetriable(message.Response.Status);

        public override bool IsErrorResponse(HttpMessage message) => message.Response.Status != 202;
    }

    private sealed record SendRequest(string From, IReadOnlyList<Recipient> SmsRecipients, string Message, SendOptions SmsSendOptions);

    private sealed record Recipient(string To, string RepeatabilityRequestId, string RepeatabilityFirstSent);

    private sealed record SendOptions(bool EnableDeliveryReport);

    private sealed record SendResponse(IReadOnlyList<SendResponseItem>? Value);

    private sealed record SendResponseItem(
        string? To,
        string? MessageId,
        int HttpStatusCode,
        string? RepeatabilityResult,
        bool Successful,
        string? ErrorMessage);
}
