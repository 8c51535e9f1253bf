using Outreach.Links;
using Outreach.Pages.Points;
using Outreach.Pages.Requests;
using Outreach.Requests;
using Outreach.Roster;

namespace Outreach.Pages;

/// <summary>
/// The public side of <c>/v/{token}</c>, for <see cref="LinkPages"/>: a target's request page (企业下单、居民点单) and the
/// requester's rating page (评价反馈), their forms posted through <see cref="LinkService"/> and answered with a redirect back
/// (Post/Redirect/Get: <c>?done=request|rated|reopened</c>) or the page again with the errors next to the fields, as typed.
/// A household's request link also opens its points passbook (积分存折, <c>?show=passbook</c>), read only.
/// </summary>
/// <param name="passbooks">The passbook pages; without them a household's request page has no passbook.</param>
internal sealed class RequestPages(LinkService links, PageRenderer renderer, PassbookPages? passbooks)
{
    private static readonly string[] Done = ["request", "rated", "reopened"];

    /// <summary>Whether a posted form is one of these pages'.</summary>
    public static bool Owns(IReadOnlyDictionary<string, string> form) => form.ContainsKey("verdict") || form.GetValueOrDefault("form") == "request";

    /// <summary>The page a request or rating view shows on GET, with what the last post did.</summary>
    public Task<PageResponse>? Open(LinkView view, PageText text, PageQuery query)
    {
        var notice = Done.Contains(query.Done) ? query.Done switch { "request" => text.Placed, "rated" => text.Rated, _ => text.Reopened } : null;
        return view switch
        {
            RequestView { Target.Kind: TargetKind.Household } household when passbooks is not null && query.Show == "passbook" =>
                passbooks.GetAsync(household.Target, query, BackTo(query)),
            RequestView request => RequestAsync(request, text, notice, passbook: PassbookOf(request, query)),
            RatingView rating => RatingAsync(rating, text, notice),
            _ => null,
        };
    }

    public async Task<PageResponse> PostAsync(string token, PageQuery query, PageText text, IReadOnlyDictionary<string, string> form, Func<RefusedView, Task<PageResponse>> refuse, CancellationToken cancellationToken)
    {
        if (form.ContainsKey("verdict"))
        {
            var verdict = new RatingInput(form.GetValueOrDefault("verdict"), form.GetValueOrDefault("rating"), form.GetValueOrDefault("comment"), form.GetValueOrDefault("notSolved"));
            var rated = await links.RateAsync(token, verdict, cancellationToken);
            if (rated.Refused is { } refused)
            {
                return await refuse(refused);
            }
            return rated.Result!.Outcome switch
            {
                RatingOutcome.Rated => Redirect(token, query, "rated"),
                RatingOutcome.Reopened => Redirect(token, query, "reopened"),
                RatingOutcome.Invalid => await AgainAsync(token, text, refuse, view => RatingAsync((RatingView)view, text, null, verdict, rated.Result.Errors), 400, cancellationToken),
                _ => await AgainAsync(token, text, refuse, view => RatingAsync((RatingView)view, text, text.NotWaiting, isError: true), 409, cancellationToken),
            };
        }
        var input = new RequestInput(form.GetValueOrDefault("category"), form.GetValueOrDefault("description"), form.GetValueOrDefault("urgency"), form.GetValueOrDefault("preferredTime"));
        var placed = await links.PlaceRequestAsync(token, input, cancellationToken);
        if (placed.Refused is { } no)
        {
            return await refuse(no);
        }
        return placed.Result!.Outcome switch
        {
            RequestOutcome.Placed => Redirect(token, query, "request"),
            RequestOutcome.Capped => await AgainAsync(token, text, refuse, view => RequestAsync((RequestView)view, text, text.Capped(((RequestView)view).DailyCap), input, isError: true), 429, cancellationToken),
            _ => await AgainAsync(token, text, refuse, view => RequestAsync((RequestView)view, text, null, input, placed.Result.Errors), 400, cancellationToken),
        };
    }

    /// <summary>The page again, as it is now, with the form as posted.</summary>
    private async Task<PageResponse> AgainAsync(string token, PageText text, Func<RefusedView, Task<PageResponse>> refuse, Func<LinkView, Task<PageResponse>> page, int status, CancellationToken cancellationToken) =>
        await links.OpenAsync(token, cancellationToken) switch
        {
            RefusedView refused => await refuse(refused),
            var view and (RequestView or RatingView) => await page(view) with { Status = status },
            _ => await refuse(new RefusedView(LinkRefusal.OutOfScope)),
        };

    /// <summary>The link to a household's passbook, relative to its request page; null for an enterprise or without passbooks.</summary>
    private string? PassbookOf(RequestView view, PageQuery query) =>
        passbooks is not null && view.Target.Kind == TargetKind.Household ? "?show=passbook" + query.LangSuffix : null;

    /// <summary>From the passbook back to the request page, in the language chosen.</summary>
    private static string BackTo(PageQuery query) => query.LangSuffix is { Length: > 0 } lang ? "?" + lang[1..] : "?";

    private async Task<PageResponse> RequestAsync(RequestView view, PageText text, string? notice, RequestInput? typed = null, IReadOnlyList<FieldError>? errors = null, bool isError = false, string? passbook = null) =>
        new(200, await renderer.RenderAsync<RequestPage>(new()
        {
            [nameof(RequestPage.PassbookHref)] = passbook,
            [nameof(RequestPage.View)] = view,
            [nameof(RequestPage.Text)] = text,
            [nameof(RequestPage.Notice)] = notice,
            [nameof(RequestPage.NoticeIsError)] = isError,
            [nameof(RequestPage.Typed)] = typed,
            [nameof(RequestPage.Errors)] = errors ?? [],
        }));

    private async Task<PageResponse> RatingAsync(RatingView view, PageText text, string? notice, RatingInput? typed = null, IReadOnlyList<FieldError>? errors = null, bool isError = false) =>
        new(200, await renderer.RenderAsync<RatingPage>(new()
        {
            [nameof(RatingPage.View)] = view,
            [nameof(RatingPage.Text)] = text,
            [nameof(RatingPage.Notice)] = notice,
            [nameof(RatingPage.NoticeIsError)] = isError,
            [nameof(RatingPage.Typed)] = typed,
            [nameof(RatingPage.Errors)] = errors ?? [],
        }));

    private static PageResponse Redirect(string token, PageQuery query, string done) => new(303, null, $"{Uri.EscapeDataString(token)}?done={done}{query.LangSuffix}");
}
