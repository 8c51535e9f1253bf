using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Pages.Points;
using Outreach.Pages.Problems;
using Outreach.Pages.Refusals;
using Outreach.Pages.Visits;
using Outreach.Problems;
using Outreach.Requests;

namespace Outreach.Pages;

/// <summary>A rendered page (<see cref="Html"/>) or a redirect after a post (<see cref="Location"/>, relative to the page).</summary>
public sealed record PageResponse(int Status, string? Html, string? Location = null);

/// <summary>What a page request says besides its token.</summary>
/// <param name="Lang"><c>?lang=en|zh</c>: the visitor's own choice, kept through posts and redirects.</param>
/// <param name="Saved"><c>?saved=VISIT_ID</c>: the outcome just stored (Post/Redirect/Get).</param>
/// <param name="Done"><c>?done=accept|return|resolve</c>: the department's step just stored.</param>
/// <param name="Edit"><c>?edit=VISIT_ID</c>: the recorded visit to correct, its form open.</param>
/// <param name="Show"><c>?show=passbook</c>: on a household's request link, its points passbook (积分存折) instead of the request form.</param>
public sealed record PageQuery(string? Lang = null, string? AcceptLanguage = null, string? Saved = null, string? Done = null, string? Edit = null, string? Show = null)
{
    /// <summary><c>&amp;lang=…</c> when the language was chosen explicitly, for the page's own links; empty otherwise.</summary>
    public string LangSuffix => Lang is { Length: > 0 } lang ? "&lang=" + Uri.EscapeDataString(lang) : "";
}

