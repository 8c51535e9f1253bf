using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Reminders;

/// <summary>What one compose run wrote: rows added, and rows that already existed (a rerun).</summary>
public sealed record ComposeSummary(IReadOnlyList<OutboxMessage> Added, int AlreadyThere);

/// <summary>
/// Writes the reminders due at a moment into the outbox (and previews them without writing); sending them is
/// <see cref="OutboxDrainer"/>'s, reached through <see cref="DrainAsync"/> and <see cref="PurgeAsync"/>.
/// </summary>
/// <remarks>
/// Composing is idempotent: rows have deterministic keys, so a rerun or an overlapping timer adds nothing. With
/// <paramref name="approved"/> (a gateway that sends only approved templates) each message carries a code instead of
/// its link: issued for the row's key, so a rerun issues the same code and stores nothing new, and not issued for a
/// preview, which only shows it.
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
    ILogger<ReminderService>? logger = null,
    ApprovedMessages? approved = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly CultureInfo _culture = CultureInfo.GetCultureInfo(options.Culture);
    private readonly OutboxDrainer _drainer = new(visits, outbox, sender, options, clock, logger);

    /// <inheritdoc cref="OutboxDrainer.DrainAsync"/>
    public Task<DrainSummary> DrainAsync(DateTimeOffset at, CancellationToken cancellationToken = default) => _drainer.DrainAsync(at, cancellationToken);

    /// <inheritdoc cref="OutboxDrainer.PurgeAsync"/>
    public Task<int> PurgeAsync(DateOnly before, CancellationToken cancellationToken = default) => _drainer.PurgeAsync(before, cancellationToken);

    /// <inheritdoc cref="OutboxDrainer.RetentionCutoff"/>
    public DateOnly RetentionCutoff() => _drainer.RetentionCutoff();

    /// <summary>Every kind due at <paramref name="at"/>, as the timers would compose them that day.</summary>
    public async Task<ComposeSummary> ComposeAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var time = TimeOnly.FromDateTime(at.ToOffset(ChinaTime.Offset).DateTime);
        var kinds = new List<MessageKind>();
        if (time >= ReminderOptions.MorningReminderAt && time < ReminderOptions.DayRemindersExpireAt)
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
        var view = await LoadRosterAsync(_culture, cancellationToken);
        var denied = await outbox.GetDeniedAsync(cancellationToken);
        var drafts = new List<OutboxMessage>();
        foreach (var kind in kinds.Distinct())
        {
            switch (kind)
            {
                case MessageKind.EveningDigest:
                    // The evening's "tomorrow": a run delayed past midnight still announces the day it was
                    // meant for (deferred to 08:00 by quiet hours) instead of skipping it.
                    drafts.AddRange(await DayMessagesAsync(MessageKind.EveningDigest, ChinaTime.DateOf(at.AddHours(-6)).AddDays(1), at, view, cancellationToken));
                    break;
                case MessageKind.MorningReminder:
                    drafts.AddRange(await DayMessagesAsync(MessageKind.MorningReminder, today, at, view, cancellationToken));
                    break;
                case MessageKind.OverdueNudge or MessageKind.OverdueDigest:
                    drafts.AddRange(await OverdueMessagesAsync(today, at, view, cancellationToken));
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
    /// Null when the recipient has nothing to be told that day. With approved templates the message shows the code it
    /// will carry, which is not issued: it opens nothing until the message is composed.
    /// </summary>
    /// <param name="culture">The language of the message; default the deployment's (<see cref="ReminderOptions.Culture"/>).</param>
    /// <exception cref="BadInputException">An unknown visitor, or a kind that is not a visit reminder.</exception>
    public async Task<OutboxMessage?> PreviewAsync(MessageKind kind, string recipientId, DateOnly date, CultureInfo? culture = null, CancellationToken cancellationToken = default)
    {
        var view = await LoadRosterAsync(culture ?? _culture, cancellationToken);
        if (!view.People.ContainsKey(recipientId))
        {
            throw new BadInputException($"No visitor '{recipientId}': use an id from visitors.csv.");
        }
        var at = clock.GetUtcNow();
        var drafts = kind switch
        {
            MessageKind.EveningDigest or MessageKind.MorningReminder => await DayMessagesAsync(kind, date, at, view, cancellationToken, recipientId),
            MessageKind.OverdueNudge or MessageKind.OverdueDigest => await OverdueMessagesAsync(date, at, view, cancellationToken, recipientId),
            _ => throw new BadInputException($"{kind.TemplateName()} is not a visit reminder: a visitor's message for a day is one of evening-digest, morning-reminder, overdue-nudge and overdue-digest."),
        };
        return drafts.FirstOrDefault(d => d.Kind == kind && d.RecipientId == recipientId);
    }

    /// <summary>Who and what the messages name, the policies that say which visits get a morning reminder, and the language.</summary>
    private sealed record RosterView(Dictionary<string, Visitor> People, Dictionary<string, Target> Targets, PolicyBook Policies, CultureInfo Culture)
    {
        /// <summary>Whether the policy of the visit's target asks for a reminder on the morning of the visit.</summary>
        public bool WantsMorningReminder(Visit visit) =>
            Targets.GetValueOrDefault(visit.TargetId) is { } target && Policies.Match(target) is { MorningReminder: true };
    }

    private async Task<RosterView> LoadRosterAsync(CultureInfo culture, CancellationToken cancellationToken)
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
        var imported = await roster.GetPoliciesAsync(cancellationToken);
        return new RosterView(people, targets, imported.Count == 0 ? PolicyBook.Defaults : new PolicyBook(imported), culture);
    }

    // With `only`, just that recipient's message (a preview); the timers compose everyone's. A morning reminder goes
    // to a visitor whose day has a visit whose policy asks for one (or to everyone with ReminderOptions:MorningReminder),
    // and lists the whole day.
    private async Task<List<OutboxMessage>> DayMessagesAsync(MessageKind kind, DateOnly day, DateTimeOffset at, RosterView view, CancellationToken cancellationToken, string? only = null)
    {
        var (people, targets) = (view.People, view.Targets);
        var messages = new List<OutboxMessage>();
        if (kind == MessageKind.MorningReminder && !options.MorningReminder && !view.Policies.Policies.Any(p => p.MorningReminder))
        {
            return messages;
        }
        foreach (var visitor in people.Values.Where(v => only is null || v.Id == only).OrderBy(v => v.Id, StringComparer.Ordinal))
        {
            var dayVisits = (await visits.GetVisitorVisitsAsync(visitor.Id, visitor.Grids, day, day, cancellationToken))
                .Where(v => v.Outcome is null && v.Status == VisitStatus.Planned)
                .ToList();
            if (dayVisits.Count == 0
                || (kind == MessageKind.MorningReminder && !options.MorningReminder && !dayVisits.Any(view.WantsMorningReminder)))
            {
                continue;
            }
            var items = dayVisits.Select(v =>
            {
                var target = targets.GetValueOrDefault(v.TargetId);
                var partner = v.VisitorIds.Where(id => id != visitor.Id).Select(id => people.GetValueOrDefault(id)?.Name ?? id).FirstOrDefault();
                return new DigestVisit(target?.Name ?? v.TargetId, ShortAddress(target), partner, target?.Kind ?? v.TargetKind);
            }).ToList();
            var (text, sms) = await TextAsync(kind, day, visitor, OutboxKey.DaySubject, LinkGrant.ForDay(visitor.Id, day, dayVisits),
                (link, code) => new VisitDayModel(visitor.Name, day, items, link, code), view.Culture, issue: only is null, cancellationToken);
            var expires = Local(day, ReminderOptions.DayRemindersExpireAt);
            messages.Add(Draft(kind, day, visitor, OutboxKey.DaySubject, text, sms, at, expires, dayVisits.Select(v => v.Id).ToList()));
        }
        return messages;
    }

    // With `only`, just what that recipient's nudge and digest need: their own visits and their reports'.
    private async Task<List<OutboxMessage>> OverdueMessagesAsync(DateOnly today, DateTimeOffset at, RosterView view, CancellationToken cancellationToken, string? only = null)
    {
        var (people, targets) = (view.People, view.Targets);
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
            var (text, sms) = await TextAsync(MessageKind.OverdueNudge, today, visitor, OutboxKey.DaySubject, LinkGrant.ForVisit(visitor.Id, oldest),
                (link, code) => new OverdueNudgeModel(visitor.Name, target?.Name ?? oldest.TargetId, ShortAddress(target), oldest.Date,
                    today.DayNumber - oldest.Date.DayNumber, link, code),
                view.Culture, issue: only is null, cancellationToken);
            messages.Add(Draft(MessageKind.OverdueNudge, today, visitor, OutboxKey.DaySubject, text, sms, at, Local(today, ReminderOptions.QuietFrom), [oldest.Id]));
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
                .Select(x => new OverdueItem(x.Names, targets.GetValueOrDefault(x.Visit.TargetId)?.Name ?? x.Visit.TargetId, today.DayNumber - x.Visit.Date.DayNumber, targets.GetValueOrDefault(x.Visit.TargetId)?.Kind ?? x.Visit.TargetKind))
                .ToList();
            // The supervisor's link opens the same list, read-only, with each visitor's number to call.
            var (text, sms) = await TextAsync(MessageKind.OverdueDigest, today, supervisor, OutboxKey.DaySubject, LinkGrant.ForTeam(supervisor.Id, today),
                (link, code) => new OverdueDigestModel(supervisor.Name, today, items, link, code), view.Culture, issue: only is null, cancellationToken);
            messages.Add(Draft(MessageKind.OverdueDigest, today, supervisor, OutboxKey.DaySubject, text, sms, at, Local(today, ReminderOptions.QuietFrom),
                late.Select(x => x.Visit.Id).Distinct(StringComparer.Ordinal).ToList()));
        }
        return messages;
    }

    /// <summary>
    /// The message's text: the template with the signed link, shortened to the segment budget; or with approved templates
    /// the approved one with the code for the same grant (issued unless <paramref name="issue"/> is false, a preview),
    /// its variables shortened to the gateway's limit, and what the gateway is sent.
    /// </summary>
    private async Task<(string Text, ApprovedSms? Approved)> TextAsync(
        MessageKind kind, DateOnly date, Visitor recipient, string subject, LinkGrant grant, Func<string, string?, object> model, CultureInfo culture, bool issue, CancellationToken cancellationToken)
    {
        if (approved is null)
        {
            var built = model(Link(grant), null);
            var text = renderer.Render(kind, culture, built);
            return (SmsSegments.Shorten(text, options.MaxSegments, dropped => More(KindCounts.Listed(built), dropped, culture)), null);
        }
        var message = await approved.ComposeAsync(kind, OutboxKey.Format(date, kind, recipient.Id, subject), grant, recipient.Phone, code => model("", code), issue, cancellationToken);
        return (message.Text, message.Sms);
    }

    private static OutboxMessage Draft(MessageKind kind, DateOnly date, Visitor recipient, string subject, string text, ApprovedSms? sms, DateTimeOffset at, DateTimeOffset expires, IReadOnlyList<string> visitIds) =>
        OutboxDrafts.Create(kind, date, recipient.Id, recipient.Phone, subject, text, at, expires, visitIds, sms);

    /// <summary>What stands for the <paramref name="dropped"/> last lines of the list: <c>另有2家企业、1户居民，详见链接</c>.</summary>
    private static string More(IReadOnlyList<IKindCounted> listed, int dropped, CultureInfo culture) =>
        !culture.Name.StartsWith("zh", StringComparison.Ordinal) ? string.Create(CultureInfo.InvariantCulture, $"+{dropped} more")
        : dropped <= listed.Count ? $"另有{KindCounts.Chinese(listed.TakeLast(dropped))}，详见链接"
        : string.Create(CultureInfo.InvariantCulture, $"另有{dropped}处，详见链接");

    private string Link(LinkGrant grant) => options.LinkBaseUrl + links.Sign(grant);

    /// <summary>The target's address, or empty when it has none (enterprises are known by name) or it only repeats the name.</summary>
    private static string ShortAddress(Target? target) =>
        target?.Address is { Length: > 0 } address && address != target.Name ? address : "";

    private static DateTimeOffset Local(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), ChinaTime.Offset);
}
