using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Outreach.Adapters.Sms.Tencent;

/// <summary>
/// Retries, with exponential backoff (<see cref="RetryOptions.Delay"/> doubling up to <see cref="RetryOptions.MaxDelay"/>,
/// waited on the <see cref="TimeProvider"/>), only the tries that certainly sent nothing: the connection was never
/// made, or the API answered that it did not carry the request out (throttled: HTTP 429 or 503, or a
/// <c>RequestLimitExceeded</c> error).
/// </summary>
/// <remarks>
/// SendSms takes no idempotency key (its <c>SessionContext</c> is only echoed back), so a repeat of a request that
/// reached Tencent may send the message twice. A try that timed out, lost its connection after sending, or was
/// answered with another 5xx or an <c>InternalError</c> is therefore not repeated here: the client reports it as
/// "may have been sent" and the outbox, which records that, decides when to try again.
/// </remarks>
internal sealed class TencentRetryPolicy(RetryOptions options, TimeProvider time) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        for (var attempt = 0; ; attempt++)
        {
            var lastAttempt = attempt >= options.MaxRetries;
            try
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (!lastAttempt && NeverConnected(e) && !message.CancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff(attempt), time, message.CancellationToken).ConfigureAwait(false);
                continue;
            }
            if (lastAttempt || !TencentSmsClient.NotCarriedOut(message.Response))
            {
                return;
            }
            message.Response.ContentStream?.Dispose();
            await Task.Delay(Backoff(attempt), time, message.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The transport failed before a byte of the request left: the name did not resolve, the connection was refused,
    /// or TLS failed. Anything later (a reset or timeout while the request was out) may have reached the API.
    /// </summary>
    internal static bool NeverConnected(Exception e) => e is RequestFailedException
    {
        InnerException: HttpRequestException
        {
            HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError,
        },
    };

    private TimeSpan Backoff(int attempt)
    {
        var delay = options.Delay * Math.Pow(2, Math.Min(attempt, 16));
        return delay > options.MaxDelay ? options.MaxDelay : delay;
    }
}
