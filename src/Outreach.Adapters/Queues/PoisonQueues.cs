using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Adapters.Sms;
using Outreach.Planning;
using Outreach.Queues;
using Outreach.Roster;

namespace Outreach.Adapters.Queues;

/// <summary>
/// Reads the poison queues (<c>plan-units-poison</c>, <c>sms-inbound-poison</c>), tells what each message was about and
/// its last recorded failure, and re-drives them to their live queue once the cause is fixed.
/// </summary>
/// <remarks>
/// The host writes a poison copy with the body it received, base64 as the queue trigger reads and writes it, under a new
/// id; its insertion time is when it was poisoned, and it keeps no exception or dequeue count (the failures come from
/// <see cref="IQueueFailureStore"/>). Bodies are read and re-sent as stored, byte for byte, so a re-driven message is
/// exactly the one that failed.
/// </remarks>
public sealed class PoisonQueues(QueueServiceClient service, QueueNames names, IQueueFailureStore failures, ILogger<PoisonQueues>? logger = null)
{
    /// <summary>The most messages one peek or receive returns (a Queue Storage limit).</summary>
    public const int PageSize = 32;

    // Long enough to send a page back and delete it; a message whose re-drive was interrupted is visible again after it.
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(2);

    private readonly ILogger _logger = logger ?? NullLogger<PoisonQueues>.Instance;

    public QueueNames Names { get; } = names;

    /// <summary>The first <see cref="PageSize"/> messages of the queue's poison queue, read without taking them.</summary>
    public Task<PoisonList> ListAsync(QueueKind queue, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            var poison = service.GetQueueClient(Names.Poison(queue));
            try
            {
                var total = (await poison.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
                var peeked = (await poison.PeekMessagesAsync(PageSize, cancellationToken).ConfigureAwait(false)).Value;
                var messages = new List<PoisonedMessage>();
                foreach (var message in peeked)
                {
                    messages.Add(await DescribeAsync(queue, message.MessageId, message.InsertedOn, message.Body, cancellationToken).ConfigureAwait(false));
                }
                return new PoisonList(queue, poison.Name, messages, Math.Max(total, messages.Count));
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // The host creates a poison queue with its first message: none yet, nothing poisoned.
                return new PoisonList(queue, poison.Name, [], 0);
            }
        }, cancellationToken);

