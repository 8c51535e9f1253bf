using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Outreach.Queues;

/// <summary>
/// Runs the work of one queue message and keeps its last failure (<see cref="QueueFailure"/>), so that when the message
/// lands in the poison queue its unit and last exception can be told: the host's poison copy carries only the body.
/// </summary>
/// <remarks>
/// Every failed attempt is recorded, not only the last one: the worker is not told the host's <c>maxDequeueCount</c>
/// (host.json, or an app setting overriding it), and guessing it would record nothing the day the two differ. The record
/// is dropped when a later attempt succeeds, so the table holds only messages that are failing or poisoned. Keeping the
/// failure in the message itself is not possible: the host copies to the poison queue the body it received.
/// </remarks>
public sealed class QueueFailures(IQueueFailureStore store, TimeProvider clock, ILogger<QueueFailures>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<QueueFailures>.Instance;

    /// <summary>
    /// Runs <paramref name="work"/>; when it throws, records the failure and rethrows the same exception, so that the host
    /// retries the message and, after <c>maxDequeueCount</c> tries, moves it to the poison queue.
    /// </summary>
    public async Task RunAsync(QueueKind queue, string message, Func<Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var key = QueueFailure.KeyOf(message);
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The host shutting down cancels the work: that is not the message's failure.
            await RecordAsync(queue, key, e).ConfigureAwait(false);
            throw;
        }
        await ForgetAsync(queue, key).ConfigureAwait(false);
    }

    private async Task RecordAsync(QueueKind queue, string key, Exception failure)
    {
        try
        {
            // Not the invocation's token: the failure is worth keeping even while the host stops.
            await store.RecordAsync(queue, key, QueueFailure.Describe(failure), clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Often the same outage that failed the work; the message is retried either way, only its error goes unrecorded.
            _logger.LogWarning("Could not record the failure of a {Queue} message ({Reason}); it is retried all the same", queue.ToWire(), e.Message);
        }
    }

    private async Task ForgetAsync(QueueKind queue, string key)
    {
        try
        {
            await store.DeleteAsync(queue, key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The work is done: a stale record only shows an old error if the same body is ever poisoned.
            _logger.LogWarning("Could not clear the failure record of a {Queue} message that succeeded ({Reason})", queue.ToWire(), e.Message);
        }
    }
}
