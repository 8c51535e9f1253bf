using Outreach.Calendar;
using Outreach.Links;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Requests;

/// <summary>
/// The public side's links: a target's long-lived request link, where its contact places requests (企业下单、居民点单)
/// and follows them, and the requester's rating link (评价反馈). A request enters the problem workflow at
/// <c>reported</c> with source <c>request</c> through <see cref="ProblemService"/>, so triage, dispatch, 督办 and the
/// reports cover it; a rating is the workflow's evaluate, or its reopen when the requester says it is not solved.
/// The grant arrives checked (<see cref="LinkService"/>): this adds the generation of request links and the limits.
/// </summary>
public sealed class RequestService(
    IRosterStore roster,
    IProblemStore problems,
    IRequestLinkStore generations,
    ProblemService problemSteps,
    LinkTokens links,
    ProblemOptions problemOptions,
    RequestOptions options,
    TimeProvider clock)
{
    /// <summary>Who the history names for what the requester did through a link.</summary>
    public const string Actor = "requester";

    /// <summary>The token of <paramref name="target"/>'s request link: its current one, or with <paramref name="rotate"/> a new one that revokes every earlier link.</summary>
    public async Task<string> TokenAsync(Target target, bool rotate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var generation = rotate
            ? await generations.RotateAsync(target.Grid, target.Id, cancellationToken)
            : await generations.GetGenerationAsync(target.Grid, target.Id, cancellationToken);
        return links.Sign(LinkGrant.ForRequests(target.Id, target.Grid, generation));
    }

    /// <summary>Every target of the roster, grid by grid, for printing every link.</summary>
    public async Task<IReadOnlyList<Target>> AllTargetsAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<Target>();
        foreach (var grid in (await roster.GetGridsAsync(cancellationToken)).OrderBy(g => g.Id, StringComparer.Ordinal))
        {
            all.AddRange((await roster.GetTargetsAsync(grid.Id, cancellationToken)).OrderBy(t => t.Id, StringComparer.Ordinal));
        }
        return all;
    }

    /// <summary>What a request or rating grant opens now: the request page, the rating, or why not and whom to ask.</summary>
    public async Task<LinkView> OpenAsync(LinkGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.RatedProblemId is { } problemId)
        {
            return await RatingAsync(grant, problemId, cancellationToken);
        }
        var (target, refused) = await TargetAsync(grant, cancellationToken);
        if (target is null)
        {
            return refused!;
        }
        var mine = await RequestsAsync(target, cancellationToken);
        var today = ChinaTime.Today(clock);
        return new RequestView(grant, target, mine, problemOptions.CategoryList, mine.Count(p => ChinaTime.DateOf(p.ReportedAt) == today),
            options.DailyCap, options.MaxDescription, await CoordinatorAsync(target.Grid, cancellationToken));
    }

    /// <summary>
    /// Places a request for the link's target: every bad field, or the day's cap reached, writes nothing; the same request
    /// posted again the same day (a second tap) is the one already placed.
    /// </summary>
    public async Task<LinkPost<RequestResult>> PlaceAsync(LinkGrant grant, RequestInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (target, refused) = await TargetAsync(grant, cancellationToken);
        if (target is null)
        {
            return refused!;
        }
        var (report, errors) = RequestRules.Validate(input, target, problemOptions.CategoryList, options.MaxDescription);
        if (report is null)
        {
            return new LinkPost<RequestResult>(new RequestResult(RequestOutcome.Invalid, null, errors), null, grant);
        }
        var mine = await RequestsAsync(target, cancellationToken);
        var now = clock.GetUtcNow();
        var id = ProblemIds.Format(target.Grid, ProblemIds.Request(target.Id, now, report.Category, report.Description));
        if (mine.FirstOrDefault(p => p.Id == id) is { } placed)
        {
            return new LinkPost<RequestResult>(new RequestResult(RequestOutcome.Placed, placed, []), null, grant);
        }
        if (mine.Count(p => ChinaTime.DateOf(p.ReportedAt) == ChinaTime.DateOf(now)) >= options.DailyCap)
        {
            return new LinkPost<RequestResult>(new RequestResult(RequestOutcome.Capped, null, []), null, grant);
        }
        var opened = await problemSteps.OpenAsync(report, cancellationToken);
        return new LinkPost<RequestResult>(
            opened.Problem is { } problem ? new RequestResult(RequestOutcome.Placed, problem, []) : new RequestResult(RequestOutcome.Invalid, null, opened.Errors), null, grant);
    }

    /// <summary>
    /// The requester's verdict on the link's problem: a rating (evaluated, marked as the requester's) or "not solved"
    /// (reopened: returned to the coordinator with their words, a 不满意 case). Only while it waits for one.
    /// </summary>
    public async Task<LinkPost<RatingResult>> RateAsync(LinkGrant grant, RatingInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(input);
        if (grant.RatedProblemId is not { } problemId || await MineAsync(grant, problemId, cancellationToken) is not { } stored)
        {
            return new RefusedView(grant.RatedProblemId is null ? LinkRefusal.OutOfScope : LinkRefusal.NotFound, grant);
        }
        var (command, errors) = RequestRules.Verdict(input);
        if (command is null)
        {
            return new LinkPost<RatingResult>(new RatingResult(RatingOutcome.Invalid, stored, errors), null, grant);
        }
        var result = await problemSteps.ApplyAsync(problemId, command, Actor, cancellationToken: cancellationToken);
        var problem = result.Problem ?? stored;
        // A second tap on a slow line finds its own verdict just stored: done, not refused.
        var done = result.Kind == ProblemStepKind.Applied
            || (result.Kind == ProblemStepKind.Refused && problem.History is [.., var last] && last.Actor == Actor && last.Action == command.Action);
        var outcome = !done ? RatingOutcome.NotWaiting : command is Reopen ? RatingOutcome.Reopened : RatingOutcome.Rated;
        return new LinkPost<RatingResult>(new RatingResult(outcome, problem, []), null, grant);
    }

    /// <summary>The rating page: the problem must be the link's target's.</summary>
    private async Task<LinkView> RatingAsync(LinkGrant grant, string problemId, CancellationToken cancellationToken)
    {
        if (await MineAsync(grant, problemId, cancellationToken) is not { } problem)
        {
            return new RefusedView(LinkRefusal.NotFound, grant);
        }
        return new RatingView(grant, problem, await roster.GetTargetAsync(problem.Grid, problem.TargetId, cancellationToken),
            problem.Stage == ProblemStatus.Resolved, problem.ResolvedAt?.AddDays(options.RatingDays), await CoordinatorAsync(problem.Grid, cancellationToken));
    }

    private async Task<Problem?> MineAsync(LinkGrant grant, string problemId, CancellationToken cancellationToken) =>
        (ProblemIds.TryParse(problemId, out _, out _) ? await problems.GetAsync(problemId, cancellationToken) : null) is { } stored
        && stored.Problem.TargetId == grant.VisitorId
            ? stored.Problem
            : null;

    /// <summary>The request link's target while the link is its current generation; else why not, and the coordinator to ask.</summary>
    private async Task<(Target? Target, RefusedView? Refused)> TargetAsync(LinkGrant grant, CancellationToken cancellationToken)
    {
        if (grant.Requests is not var (grid, generation))
        {
            return (null, new RefusedView(LinkRefusal.OutOfScope, grant));
        }
        var target = await roster.GetTargetAsync(grid, grant.VisitorId, cancellationToken);
        if (target is null)
        {
            return (null, new RefusedView(LinkRefusal.NotFound, grant, await CoordinatorAsync(grid, cancellationToken)));
        }
        return await generations.GetGenerationAsync(grid, target.Id, cancellationToken) == generation
            ? (target, null)
            : (null, new RefusedView(LinkRefusal.Replaced, grant, await CoordinatorAsync(grid, cancellationToken)));
    }

    /// <summary>The target's own requests, newest first.</summary>
    private async Task<IReadOnlyList<Problem>> RequestsAsync(Target target, CancellationToken cancellationToken) =>
        (await problems.ListAsync(new ProblemFilter(Grid: target.Grid), cancellationToken))
            .Select(p => p.Problem)
            .Where(p => p.TargetId == target.Id && p.Source == ProblemSource.Request)
            .OrderByDescending(p => p.ReportedAt).ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();

    private async Task<Contact?> CoordinatorAsync(string grid, CancellationToken cancellationToken)
    {
        var supervisor = (await roster.GetGridsAsync(cancellationToken)).FirstOrDefault(g => g.Id == grid)?.Supervisor;
        return supervisor is not null && await roster.GetVisitorAsync(supervisor, cancellationToken) is { } person ? new Contact(person.Name, person.Phone) : null;
    }
}
