using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Calendar;
using Outreach.Planning;

namespace Outreach.Reminders;

/// <summary>
/// What one drain did, by final state of each row it touched; <paramref name="Left"/> rows were due but not tried
/// because the drain ran out of time (quiet hours or its budget) and wait for the next drain.
/// </summary>
public sealed record DrainSummary(int Sent, int KeptLocal, int Failed, int Dead, int Denied, int Cancelled, int Expired, int Deferred, int Left = 0)
{
    public static DrainSummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// Sends what is due in the outbox through the SMS sender, one row at a time: it settles rows that need no sending
/// (expired, cancelled, denied), claims each row it sends so that overlapping drains send it once, chooses the
/// repeatability id of each attempt, and records the gateway's answer with retries and backoff. Also purges old rows.
/// </summary>
/// <remarks>
/// With no <paramref name="sender"/> (no SMS gateway configured) a drain marks due rows <c>kept-local</c>:
/// rendered, stored, shown by the CLI, and nothing leaves the machine.
/// </remarks>
public sealed class OutboxDrainer(
    IVisitStore visits,
    IOutboxStore outbox,
    ISmsSender? sender,
    ReminderOptions options,
    TimeProvider clock,
    ILogger? logger = null)
{
    /// <summary>
    /// How long a drain holds a row it is sending before another may try it: longer than one send with all its
    /// retries may take (the SMS client's network timeouts and retry delays are set to fit), so two drains never
    /// send the same row at once; and short enough that, with a drain every minute, a drain that died after sending is
    /// followed inside <see cref="RepeatabilityWindow"/>, under the same repeatability id, so the gateway drops the repeat.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    /// <summary>How long ACS remembers a repeatability id after its first-sent time ("Repeatability of requests").</summary>
    public static readonly TimeSpan RepeatabilityWindow = TimeSpan.FromMinutes(5);

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>
    /// Sends due rows, at most <see cref="ReminderOptions.MessagesPerMinute"/> a minute (waiting on the clock between
    /// batches). The drain's moment starts at <paramref name="at"/> and moves with the clock. It stops when that moment
    /// reaches quiet hours or when <see cref="ReminderOptions.DrainBudgetMinutes"/> of the clock are spent, leaving the
    /// rest due for the next drain (<see cref="DrainSummary.Left"/>): a long outbox neither sends into the night nor
    /// outlives the Functions host's timeout.
    /// </summary>
    public async Task<DrainSummary> DrainAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var summary = DrainSummary.Empty;
        if (QuietHours.Contains(at))
        {
            return summary;
        }
        var started = clock.GetUtcNow();
        var deadline = started + TimeSpan.FromMinutes(options.DrainBudgetMinutes);
        DateTimeOffset MomentAt(DateTimeOffset now) => at + (now - started);
        var due = await outbox.ListDueAsync(at, cancellationToken);
        var denied = await outbox.GetDeniedAsync(cancellationToken);
        var inBatch = 0;
        var batchStarted = started;
        for (var i = 0; i < due.Count; i++)
        {
            var row = due[i];
            if (OutOfTime(clock.GetUtcNow()) is { } reason)
            {
                return Stopped(summary, due.Count - i, reason);
            }
            var outcome = await SettleAsync(row, MomentAt(clock.GetUtcNow()), denied, cancellationToken);
            if (outcome is { } final)
            {
                summary = Count(summary, final);
                continue;
            }
            if (sender is not null && inBatch == options.MessagesPerMinute)
            {
                // Stop before waiting for a minute in which nothing may be sent.
                var nextBatch = batchStarted.AddMinutes(1);
                if (OutOfTime(nextBatch) is { } later)
                {
                    return Stopped(summary, due.Count - i, later);
                }
                var wait = nextBatch - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, cancellationToken);
                }
                batchStarted = clock.GetUtcNow();
                inBatch = 0;
            }
            inBatch++;
            try
            {
                summary = Count(summary, await SendAsync(row, MomentAt(clock.GetUtcNow()), cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One row that cannot be sent must not stop the others; it is retried after its lease expires.
                _logger.LogError(e, "Outbox {Id} to {Phone} could not be sent; carrying on with the rest", row.Id, row.MaskedPhone);
            }
        }
        return summary;

        string? OutOfTime(DateTimeOffset now) =>
            now >= deadline ? $"its {options.DrainBudgetMinutes}-minute budget is spent"
            : QuietHours.Contains(MomentAt(now)) ? "quiet hours have begun"
            : null;
    }

