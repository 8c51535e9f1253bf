using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Planning;
using Outreach.Roster;

namespace Outreach.Reminders;

/// <summary>What one compose run wrote: rows added, and rows that already existed (a rerun).</summary>
public sealed record ComposeSummary(IReadOnlyList<OutboxMessage> Added, int AlreadyThere);

/// <summary>
/// What one drain did, by final state of each row it touched; <paramref name="Left"/> rows were due but not tried
/// because the drain ran out of time (quiet hours or its budget) and wait for the next drain.
/// </summary>
public sealed record DrainSummary(int Sent, int KeptLocal, int Failed, int Dead, int Denied, int Cancelled, int Expired, int Deferred, int Left = 0)
{
    public static DrainSummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// Writes the reminders due at a moment into the outbox, and drains the outbox through the SMS sender.
/// </summary>
/// <remarks>
/// Composing is idempotent: rows have deterministic keys, so a rerun or an overlapping timer adds nothing.
/// With no <paramref name="sender"/> (no SMS gateway configured) a drain marks due rows <c>kept-local</c>:
/// rendered, stored, shown by the CLI, and nothing leaves the machine.
/// </remarks>
public sealed class ReminderService(
    IRosterStore roster,
    IVisitStore visits,
    IOutboxStore outbox,
    ITemplateRenderer renderer,
    LinkTokens links,
    ISmsSender? sender,
    ReminderOptions options,
    TimeProvider clock,
    ILogger<ReminderService>? logger = null)
{
    /// <summary>
    /// How long a drain holds a row it is sending before another may try it: longer than one send with all its
    /// retries may take (the SMS client's network timeouts and retry delays are set to fit), so two drains never
    /// send the same row at once.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    /// <summary>How long ACS remembers a repeatability id after its first-sent time ("Repeatability of requests").</summary>
    public static readonly TimeSpan RepeatabilityWindow = TimeSpan.FromMinutes(5);

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly CultureInfo _culture = CultureInfo.GetCultureInfo(options.Culture);

    /// <summary>Every kind due at <paramref name="at"/>, as the timers would compose them that day.</summary>
    public async Task<ComposeSummary> ComposeAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var time = TimeOnly.FromDateTime(at.ToOffset(ChinaTime.Offset).DateTime);
        var kinds = new List<MessageKind>();
        if (options.MorningReminder && time >= ReminderOptions.MorningReminderAt)
        {
            kinds.Add(MessageKind.MorningReminder);
        }
        if (time >= ReminderOptions.OverdueAt)
        {
            kinds.Add(MessageKind.OverdueNudge);
        }
        if (time >= ReminderOptions.EveningDigestAt)
        {
            kinds.Add(MessageKind.EveningDigest);
        }
        return await ComposeAsync(at, kinds, cancellationToken);
    }

