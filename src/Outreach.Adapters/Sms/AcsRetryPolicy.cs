using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Outreach.Adapters.Sms;

/// <summary>
/// Retries 429, 5xx and transport failures with exponential backoff (<see cref="RetryOptions.Delay"/> doubling up
/// to <see cref="RetryOptions.MaxDelay"/>), waiting at least what <c>Retry-After</c> asks. Waits go through the
/// <see cref="TimeProvider"/>, so tests need not sleep. A <c>Retry-After</c> longer than
/// <see cref="RetryOptions.MaxDelay"/> ends the retries: the outbox tries the message again later, with the same
/// repeatability id.
/// </summary>
/// <remarks>
/// Every try carries the same repeatability id, so the gateway drops a repeat of a try that went out. When a try
/// ends without a definite answer (a transport failure or a 5xx) the message is marked
/// <see cref="EarlierTryUncertain"/>: a refusal at the end of the loop then no longer proves that nothing was sent.
/// </remarks>
internal sealed class AcsRetryPolicy(RetryOptions options, TimeProvider time) : HttpPipelinePolicy
{
    /// <summary>An <see cref="HttpMessage"/> property, set when a try before the last ended without a definite answer.</summary>
    public const string EarlierTryUncertain = "Outreach.Acs.EarlierTryUncertain";

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
            catch (Exception e) when (!lastAttempt && !message.CancellationToken.IsCancellationRequested
                && message.ResponseClassifier.IsRetriableException(e))
            {
                message.SetProperty(EarlierTryUncertain, true);
                await Task.Delay(Backoff(attempt), time, message.CancellationToken).ConfigureAwait(false);
                continue;
            }
            if (lastAttempt || !IsRetriable(message.Response.Status))
            {
                return;
            }
            var retryAfter = RetryAfter(message.Response);
            if (retryAfter > options.MaxDelay)
            {
                return;
            }
            if (message.Response.Status >= 500)
            {
                message.SetProperty(EarlierTryUncertain, true);
            }
            var delay = retryAfter is { } asked && asked > Backoff(attempt) ? asked : Backoff(attempt);
            message.Response.ContentStream?.Dispose();
            await Task.Delay(delay, time, message.CancellationToken).ConfigureAwait(false);
        }
    }

    internal static bool IsRetriable(int status) => status == 429 || status >= 500;

    private TimeSpan Backoff(int attempt)
    {
        var delay = options.Delay * Math.Pow(2, Math.Min(attempt, 16));
        return delay > options.MaxDelay ? options.MaxDelay : delay;
    }

    private TimeSpan? RetryAfter(Response response)
    {
        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && int.TryParse(ms, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }
        if (!response.Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? TimeSpan.FromTicks(Math.Max(0, (at - (response.Headers.Date ?? time.GetUtcNow())).Ticks))
            : null;
    }
}