    private DrainSummary Stopped(DrainSummary summary, int left, string reason)
    {
        _logger.LogWarning("Drain stopped because {Reason}: {Left} due messages left for the next drain", reason, left);
        return summary with { Left = left };
    }

    /// <summary>The first date <see cref="ReminderOptions.RetentionDays"/> keeps: rows dated before it may be purged.</summary>
    public DateOnly RetentionCutoff() => ChinaTime.Today(clock).AddDays(-options.RetentionDays);

    /// <summary>
    /// Deletes the outbox rows in a final state (sent, dead, denied, cancelled, expired, kept-local) dated before
    /// <paramref name="before"/>, which may not be after today; pending and failed rows are never deleted.
    /// </summary>
    public async Task<int> PurgeAsync(DateOnly before, CancellationToken cancellationToken = default)
    {
        var today = ChinaTime.Today(clock);
        if (before > today)
        {
            throw new ArgumentOutOfRangeException(nameof(before), before, $"Purging rows dated after today ({today:yyyy-MM-dd}) would delete reminders that are still to come.");
        }
        var deleted = await outbox.DeleteFinalAsync(before, cancellationToken);
        _logger.LogInformation("Purged {Deleted} outbox rows in a final state dated before {Before}", deleted, before);
        return deleted;
    }

    // Decides a row without sending it: expired, cancelled, denied; null when it should be sent.
    private async Task<OutboxStatus?> SettleAsync(OutboxMessage row, DateTimeOffset at, IReadOnlySet<string> denied, CancellationToken cancellationToken)
    {
        OutboxMessage? settled = null;
        if (at >= row.ExpiresAt)
        {
            settled = row with { Status = OutboxStatus.Expired };
        }
        else if (denied.Contains(row.Phone))
        {
            settled = row with { Status = OutboxStatus.Denied, LastError = "number on the deny list" };
        }
        else if (row.VisitIds.Count > 0 && await AllSettledAsync(row.VisitIds, cancellationToken))
        {
            settled = row with { Status = OutboxStatus.Cancelled };
        }
        if (settled is null)
        {
            return null;
        }
        await SaveAsync(settled, cancellationToken);
        return settled.Status;
    }

    private async Task<bool> AllSettledAsync(IReadOnlyList<string> visitIds, CancellationToken cancellationToken)
    {
        foreach (var id in visitIds)
        {
            // A visit the planner has since removed needs no reminder either.
            if (await visits.GetVisitAsync(id, cancellationToken) is { Outcome: null })
            {
                return false;
            }
        }
        return true;
    }

