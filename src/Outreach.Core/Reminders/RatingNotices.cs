using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Problems;
using Outreach.Requests;
using Outreach.Roster;

namespace Outreach.Reminders;

/// <summary>
/// 评价反馈: when a problem is resolved, its target's contact (an enterprise's contact phone, a household's phone) gets a
/// <see cref="MessageKind.RatingRequest"/> with a link to rate the fix 1 to 5 or say it is not solved, valid for
/// <see cref="RequestOptions.RatingDays"/>, after which the problem counts as 默认满意. Through the outbox like every
/// message (quiet hours, deny list, rate limit). Keyed (resolve's China day, kind, target, <c>{problemId}~{n}</c> for the
/// n-th resolve), so a retried step or the escalation run's catch-up adds nothing, while a fix after a reopen asks again.
/// </summary>
public sealed class RatingNotices(
    IRosterStore roster,
    IOutboxStore outbox,
    ITemplateRenderer renderer,
    LinkTokens links,
    ReminderOptions options,
    RequestOptions requestOptions,
    TimeProvider clock,
    ILogger<RatingNotices>? logger = null,
    ApprovedMessages? approved = null) : IProblemNotifier
{
    /// <summary>A resolution longer than this is cut in the SMS (the page shows it whole).</summary>
    public const int MaxResolution = 30;

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly CultureInfo _culture = CultureInfo.GetCultureInfo(options.Culture);

    /// <inheritdoc/>
    public async Task NotifyAsync(Problem problem, ProblemAction step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (step != ProblemAction.Resolve || problem is not { Stage: ProblemStatus.Resolved, ResolvedAt: { } resolvedAt })
        {
            return;
        }
        var target = await roster.GetTargetAsync(problem.Grid, problem.TargetId, cancellationToken);
        if (target?.Phone is not { Length: > 0 } phone)
        {
            _logger.LogInformation("Problem {Problem} was resolved, but its target has no phone in the roster: nobody to ask for a rating", problem.Id);
            return;
        }
        var day = ChinaTime.DateOf(resolvedAt);
        var subject = string.Create(CultureInfo.InvariantCulture, $"{problem.Id}{ProblemIds.Separator}{problem.History.Count(e => e.Action == ProblemAction.Resolve)}");
        var key = OutboxKey.Format(day, MessageKind.RatingRequest, target.Id, subject);
        if (await outbox.GetAsync(key, cancellationToken) is not null)
        {
            return;
        }
        var rateBy = resolvedAt.AddDays(requestOptions.RatingDays);
        var grant = LinkGrant.ForRating(target.Id, problem.Id, rateBy);
        var resolution = Shorten(problem.Resolution ?? "");
        var rateByDay = ChinaTime.DateOf(rateBy);
        OutboxMessage draft;
        if (approved is null)
        {
            var text = renderer.Render(MessageKind.RatingRequest, _culture,
                new RatingRequestModel(target.Name, problem.Category, resolution, rateByDay, options.LinkBaseUrl + links.Sign(grant)));
            draft = OutboxDrafts.Create(MessageKind.RatingRequest, day, target.Id, phone, subject, text, clock.GetUtcNow(), rateBy, []);
        }
        else
        {
            var message = await approved.ComposeAsync(MessageKind.RatingRequest, key, grant, phone,
                code => new RatingRequestModel(target.Name, problem.Category, resolution, rateByDay, "", code), issue: true, cancellationToken);
            draft = OutboxDrafts.Create(MessageKind.RatingRequest, day, target.Id, phone, subject, message.Text, clock.GetUtcNow(), rateBy, [], message.Sms);
        }
        await OutboxDrafts.AddAsync(outbox, [draft], await outbox.GetDeniedAsync(cancellationToken), _logger, cancellationToken);
    }

    private static string Shorten(string text)
    {
        var trimmed = text.Trim();
        var elements = StringInfo.ParseCombiningCharacters(trimmed);
        return elements.Length <= MaxResolution ? trimmed : trimmed[..elements[MaxResolution - 1]] + "…";
    }
}

/// <summary>
/// Several notifiers told of every step in turn (the department's notices, the requester's rating request): one that
/// fails does not keep the others from writing theirs; the failure is thrown after all have had their turn.
/// </summary>
public sealed class ProblemNotifierSet(IReadOnlyList<IProblemNotifier> notifiers) : IProblemNotifier
{
    /// <inheritdoc/>
    public async Task NotifyAsync(Problem problem, ProblemAction step, CancellationToken cancellationToken = default)
    {
        var failures = new List<Exception>();
        foreach (var notifier in notifiers)
        {
            try
            {
                await notifier.NotifyAsync(problem, step, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(e);
            }
        }
        if (failures.Count > 0)
        {
            throw failures.Count == 1 ? failures[0] : new AggregateException(failures);
        }
    }
}
