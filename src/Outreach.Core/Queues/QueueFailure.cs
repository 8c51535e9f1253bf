using System.Security.Cryptography;
using System.Text;

namespace Outreach.Queues;

/// <summary>
/// The last failure of a queue message, kept by the function that failed. The Functions host moves a message that
/// failed <c>maxDequeueCount</c> times to the poison queue as a new message with the same body: it keeps neither the
/// exception, nor the dequeue count, nor the first insertion time. So the functions record each failure here, keyed by
/// the message's body (<see cref="KeyOf"/>), which is all that links the poison copy to the message that failed.
/// </summary>
/// <param name="Key">The body's hash (<see cref="KeyOf"/>).</param>
/// <param name="Failures">How many attempts threw (a worker that crashed or timed out records nothing).</param>
/// <param name="LastError">The exception's type and message, first line, at most <see cref="MaxErrorLength"/> characters.</param>
public sealed record QueueFailure(QueueKind Queue, string Key, int Failures, string LastError, DateTimeOffset FirstFailedAt, DateTimeOffset LastFailedAt)
{
    /// <summary>The most of an exception's message kept: enough to see the cause, far below a table property's limit.</summary>
    public const int MaxErrorLength = 1000;

    /// <summary>The key of a message body: SHA-256 of its text (UTF-8), 64 lower-case hex digits.</summary>
    public static string KeyOf(string message) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message ?? "")));

    /// <summary>"FormatException: Plan message is not valid JSON …", one line, cut to <see cref="MaxErrorLength"/>.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var line = $"{exception.GetType().Name}: {exception.Message.Split('\n', 2)[0].Trim()}";
        return line.Length <= MaxErrorLength ? line : line[..(MaxErrorLength - 1)] + "…";
    }
}

/// <summary>Where the functions keep the last failure of each message they could not handle.</summary>
public interface IQueueFailureStore
{
    /// <summary>Adds one failure to the message's record (creating it), keeping the newest error.</summary>
    Task RecordAsync(QueueKind queue, string key, string error, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The message's record, or null when none of its attempts failed (or it has since succeeded).</summary>
    Task<QueueFailure?> GetAsync(QueueKind queue, string key, CancellationToken cancellationToken = default);

    /// <summary>Forgets the message's record; nothing happens when there is none.</summary>
    Task DeleteAsync(QueueKind queue, string key, CancellationToken cancellationToken = default);
}