    private async Task<OutboxStatus> SendAsync(OutboxMessage row, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (sender is null)
        {
            await SaveAsync(row with { Status = OutboxStatus.KeptLocal }, cancellationToken);
            return OutboxStatus.KeptLocal;
        }
        // Claim the row before sending: of two overlapping drains only one wins the ETag and sends. The claim stores the
        // repeatability id and first-sent time this attempt uses, so if this process dies after sending, the next
        // attempt (after the lease) knows what the gateway may have seen.
        var attempt = Repeatable(row) with { Attempts = row.Attempts + 1, NextAttemptAt = at + ClaimLease };
        if (await outbox.TryReplaceAsync(attempt, cancellationToken) is not { } claimed)
        {
            _logger.LogInformation("Outbox {Id} is being sent by another drain; skipped", row.Id);
            return OutboxStatus.Pending;
        }
        attempt = attempt with { ETag = claimed };
        SmsSendResult result;
        try
        {
            result = await sender.SendAsync(new SmsMessage(row.Phone, row.Text, attempt.RepeatabilityId, attempt.FirstSent!.Value, row.Approved), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A sender that throws (no credential, a bug) has failed this attempt like any other: it counts towards
            // MaxAttempts and its reason is kept on the row. Whether anything left is unknown.
            _logger.LogError(e, "Outbox {Id} to {Phone}: the sender threw", row.Id, row.MaskedPhone);
            result = SmsSendResult.Unknown($"{e.GetType().Name}: {e.Message}");
        }
        var failed = attempt with { MessageId = result.MessageId ?? row.MessageId, LastError = result.Reason };
        var backoff = TimeSpan.FromMinutes(options.RetryBaseMinutes * Math.Pow(2, attempt.Attempts - 1));
        var next = result.Status switch
        {
            SmsSendStatus.Sent => attempt with { Status = OutboxStatus.Sent, MessageId = result.MessageId, LastError = null },
            SmsSendStatus.PermanentFailure => failed with { Status = OutboxStatus.Dead },
            _ when attempt.Attempts >= options.MaxAttempts => failed with { Status = OutboxStatus.Dead },
            // Certainly not sent: the next attempt is a new request under a new id, first sent when it is claimed.
            SmsSendStatus.Refused => failed with { Status = OutboxStatus.Failed, NextAttemptAt = QuietHours.Defer(at + backoff), RepeatabilityId = NewRepeatabilityId(), FirstSent = null },
            _ => failed with { Status = OutboxStatus.Failed, NextAttemptAt = QuietHours.Defer(at + backoff) },
        };
        await SaveAsync(next, cancellationToken);
        _logger.LogInformation("Outbox {Id} to {Phone}: {Status} after attempt {Attempt} {Reason}", row.Id, row.MaskedPhone, next.Status.ToWire(), next.Attempts, result.Reason);
        return next.Status;
    }

    /// <summary>
    /// The repeatability id and first-sent time of the next attempt, timed by the clock (the gateway's window is real
    /// time, whatever moment a drain runs "as of"). No <see cref="OutboxMessage.FirstSent"/>: the row's id has not
    /// been sent, or was certainly refused, so it is used from now. Inside the gateway's window the last attempt's
    /// outcome is unknown and the same id lets the gateway drop a repeat. Past the window the gateway cannot tell
    /// either (it would answer 412): the message is sent again under a new id, accepting a possible duplicate,
    /// because a reminder received twice costs less than a visit missed.
    /// </summary>
    private OutboxMessage Repeatable(OutboxMessage row)
    {
        var now = clock.GetUtcNow();
        if (row.FirstSent is not { } firstSent)
        {
            return row with { FirstSent = now };
        }
        if (now - firstSent < RepeatabilityWindow)
        {
            return row;
        }
        _logger.LogWarning("Outbox {Id} to {Phone}: the last attempt's outcome is unknown and the gateway no longer remembers it; sending again under a new repeatability id, which may duplicate it", row.Id, row.MaskedPhone);
        return row with { RepeatabilityId = NewRepeatabilityId(), FirstSent = now };
    }

    private static string NewRepeatabilityId() => Guid.NewGuid().ToString();

    private async Task SaveAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        if (await outbox.TryReplaceAsync(row, cancellationToken) is null)
        {
            // Another drain got there first (overlapping timers): its state stands.
            _logger.LogWarning("Outbox {Id} changed while it was being sent; keeping the other writer's state", row.Id);
        }
    }

    private static DrainSummary Count(DrainSummary s, OutboxStatus status) => status switch
    {
        OutboxStatus.Sent => s with { Sent = s.Sent + 1 },
        OutboxStatus.KeptLocal => s with { KeptLocal = s.KeptLocal + 1 },
        OutboxStatus.Failed => s with { Failed = s.Failed + 1 },
        OutboxStatus.Dead => s with { Dead = s.Dead + 1 },
        OutboxStatus.Denied => s with { Denied = s.Denied + 1 },
        OutboxStatus.Cancelled => s with { Cancelled = s.Cancelled + 1 },
        OutboxStatus.Expired => s with { Expired = s.Expired + 1 },
        _ => s with { Deferred = s.Deferred + 1 },
    };
}
