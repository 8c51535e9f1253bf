using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Reminders;

/// <summary>
/// The problem notices: a <see cref="MessageKind.DispatchNotice"/> to the department a problem is dispatched to,
/// and on escalation (督办) an <see cref="MessageKind.EscalationNotice"/> to that department and an
/// <see cref="MessageKind.EscalationCopy"/> to the grid's supervisor. Rows are keyed (step's China day, kind, recipient, subject), the subject being the problem id and
/// which dispatch or escalation of the problem it is (<c>{id}~2</c> for the second), so a retried step or a rerun of
/// the escalation timer adds nothing while a second dispatch (after a return) or a second escalation (in a later
/// stage) on the same day is told too.
/// </summary>
/// <remarks>
/// Only a problem a department holds (dispatched or accepted) has an escalation notice: a problem escalated
/// because nobody dispatched it has no department to tell. A department missing from the roster gets no notice
/// (logged): dispatch refuses such ids once departments are imported. The due date shown is the problem's (from
/// dispatch, <c>DueDays</c> later until it is accepted); an escalation whose due date has passed asks for the
/// next day. A notice expires at the end of the day it asks for; its link, <c>DueDays</c> later, since acceptance
/// restarts them, but at most <see cref="LinkGrant.MaxProblemLinkDays"/> after the step. The supervisor's copy
/// carries a read-only link (<see cref="LinkGrant.ForProblemCopy"/>). With <paramref name="approved"/> (a gateway that
/// sends only approved templates) each notice carries a code for the same grant instead of the link.
/// </remarks>
public sealed class ProblemNotices(
    IRosterStore roster,
    IOutboxStore outbox,
    ITemplateRenderer renderer,
    LinkTokens links,
    ReminderOptions options,
    TimeProvider clock,
    ILogger<ProblemNotices>? logger = null,
    ApprovedMessages? approved = null) : IProblemNotifier
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly CultureInfo _culture = CultureInfo.GetCultureInfo(options.Culture);

    /// <inheritdoc/>
    public async Task NotifyAsync(Problem problem, ProblemAction step, CancellationToken cancellationToken = default)
    {
        // The department's row is there already (a retried step, the escalation run catching up): nothing to compose.
        if (DepartmentRowId(problem, step) is { } id && await outbox.GetAsync(id, cancellationToken) is not null)
        {
            return;
        }
        var drafts = await ComposeAsync(problem, step, cancellationToken);
        if (drafts.Count > 0)
        {
            await OutboxDrafts.AddAsync(outbox, drafts, await outbox.GetDeniedAsync(cancellationToken), _logger, cancellationToken);
        }
    }

    /// <summary>
    /// The notice rows of <paramref name="step"/> on <paramref name="problem"/>, not written to the outbox (with approved
    /// templates their codes are issued); empty for a step without notices.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> ComposeAsync(Problem problem, ProblemAction step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (StepAt(problem, step) is not { } at || problem.DispatchedAt is not { } dispatchedAt)
        {
            return [];
        }
        var department = (await roster.GetDepartmentsAsync(cancellationToken)).FirstOrDefault(d => d.Id == problem.Department);
        if (department is null)
        {
            _logger.LogWarning("Problem {Problem} is with department {Department}, which is not in the roster: no notice; import departments.csv", problem.Id, problem.Department);
            return [];
        }
        var target = await roster.GetTargetAsync(problem.Grid, problem.TargetId, cancellationToken);
        var targetName = target?.Name ?? problem.TargetId;
        var day = ChinaTime.DateOf(at);
        var due = problem.DueAt is { } dueAt ? ChinaTime.DateOf(dueAt) : ChinaTime.DateOf(dispatchedAt).AddDays(problem.DueDays ?? 1);
        if (step == ProblemAction.Escalate && due <= day)
        {
            due = day.AddDays(1);
        }
        var expires = new DateTimeOffset(due.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset);
        // Acceptance restarts the due days, so the link outlives the notice: a department that accepts as late as
        // the due date can still resolve through it (within the cap LinkGrant puts on every problem link).
        var linkExpires = expires.AddDays(problem.DueDays ?? 1);
        var summary = string.IsNullOrWhiteSpace(problem.Description)
            ? problem.Category
            : problem.Category + (_culture.Name.StartsWith("zh", StringComparison.Ordinal) ? "：" : ": ") + problem.Description.Trim();

        var subject = Subject(problem, step);
        var departmentGrant = LinkGrant.ForProblem(department.Id, problem.Id, at, linkExpires);
        if (step == ProblemAction.Dispatch)
        {
            return [await DraftAsync(MessageKind.DispatchNotice, day, department.Id, department.Phone, subject, summary, departmentGrant, expires,
                (s, link, code) => new DispatchNoticeModel(department.Name, problem.Id, targetName, target?.Address ?? targetName, s, due, link, code), cancellationToken)];
        }

        var daysOpen = day.DayNumber - ChinaTime.DateOf(dispatchedAt).DayNumber;
        var notices = new List<OutboxMessage>
        {
            await DraftAsync(MessageKind.EscalationNotice, day, department.Id, department.Phone, subject, summary, departmentGrant, expires,
                (s, link, code) => new EscalationNoticeModel(department.Name, problem.Id, targetName, s, daysOpen, due, link, code), cancellationToken),
        };
        // The grid's supervisor gets a copy (抄送) of its own kind, with a link that only reads.
        var supervisorId = (await roster.GetGridsAsync(cancellationToken)).FirstOrDefault(g => g.Id == problem.Grid)?.Supervisor;
        if (supervisorId is not null && (await roster.GetVisitorsAsync(cancellationToken)).FirstOrDefault(v => v.Id == supervisorId) is { } supervisor)
        {
            notices.Add(await DraftAsync(MessageKind.EscalationCopy, day, supervisor.Id, supervisor.Phone, subject, summary,
                LinkGrant.ForProblemCopy(supervisor.Id, problem.Id, at, linkExpires), expires,
                (s, link, code) => new EscalationCopyModel(supervisor.Name, department.Name, problem.Id, targetName, s, daysOpen, due, link, code), cancellationToken));
        }
        return notices;
    }

    /// <summary>
    /// The notice's row: its text with the signed link for <paramref name="grant"/>, the summary cut to the segment budget;
    /// or with approved templates the approved one with a code issued for the grant (the summary, like every variable,
    /// shortened to the gateway's limit by the templates).
    /// </summary>
    private async Task<OutboxMessage> DraftAsync(
        MessageKind kind, DateOnly day, string recipientId, string phone, string subject, string summary, LinkGrant grant, DateTimeOffset expires,
        Func<string, string, string?, object> model, CancellationToken cancellationToken)
    {
        if (approved is null)
        {
            var link = Link(grant);
            return Draft(kind, day, recipientId, phone, subject, Render(kind, summary, s => model(s, link, null)), expires, null);
        }
        var message = await approved.ComposeAsync(kind, OutboxKey.Format(day, kind, recipientId, subject), grant, phone, code => model(summary, "", code), issue: true, cancellationToken);
        return Draft(kind, day, recipientId, phone, subject, message.Text, expires, message.Sms);
    }

    /// <summary>
    /// Renders the notice, cutting the problem's summary until it fits <see cref="ReminderOptions.MaxSegments"/>.
    /// The reference, the due date and the link are never cut: when they alone exceed the budget (long ids make
    /// a long signed link) the notice takes the segments they need, and the summary fills what is left of them.
    /// </summary>
    private string Render(MessageKind kind, string summary, Func<string, object> model)
    {
        var text = renderer.Render(kind, _culture, model(summary));
        var budget = Math.Max(options.MaxSegments, SmsSegments.Count(renderer.Render(kind, _culture, model("…"))).Segments);
        var capacity = budget == 1 ? 70 : 67 * budget;
        var elements = StringInfo.ParseCombiningCharacters(summary);
        var keep = elements.Length;
        while (SmsSegments.Count(text).Segments > budget && keep > 0)
        {
            keep = Math.Max(0, keep - Math.Max(1, SmsSegments.Count(text).Units - capacity));
            text = renderer.Render(kind, _culture, model(summary[..elements[keep]] + "…"));
        }
        return text;
    }

    private OutboxMessage Draft(MessageKind kind, DateOnly day, string recipientId, string phone, string subject, string text, DateTimeOffset expires, ApprovedSms? sms) =>
        OutboxDrafts.Create(kind, day, recipientId, phone, subject, text, clock.GetUtcNow(), expires, [], sms);

    /// <summary>When the step that has a notice happened; null for a step (or stage) without one.</summary>
    private static DateTimeOffset? StepAt(Problem problem, ProblemAction step) => step switch
    {
        ProblemAction.Dispatch when problem.Stage == ProblemStatus.Dispatched => problem.DispatchedAt,
        ProblemAction.Escalate when problem.Stage is ProblemStatus.Dispatched or ProblemStatus.Accepted => problem.EscalatedAt,
        _ => null,
    };

    /// <summary>
    /// The outbox subject of a notice: <c>{problemId}~{n}</c> for the problem's n-th dispatch or escalation (a problem is
    /// escalated at most once a stage, but again in a later stage).
    /// </summary>
    private static string Subject(Problem problem, ProblemAction step) =>
        string.Create(CultureInfo.InvariantCulture, $"{problem.Id}{ProblemIds.Separator}{problem.History.Count(e => e.Action == step)}");

    /// <summary>The key of the department's row of this step's notice, or null when the step has no notice.</summary>
    private static string? DepartmentRowId(Problem problem, ProblemAction step) =>
        StepAt(problem, step) is { } at && problem.Department is { } department
            ? OutboxKey.Format(ChinaTime.DateOf(at), step == ProblemAction.Dispatch ? MessageKind.DispatchNotice : MessageKind.EscalationNotice, department, Subject(problem, step))
            : null;

    private string Link(LinkGrant grant) => options.LinkBaseUrl + links.Sign(grant);
}