    /// <summary>
    /// The given kinds at <paramref name="at"/>: <see cref="MessageKind.EveningDigest"/> for tomorrow,
    /// <see cref="MessageKind.MorningReminder"/> for today, <see cref="MessageKind.OverdueNudge"/> (with the
    /// supervisors' <see cref="MessageKind.OverdueDigest"/>) for visits before today without an outcome.
    /// </summary>
    public async Task<ComposeSummary> ComposeAsync(DateTimeOffset at, IReadOnlyCollection<MessageKind> kinds, CancellationToken cancellationToken = default)
    {
        var today = ChinaTime.DateOf(at);
        var (people, targets) = await LoadRosterAsync(cancellationToken);
        var denied = await outbox.GetDeniedAsync(cancellationToken);
        var drafts = new List<OutboxMessage>();
        foreach (var kind in kinds.Distinct().Where(k => k != MessageKind.MorningReminder || options.MorningReminder))
        {
            switch (kind)
            {
                case MessageKind.EveningDigest:
                    // The evening's "tomorrow": a run delayed past midnight still announces the day it was
                    // meant for (deferred to 08:00 by quiet hours) instead of skipping it.
                    drafts.AddRange(await DayMessagesAsync(MessageKind.EveningDigest, ChinaTime.DateOf(at.AddHours(-6)).AddDays(1), at, people, targets, cancellationToken));
                    break;
                case MessageKind.MorningReminder:
                    drafts.AddRange(await DayMessagesAsync(MessageKind.MorningReminder, today, at, people, targets, cancellationToken));
                    break;
                case MessageKind.OverdueNudge or MessageKind.OverdueDigest:
                    drafts.AddRange(await OverdueMessagesAsync(today, at, people, targets, cancellationToken));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kinds), kind, "Problem notices are not composed by the reminder timers.");
            }
        }

        return await OutboxDrafts.AddAsync(outbox, drafts, denied, _logger, cancellationToken);
    }

    /// <summary>
    /// The <paramref name="kind"/> message <paramref name="recipientId"/> gets for <paramref name="date"/>, composed
    /// from storage as the timers compose it but not written to the outbox: the evening digest and the morning
    /// reminder list the visits on <paramref name="date"/>, the overdue nudge and digest are as of that day.
    /// Null when the recipient has nothing to be told that day.
    /// </summary>
    /// <exception cref="BadInputException">An unknown visitor, or a kind that is not a visit reminder.</exception>
    public async Task<OutboxMessage?> PreviewAsync(MessageKind kind, string recipientId, DateOnly date, CancellationToken cancellationToken = default)
    {
        var (people, targets) = await LoadRosterAsync(cancellationToken);
        if (!people.ContainsKey(recipientId))
        {
            throw new BadInputException($"No visitor '{recipientId}': use an id from visitors.csv (see `visits --grid GRID`).");
        }
        var at = clock.GetUtcNow();
        var drafts = kind switch
        {
            MessageKind.EveningDigest or MessageKind.MorningReminder => await DayMessagesAsync(kind, date, at, people, targets, cancellationToken, recipientId),
            MessageKind.OverdueNudge or MessageKind.OverdueDigest => await OverdueMessagesAsync(date, at, people, targets, cancellationToken, recipientId),
            _ => throw new BadInputException($"{kind.TemplateName()} is not a visit reminder: --visitor and --date preview evening-digest, morning-reminder, overdue-nudge and overdue-digest."),
        };
        return drafts.FirstOrDefault(d => d.Kind == kind && d.RecipientId == recipientId);
    }

    private async Task<(Dictionary<string, Visitor> People, Dictionary<string, Target> Targets)> LoadRosterAsync(CancellationToken cancellationToken)
    {
        var people = (await roster.GetVisitorsAsync(cancellationToken)).ToDictionary(v => v.Id, StringComparer.Ordinal);
        var targets = new Dictionary<string, Target>(StringComparer.Ordinal);
        foreach (var grid in await roster.GetGridsAsync(cancellationToken))
        {
            foreach (var target in await roster.GetTargetsAsync(grid.Id, cancellationToken))
            {
                targets[target.Id] = target;
            }
        }
        return (people, targets);
    }

    // With `only`, just that recipient's message (a preview); the timers compose everyone's.
    private async Task<List<OutboxMessage>> DayMessagesAsync(MessageKind kind, DateOnly day, DateTimeOffset at, Dictionary<string, Visitor> people, Dictionary<string, Target> targets, CancellationToken cancellationToken, string? only = null)
    {
        var messages = new List<OutboxMessage>();
        foreach (var visitor in people.Values.Where(v => only is null || v.Id == only).OrderBy(v => v.Id, StringComparer.Ordinal))
        {
            var dayVisits = (await visits.GetVisitorVisitsAsync(visitor.Id, visitor.Grids, day, day, cancellationToken))
                .Where(v => v.Outcome is null && v.Status == VisitStatus.Planned)
                .ToList();
            if (dayVisits.Count == 0)
            {
                continue;
            }
            var link = Link(LinkGrant.ForDay(visitor.Id, day, dayVisits));
            var items = dayVisits.Select(v =>
            {
                var target = targets.GetValueOrDefault(v.TargetId);
                var partner = v.VisitorIds.Where(id => id != visitor.Id).Select(id => people.GetValueOrDefault(id)?.Name ?? id).FirstOrDefault();
                return new DigestVisit(target?.Name ?? v.TargetId, ShortAddress(target), partner);
            }).ToList();
            var text = renderer.Render(kind, _culture, new VisitDayModel(visitor.Name, day, items, link));
            // Reminders about a day are useless once that day's visits should be under way.
            var expires = Local(day, new TimeOnly(12, 0));
            messages.Add(Draft(kind, day, visitor, OutboxKey.DaySubject, text, at, expires, dayVisits.Select(v => v.Id).ToList()));
        }
        return messages;
    }

    // With `only`, just what that recipient's nudge and digest need: their own visits and their reports'.
    private async Task<List<OutboxMessage>> OverdueMessagesAsync(DateOnly today, DateTimeOffset at, Dictionary<string, Visitor> people, Dictionary<string, Target> targets, CancellationToken cancellationToken, string? only = null)
    {
        var messages = new List<OutboxMessage>();
        var overdueByVisitor = new Dictionary<string, List<Visit>>(StringComparer.Ordinal);
        foreach (var visitor in people.Values.Where(v => only is null || v.Id == only || v.Supervisor == only).OrderBy(v => v.Id, StringComparer.Ordinal))
        {
            var late = (await visits.GetVisitorVisitsAsync(visitor.Id, visitor.Grids, today.AddDays(-options.OverdueLookbackDays), today.AddDays(-1), cancellationToken))
                .Where(v => v.Outcome is null && v.Status is VisitStatus.Planned or VisitStatus.Overdue)
                .OrderBy(v => v.Date).ThenBy(v => v.TargetId, StringComparer.Ordinal)
                .ToList();
            if (late.Count == 0)
            {
                continue;
            }
            overdueByVisitor[visitor.Id] = late;
            // One nudge per visitor a day, about the oldest visit still waiting for an outcome.
            var oldest = late[0];
            var target = targets.GetValueOrDefault(oldest.TargetId);
            var text = renderer.Render(MessageKind.OverdueNudge, _culture, new OverdueNudgeModel(
                visitor.Name, target?.Name ?? oldest.TargetId, ShortAddress(target), oldest.Date, today.DayNumber - oldest.Date.DayNumber,
                Link(LinkGrant.ForVisit(visitor.Id, oldest))));
            messages.Add(Draft(MessageKind.OverdueNudge, today, visitor, OutboxKey.DaySubject, text, at, Local(today, ReminderOptions.QuietFrom), [oldest.Id]));
        }

        foreach (var group in overdueByVisitor
            .Where(p => people[p.Key].Supervisor is { } s && people.ContainsKey(s))
            .GroupBy(p => people[p.Key].Supervisor!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var supervisor = people[group.Key];
            var late = group.SelectMany(p => p.Value.Select(v => (Visitor: people[p.Key], Visit: v))).ToList();
            // A team visit is one item, naming both visitors.
            var items = late
                .GroupBy(x => x.Visit.Id, StringComparer.Ordinal)
                .Select(g => (Visit: g.First().Visit, Names: string.Join("、", g.Select(x => x.Visitor.Name).Distinct()), First: g.Min(x => x.Visitor.Id)!))
                .OrderByDescending(x => today.DayNumber - x.Visit.Date.DayNumber).ThenBy(x => x.First, StringComparer.Ordinal)
                .Select(x => new OverdueItem(x.Names, targets.GetValueOrDefault(x.Visit.TargetId)?.Name ?? x.Visit.TargetId, today.DayNumber - x.Visit.Date.DayNumber))
                .ToList();
            // The supervisor's link is their own day link: there is no supervisor view to link to yet.
            var link = Link(LinkGrant.ForDay(supervisor.Id, today, []));
            var text = renderer.Render(MessageKind.OverdueDigest, _culture, new OverdueDigestModel(supervisor.Name, today, items, link));
            messages.Add(Draft(MessageKind.OverdueDigest, today, supervisor, OutboxKey.DaySubject, text, at, Local(today, ReminderOptions.QuietFrom),
                late.Select(x => x.Visit.Id).Distinct(StringComparer.Ordinal).ToList()));
        }
        return messages;
    }

    private OutboxMessage Draft(MessageKind kind, DateOnly date, Visitor recipient, string subject, string text, DateTimeOffset at, DateTimeOffset expires, IReadOnlyList<string> visitIds) =>
        OutboxDrafts.Create(kind, date, recipient.Id, recipient.Phone, subject, SmsSegments.Shorten(text, options.MaxSegments, More), at, expires, visitIds);

    private string More(int dropped) =>
        _culture.Name.StartsWith("zh", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"另有{dropped}户，详见链接")
            : string.Create(CultureInfo.InvariantCulture, $"+{dropped} more");

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
        if (InQuietHours(at))
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
            : InQuietHours(MomentAt(now)) ? "quiet hours have begun"
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
            result = await sender.SendAsync(new SmsMessage(row.Phone, row.Text, attempt.RepeatabilityId, attempt.FirstSent!.Value), cancellationToken);
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
            SmsSendStatus.Refused => failed with { Status = OutboxStatus.Failed, NextAttemptAt = OutOfQuietHours(at + backoff), RepeatabilityId = NewRepeatabilityId(), FirstSent = null },
            _ => failed with { Status = OutboxStatus.Failed, NextAttemptAt = OutOfQuietHours(at + backoff) },
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

    private string Link(LinkGrant grant) => options.LinkBaseUrl + links.Sign(grant);

    /// <summary>The target's address, or empty when it has none (enterprises are known by name) or it only repeats the name.</summary>
    private static string ShortAddress(Target? target) =>
        target?.Address is { Length: > 0 } address && address != target.Name ? address : "";

    private static DateTimeOffset Local(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), ChinaTime.Offset);

    /// <summary>Quiet hours are 21:00–08:00 China time.</summary>
    public static bool InQuietHours(DateTimeOffset at)
    {
        var time = TimeOnly.FromDateTime(at.ToOffset(ChinaTime.Offset).DateTime);
        return time >= ReminderOptions.QuietFrom || time < ReminderOptions.QuietUntil;
    }

    /// <summary><paramref name="at"/> itself, or the next 08:00 China time when it falls in quiet hours.</summary>
    public static DateTimeOffset OutOfQuietHours(DateTimeOffset at)
    {
        if (!InQuietHours(at))
        {
            return at;
        }
        var local = at.ToOffset(ChinaTime.Offset);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) >= ReminderOptions.QuietFrom)
        {
            day = day.AddDays(1);
        }
        return Local(day, ReminderOptions.QuietUntil);
    }
}
