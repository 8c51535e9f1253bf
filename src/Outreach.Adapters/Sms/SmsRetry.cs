using Azure.Core;

namespace Outreach.Adapters.Sms;

/// <summary>The retries every SMS client makes, one setting for all gateways.</summary>
internal static class SmsRetry
{
    /// <summary>
    /// Three retries, 1 s doubling to at most 10 s, 15 s a try: one SMS request answers in well under a second, and a
    /// send with all its retries (at most 90 s) must end inside the outbox's claim on the row
    /// (<c>OutboxDrainer.ClaimLease</c>), or a second drain could send it too; Azure.Core's 100 s a try would not.
    /// </summary>
    public static void Configure(RetryOptions retry)
    {
        retry.MaxRetries = 3;
        retry.Delay = TimeSpan.FromSeconds(1);
        retry.MaxDelay = TimeSpan.FromSeconds(10);
        retry.NetworkTimeout = TimeSpan.FromSeconds(15);
    }
}