/// <summary>
/// The pages at <c>/v/{token}</c>: a link's page on GET, and on POST its form (an outcome for a visit link, a
/// department's step for a problem link, a request or a rating for a target's links, <see cref="RequestPages"/>) through <see cref="LinkService"/>, then a redirect back to the page
/// (Post/Redirect/Get), or the page again with what was typed and the errors next to the fields.
/// </summary>
/// <remarks>
/// Whatever fails underneath (storage unreachable or refusing) still gets a page, with the security headers, saying to
/// try again later: never a stack trace or a bare status code.
/// </remarks>
/// <param name="points">The points passbook: with it, a page of household visits carries the award form, posted here too.</param>
public sealed class LinkPages(LinkService links, PageRenderer renderer, ProblemOptions problemOptions, TimeProvider clock, ILogger<LinkPages>? logger = null, Outreach.Points.PointsService? points = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>At most this much form body: twenty problems of 2,000 characters, percent-encoded, fit.</summary>
    public const int MaxFormBytes = 512 * 1024;

    private static readonly string[] Steps = ["accept", "return", "resolve"];

    private readonly RequestPages _requests = new(links, renderer, points is null ? null : new PassbookPages(points, renderer));

    public Task<PageResponse> GetAsync(string token, PageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = PageText.For(query.Lang, query.AcceptLanguage);
        return GuardAsync(text, () => OpenAsync(token, query, text, cancellationToken));
    }

    private async Task<PageResponse> OpenAsync(string token, PageQuery query, PageText text, CancellationToken cancellationToken) =>
        await (await links.OpenAsync(token, cancellationToken) switch
        {
            var view and (RequestView or RatingView) => _requests.Open(view, text, query)!,
            VisitsView visits => VisitsAsync(visits, text, query, saved: visits.Visits.FirstOrDefault(v => v.Visit.Id == query.Saved) is { } v ? v.Target?.Name ?? v.Visit.TargetId : null),
            ProblemView problem => ProblemAsync(problem, text, Steps.Contains(query.Done) ? text.Done(query.Done!) : null),
            TeamView team => TeamAsync(team, text),
            // The department's own resolve closes the problem: say thank you, not "closed".
            RefusedView { Reason: LinkRefusal.Closed } closed when query.Done == "resolve" => RefusedAsync(closed, text, statusOk: true, text.Done("resolve")),
            var refused => RefusedAsync((RefusedView)refused, text),
        });

    /// <summary>
    /// A posted form: an outcome (it has a <c>visitId</c>) or a department's step (it has an <c>action</c>).
    /// <paramref name="body"/> is null when it was larger than <see cref="MaxFormBytes"/>.
    /// </summary>
    public Task<PageResponse> PostAsync(string token, PageQuery query, byte[]? body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = PageText.For(query.Lang, query.AcceptLanguage);
        return GuardAsync(text, async () =>
        {
            if (body is null)
            {
                return await RefusedAsync(new RefusedView(LinkRefusal.OutOfScope), text, notice: text.TooLarge) with { Status = 413 };
            }
            var form = Parse(body);
            if (form.TryGetValue("award", out var code))
            {
                return await AwardAsync(token, query, text, form, code, cancellationToken);
            }
            if (RequestPages.Owns(form))
            {
                return await _requests.PostAsync(token, query, text, form, refused => RefusedAsync(refused, text), cancellationToken);
            }
            return form.ContainsKey("action")
                ? await StepAsync(token, query, text, form, cancellationToken)
                : await OutcomeAsync(token, query, text, OutcomeFormData.Read(form), cancellationToken);
        });
    }

    private async Task<PageResponse> GuardAsync(PageText text, Func<Task<PageResponse>> page)
    {
        try
        {
            return await page();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "A link page could not be served");
            return await RefusedAsync(new RefusedView(LinkRefusal.Unavailable), text);
        }
    }

    private async Task<PageResponse> OutcomeAsync(string token, PageQuery query, PageText text, OutcomeFormData data, CancellationToken cancellationToken)
    {
        if (data.More)
        {
            return await AgainAsync(token, query, text, data.WithAnotherProblem(), [], _ => null, 200, cancellationToken);
        }
        var post = await links.RecordOutcomeAsync(token, data.VisitId, data.ToRequest(), data.IfMatch, cancellationToken);
        if (post.Refused is { } refused)
        {
            return await RefusedAsync(refused, text);
        }
        var result = post.Result!;
        return result.Kind switch
        {
            OutcomeResultKind.Created or OutcomeResultKind.Replayed or OutcomeResultKind.Corrected =>
                Redirect(token, query, $"saved={Uri.EscapeDataString(data.VisitId)}", $"#v-{data.VisitId}"),
            OutcomeResultKind.Invalid => await AgainAsync(token, query, text, data, result.Errors, _ => null, 400, cancellationToken),
            // Who recorded it matters in a pair visit (两人一组): the correction replaces the partner's record.
            OutcomeResultKind.Conflict when result.Visit?.Outcome is { } stored => await AgainAsync(token, query, text, data with { IfMatch = result.ETag }, [],
                view => text.Conflict($"{Recorder(view, data.VisitId, stored.VisitorId)}{text.OutcomeWord(stored.Status)} {text.When(stored.VisitedAt)}"), 409, cancellationToken),
            OutcomeResultKind.Conflict => await AgainAsync(token, query, text, data, [], _ => text.Busy, 409, cancellationToken),
            OutcomeResultKind.Forbidden => await RefusedAsync(new RefusedView(LinkRefusal.OutOfScope, post.Grant), text),
            _ => await RefusedAsync(new RefusedView(LinkRefusal.NotFound, post.Grant), text),
        };
    }

    /// <summary>
    /// Points awarded at a household's visit of the link (<see cref="Outreach.Points.PointsService.AwardAtVisitAsync"/>), then back
    /// to the page saying so; refused, the page again with the reason on that visit's form.
    /// </summary>
    private async Task<PageResponse> AwardAsync(string token, PageQuery query, PageText text, IReadOnlyDictionary<string, string> form, string code, CancellationToken cancellationToken)
    {
        if (points is null)
        {
            return await RefusedAsync(new RefusedView(LinkRefusal.OutOfScope), text);
        }
        var view = await links.OpenAsync(token, cancellationToken);
        if (view is not VisitsView visits)
        {
            return await RefusedAsync(view as RefusedView ?? new RefusedView(LinkRefusal.ReadOnly), text);
        }
        var visitId = form.GetValueOrDefault("visitId") ?? "";
        var result = await points.AwardAtVisitAsync(visits, visitId, code, form.GetValueOrDefault("note"), form.GetValueOrDefault("resident"), cancellationToken);
        return result.Refusal switch
        {
            null => Redirect(token, query, $"saved={Uri.EscapeDataString(visitId)}&done=award", $"#v-{visitId}"),
            Outreach.Points.PointsRefusal.NotAtThisVisit => await RefusedAsync(new RefusedView(LinkRefusal.OutOfScope, visits.Grant), text),
            var refusal => await VisitsAsync(visits, text, query, saved: null, award: (visitId, text.AwardRefused(result))) with
            {
                Status = refusal is Outreach.Points.PointsRefusal.Invalid or Outreach.Points.PointsRefusal.UnknownRule ? 400 : 409,
            },
        };
    }

    private async Task<PageResponse> StepAsync(string token, PageQuery query, PageText text, IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken)
    {
        var action = form["action"];
        var typed = form.GetValueOrDefault(action == "return" ? "reason" : "resolution");
        var step = new ProblemStepInput(action, Reason: form.GetValueOrDefault("reason"), Resolution: form.GetValueOrDefault("resolution"));
        if (!ProblemStepInput.DepartmentActions.Contains(action))
        {
            return await RefusedAsync(new RefusedView(LinkRefusal.OutOfScope), text);
        }
        if (step.ToCommand().Errors is [_, ..] bad)
        {
            return await ProblemAgainAsync(token, text, _ => null, action, typed, bad, 400, cancellationToken);
        }
        var post = await links.ApplyStepAsync(token, null, step, cancellationToken);
        if (post.Refused is { } refused)
        {
            return await RefusedAsync(refused, text);
        }
        var result = post.Result!;
        return result.Kind switch
        {
            ProblemStepKind.Applied => Redirect(token, query, $"done={action}", ""),
            ProblemStepKind.Refused => await ProblemAgainAsync(token, text, view => text.StepRefused(view.Problem.Status), null, null, [], 409, cancellationToken),
            ProblemStepKind.NotYours => await ProblemAgainAsync(token, text, view => text.NowWith(view.Department?.Name ?? view.Problem.Department ?? "—"), null, null, [], 403, cancellationToken),
            ProblemStepKind.NotFound => await RefusedAsync(new RefusedView(LinkRefusal.NotFound, post.Grant), text),
            ProblemStepKind.Invalid => await ProblemAgainAsync(token, text, _ => null, action, typed, result.Errors, 400, cancellationToken),
            _ => await ProblemAgainAsync(token, text, _ => text.Changed, action, typed, [], 409, cancellationToken),
        };
    }

    /// <summary>The visits page again, with one form as posted: its errors or the conflict next to it.</summary>
    private async Task<PageResponse> AgainAsync(string token, PageQuery query, PageText text, OutcomeFormData data, IReadOnlyList<FieldError> errors,
        Func<VisitsView, string?> conflict, int status, CancellationToken cancellationToken) =>
        await links.OpenAsync(token, cancellationToken) switch
        {
            VisitsView view => await VisitsAsync(view, text, query, saved: null, data, errors, conflict(view)) with { Status = status },
            RefusedView refused => await RefusedAsync(refused, text),
            _ => await RefusedAsync(new RefusedView(LinkRefusal.OutOfScope), text),
        };

    /// <summary>"李明 " when someone other than the link's visitor recorded the visit, by name where the page knows it.</summary>
    private static string Recorder(VisitsView view, string visitId, string recorderId) =>
        recorderId == view.Visitor.Id ? ""
        : (view.Visits.FirstOrDefault(v => v.Visit.Id == visitId)?.Team.FirstOrDefault(p => p.Id == recorderId)?.Name ?? recorderId) + " ";

    /// <summary>The problem page again, as it is now, with why the step did nothing (worded from the problem as it is now).</summary>
    private async Task<PageResponse> ProblemAgainAsync(string token, PageText text, Func<ProblemView, string?> notice, string? action, string? typed, IReadOnlyList<FieldError> errors, int status, CancellationToken cancellationToken) =>
        await links.OpenAsync(token, cancellationToken) switch
        {
            ProblemView view => await ProblemAsync(view, text, notice(view), isError: true, action, typed, errors) with { Status = status },
            RefusedView refused => await RefusedAsync(refused, text),
            _ => await RefusedAsync(new RefusedView(LinkRefusal.OutOfScope), text),
        };

    private async Task<PageResponse> VisitsAsync(VisitsView view, PageText text, PageQuery query, string? saved, OutcomeFormData? form = null, IReadOnlyList<FieldError>? errors = null, string? conflict = null,
        (string VisitId, string Notice)? award = null) =>
        new(200, await renderer.RenderAsync<VisitsPage>(new()
        {
            // Read with the visits (LinkService), side by side with the rest of the page's reads.
            [nameof(VisitsPage.Rules)] = points is null ? [] : view.Rules,
            [nameof(VisitsPage.SavedAward)] = query.Done == "award",
            [nameof(VisitsPage.AwardVisit)] = award?.VisitId,
            [nameof(VisitsPage.AwardNotice)] = award?.Notice,
            [nameof(VisitsPage.View)] = view,
            [nameof(VisitsPage.Text)] = text,
            [nameof(VisitsPage.Categories)] = problemOptions.CategoryList,
            [nameof(VisitsPage.Now)] = clock.GetUtcNow(),
            [nameof(VisitsPage.Form)] = form,
            [nameof(VisitsPage.Errors)] = errors ?? [],
            [nameof(VisitsPage.Conflict)] = conflict,
            [nameof(VisitsPage.Saved)] = saved,
            [nameof(VisitsPage.Edit)] = query.Edit,
            [nameof(VisitsPage.LangQuery)] = query.LangSuffix,
        }));

    private async Task<PageResponse> ProblemAsync(ProblemView view, PageText text, string? notice, bool isError = false, string? action = null, string? typed = null, IReadOnlyList<FieldError>? errors = null) =>
        new(200, await renderer.RenderAsync<ProblemPage>(new()
        {
            [nameof(ProblemPage.View)] = view,
            [nameof(ProblemPage.Text)] = text,
            [nameof(ProblemPage.Now)] = clock.GetUtcNow(),
            [nameof(ProblemPage.Notice)] = notice,
            [nameof(ProblemPage.NoticeIsError)] = isError,
            [nameof(ProblemPage.Action)] = action,
            [nameof(ProblemPage.Typed)] = typed,
            [nameof(ProblemPage.Errors)] = errors ?? [],
        }));

    private async Task<PageResponse> TeamAsync(TeamView view, PageText text) =>
        new(200, await renderer.RenderAsync<TeamPage>(new()
        {
            [nameof(TeamPage.View)] = view,
            [nameof(TeamPage.Text)] = text,
        }));

    private async Task<PageResponse> RefusedAsync(RefusedView view, PageText text, bool statusOk = false, string? notice = null) =>
        new(statusOk ? 200 : StatusOf(view.Reason), await renderer.RenderAsync<RefusedPage>(new()
        {
            [nameof(RefusedPage.View)] = view,
            [nameof(RefusedPage.Text)] = text,
            [nameof(RefusedPage.Notice)] = notice,
        }));

    private static int StatusOf(LinkRefusal reason) => reason switch
    {
        LinkRefusal.Incomplete => 400,
        LinkRefusal.NotFound => 404,
        LinkRefusal.Closed => 410,
        LinkRefusal.OutOfScope or LinkRefusal.ReadOnly => 403,
        LinkRefusal.Unavailable => 503,
        LinkRefusal.Replaced => 410,
        _ => 401,
    };

    /// <summary>Back to the page the form was on, relative to <c>/v/{token}</c>, keeping an explicit language choice.</summary>
    private static PageResponse Redirect(string token, PageQuery query, string what, string fragment) =>
        new(303, null, $"{Uri.EscapeDataString(token)}?{what}{query.LangSuffix}{fragment}");

    /// <summary>An <c>application/x-www-form-urlencoded</c> body (UTF-8, as the pages declare); the first value of each name.</summary>
    public static IReadOnlyDictionary<string, string> Parse(byte[] body) =>
        QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).ToDictionary(p => p.Key, p => p.Value.Count > 0 ? p.Value[0] ?? "" : "", StringComparer.Ordinal);
}