    /// <summary>
    /// Moves every readable message of the poison queue back to the live queue: each is sent, and deleted from the poison
    /// queue only once the send succeeded, so none is lost; at worst (a delete that fails) one is sent twice, which
    /// <c>PlanUnit</c> (upserts with deterministic keys) and <c>ReceiveSms</c> (a deny-list entry keeps its reply's time)
    /// take as the same message. A message that does not read is left where it is.
    /// </summary>
    public Task<RedriveResult> RedriveAsync(QueueKind queue, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            var poison = service.GetQueueClient(Names.Poison(queue));
            var live = service.GetQueueClient(Names.Live(queue));
            var (moved, duplicated, left) = (new List<PoisonedMessage>(), new List<PoisonedMessage>(), new List<(PoisonedMessage Message, string Receipt)>());
            if (!(await poison.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
            {
                return new RedriveResult(queue, live.Name, moved, duplicated, []);
            }
            await live.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // Only the messages there now: one re-driven that fails again is poisoned again within seconds under a new
            // id, and moving it back again and again would loop for as long as its cause is not fixed.
            var budget = (await poison.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
            while (seen.Count < budget)
            {
                var page = (await poison.ReceiveMessagesAsync(Math.Min(PageSize, budget - seen.Count), Hold, cancellationToken).ConfigureAwait(false)).Value;
                // A message seen before is one left unreadable whose hold ran out: everything else has been moved.
                if (page.Length == 0 || page.All(m => seen.Contains(m.MessageId)))
                {
                    break;
                }
                var pending = page.Where(m => seen.Add(m.MessageId)).ToList();
                try
                {
                    while (pending.Count > 0)
                    {
                        var message = pending[0];
                        var described = await DescribeAsync(queue, message.MessageId, message.InsertedOn, message.Body, cancellationToken).ConfigureAwait(false);
                        if (described.Unreadable is not null)
                        {
                            left.Add((described, message.PopReceipt));
                        }
                        else
                        {
                            // Sent first, deleted after: a failed send leaves the message in the poison queue, a failed delete a duplicate.
                            await live.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                            (await DeleteAsync(poison, message, cancellationToken).ConfigureAwait(false) ? moved : duplicated).Add(described);
                        }
                        pending.RemoveAt(0);
                    }
                }
                catch
                {
                    // Not lost either way; visible again now rather than after the hold, so that a list right after shows them.
                    await ReleaseAsync(poison, pending.Select(m => (m.MessageId, m.PopReceipt)).Concat(left.Select(l => (l.Message.MessageId, l.Receipt)))).ConfigureAwait(false);
                    throw;
                }
            }
            await ReleaseAsync(poison, left.Select(l => (l.Message.MessageId, l.Receipt))).ConfigureAwait(false);
            _logger.LogInformation("Re-drove {Moved} message(s) from {Poison} to {Live}; left {Left} that do not read",
                moved.Count + duplicated.Count, poison.Name, live.Name, left.Count);
            return new RedriveResult(queue, live.Name, moved, duplicated, left.Select(l => l.Message).ToList());
        }, cancellationToken);

    /// <summary>
    /// Logs an error for each poisoned message of every queue, with what it was about and its last failure, and one for
    /// each poison queue that holds any, with the count; returns how many messages are poisoned in all.
    /// </summary>
    public async Task<int> ReportAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        foreach (var queue in QueueKinds.All)
        {
            var list = await ListAsync(queue, cancellationToken).ConfigureAwait(false);
            foreach (var message in list.Messages)
            {
                _logger.LogError(
                    "Poisoned {Queue} message {MessageId} ({Subject}) since {PoisonedAt}: failed {Failures} time(s), last at {LastFailedAt}: {LastError}",
                    queue.ToWire(), message.MessageId, message.Subject, message.PoisonedAt, message.LastFailure?.Failures,
                    message.LastFailure?.LastFailedAt, message.LastFailure?.LastError ?? "no failure recorded");
            }
            if (list.Total > 0)
            {
                _logger.LogError("{Count} message(s) in {Poison}: see them with the CLI's poison {Queue}, and re-drive them with poison redrive {Queue} once the cause is fixed",
                    list.Total, list.Poison, queue.ToWire(), queue.ToWire());
            }
            total += list.Total;
        }
        if (total == 0)
        {
            _logger.LogInformation("No poisoned messages in {PlanUnits} or {SmsInbound}", Names.Poison(QueueKind.PlanUnits), Names.Poison(QueueKind.SmsInbound));
        }
        return total;
    }

    private async Task<bool> DeleteAsync(QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e)
        {
            _logger.LogWarning("Re-drove message {MessageId} to its queue but could not delete it from {Poison} ({Status}): a later re-drive sends it again",
                message.MessageId, poison.Name, e.Status);
            return false;
        }
    }

    /// <summary>Makes received messages visible again at once; best effort, since each comes back after the hold anyway.</summary>
    private static async Task ReleaseAsync(QueueClient poison, IEnumerable<(string Id, string Receipt)> messages)
    {
        foreach (var (id, receipt) in messages)
        {
            try
            {
                await poison.UpdateMessageAsync(id, receipt, visibilityTimeout: TimeSpan.Zero).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or OperationCanceledException)
            {
            }
        }
    }

    private async Task<PoisonedMessage> DescribeAsync(QueueKind queue, string id, DateTimeOffset? insertedOn, BinaryData body, CancellationToken cancellationToken)
    {
        var described = new PoisonedMessage(queue, id, insertedOn);
        if (Decode(body) is not { } text)
        {
            // The trigger could not decode it, so the function never ran: no failure was recorded either.
            return described with { Unreadable = "the body is not base64 text, as the queue trigger reads it" };
        }
        described = described with { LastFailure = await failures.GetAsync(queue, QueueFailure.KeyOf(text), cancellationToken).ConfigureAwait(false) };
        if (queue == QueueKind.PlanUnits)
        {
            try
            {
                return described with { Unit = PlanUnitMessages.Parse(text) };
            }
            catch (FormatException e)
            {
                return described with { Unreadable = e.Message };
            }
        }
        return SmsReceivedEvents.TryParse(text, out var problem) is { } sms
            ? described with { Sms = new PoisonedSms(sms.MessageId, Phones.Mask(sms.From), sms.ReceivedAt) }
            : described with { Unreadable = problem };
    }

    /// <summary>The text the queue trigger hands the function: the body's base64 decoded as UTF-8; null when it is not.</summary>
    private static string? Decode(BinaryData body)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(body.ToString()));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception e) when (TableStorage.Unreachable(e, cancellationToken) is { } reason)
        {
            throw new StorageUnavailableException(service.Uri, reason, e, "queue storage");
        }
    }
}
