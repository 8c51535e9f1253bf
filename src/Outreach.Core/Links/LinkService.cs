using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Requests;
using Outreach.Roster;

namespace Outreach.Links;

/// <summary>
/// What the links in SMS open and do, for the pages that serve them: the signed token is the only credential
/// and grants only its scope. A day or visit link reads its visits and records their outcomes through
/// <see cref="OutcomeService"/>; a problem link reads its problem and takes the department's steps through
/// <see cref="ProblemService"/>; a copy only reads; a target's request and rating links go to <see cref="RequestService"/>.
/// The services keep their own rules (validation, idempotency, ETags); this adds only who may do what.
/// </summary>
/// <param name="points">With it, a page of household visits carries the points rules its award form offers.</param>
public sealed class LinkService(
    LinkTokens links,
    IRosterStore roster,
    IVisitStore visits,
    IProblemStore problems,
    OutcomeService outcomes,
    ProblemService problemSteps,
    ProblemOptions problemOptions,
    Reminders.ReminderOptions reminderOptions,
    TimeProvider clock,
    RequestService? requests = null,
    Points.PointsService? points = null)
{
    /// <summary>What <paramref name="token"/> opens now.</summary>
    public async Task<LinkView> OpenAsync(string? token, CancellationToken cancellationToken = default)
    {
        var (grant, refused) = await CheckAsync(token, cancellationToken);
        if (grant is null)
        {
            return refused!;
        }
        return grant switch
        {
            { ProblemId: { } problemId } => await ProblemAsync(grant, problemId, cancellationToken),
            { TeamDay: { } day } => await TeamAsync(grant, day, cancellationToken),
            { Requests: not null } or { RatedProblemId: not null } => requests is null
                ? new RefusedView(LinkRefusal.NotFound, grant)
                : await requests.OpenAsync(grant, cancellationToken),
            _ => await VisitsAsync(grant, cancellationToken),
        };
    }

    /// <summary>Places a request through a target's request link (<see cref="RequestService.PlaceAsync"/>); any other link is refused.</summary>
    public async Task<LinkPost<RequestResult>> PlaceRequestAsync(string? token, RequestInput input, CancellationToken cancellationToken = default)
    {
        var (grant, refused) = await CheckAsync(token, cancellationToken);
        if (grant is null)
        {
            return refused!;
        }
        return requests is null || grant.Requests is null ? new RefusedView(LinkRefusal.OutOfScope, grant) : await requests.PlaceAsync(grant, input, cancellationToken);
    }

    /// <summary>The requester's verdict through a rating link (<see cref="RequestService.RateAsync"/>); any other link is refused.</summary>
    public async Task<LinkPost<RatingResult>> RateAsync(string? token, RatingInput input, CancellationToken cancellationToken = default)
    {
        var (grant, refused) = await CheckAsync(token, cancellationToken);
        if (grant is null)
        {
            return refused!;
        }
        return requests is null || grant.RatedProblemId is null ? new RefusedView(LinkRefusal.OutOfScope, grant) : await requests.RateAsync(grant, input, cancellationToken);
    }

    /// <summary>
    /// Records an outcome for <paramref name="visitId"/> as the link's visitor: the link must cover the visit (its own
    /// visit link, or a day link for its day); everything else is <see cref="OutcomeService.RecordAsync"/>'s.
    /// </summary>
    public async Task<LinkPost<OutcomeResult>> RecordOutcomeAsync(string? token, string visitId, OutcomeRequest request, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (grant, refused) = await CheckAsync(token, cancellationToken);
        if (grant is null)
        {
            return refused!;
        }
        if (!grant.CoversVisit(visitId))
        {
            return new RefusedView(grant.TeamDay is null ? LinkRefusal.OutOfScope : LinkRefusal.ReadOnly, grant);
        }
        // The link says who reports; a request that names someone else (the JSON API's visitorId) is refused by the service.
        var result = await outcomes.RecordAsync(visitId, request.VisitorId is null ? request with { VisitorId = grant.VisitorId } : request, grant.VisitorId, ifMatch, cancellationToken);
        return new LinkPost<OutcomeResult>(result, null, grant);
    }

    /// <summary>What <paramref name="token"/> opens of problem <paramref name="problemId"/>: refused as out of scope when the link is for another.</summary>
    public async Task<LinkView> OpenProblemAsync(string? token, string problemId, CancellationToken cancellationToken = default)
    {
        var (grant, refused) = await CheckAsync(token, cancellationToken);
        if (grant is null)
        {
            return refused!;
        }
        return grant.OpensProblem(problemId) ? await ProblemAsync(grant, problemId, cancellationToken) : new RefusedView(LinkRefusal.OutOfScope, grant);
    }

    /// <summary>
    /// Takes a department's step (accept, return, resolve) on the link's problem (<paramref name="problemId"/>, when the
    /// host names one, must be it), as the department the link was sent to, checked on the version the step replaces.
    /// A copy, a link to another problem, or any other step is refused.
    /// </summary>
    public async Task<LinkPost<ProblemStepResult>> ApplyStepAsync(string? token, string? problemId, ProblemStepInput step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        var (grant, refused) = await CheckAsync(token, cancellationToken);
        if (grant is null)
        {
            return refused!;
        }
        if (grant.ProblemId is not { } linked || (problemId is not null && problemId != linked) || !ProblemStepInput.DepartmentActions.Contains(step.Action))
        {
            return new RefusedView(grant.TeamDay is null ? LinkRefusal.OutOfScope : LinkRefusal.ReadOnly, grant);
        }
        if (!grant.ActsOnProblem(linked))
        {
            return new RefusedView(LinkRefusal.ReadOnly, grant);
        }
        var result = await problemSteps.ApplyAsync(linked, step with { Actor = grant.VisitorId }, requiredDepartment: grant.VisitorId, cancellationToken);
        // A second tap on a slow line, or an old tab: the step this department just took is done, not refused.
        if (result is { Kind: ProblemStepKind.Refused, Problem.History: [.., var last] } && last.Actor == grant.VisitorId && last.Action.ToWire() == step.Action)
        {
            result = result with { Kind = ProblemStepKind.Applied, Message = null };
        }
        // A closed problem leaves nothing for its links to do: said as such, not as a step out of order.
        if (result is { Kind: ProblemStepKind.Refused, Problem: { IsOpen: false } closed })
        {
            return new RefusedView(LinkRefusal.Closed, grant, await CoordinatorAsync(closed.Grid, cancellationToken), closed);
        }
        return new LinkPost<ProblemStepResult>(result, null, grant);
    }

    /// <summary>The link's grant, or why it grants nothing (with whom to ask when the link says whose it was).</summary>
    private async Task<(LinkGrant? Grant, RefusedView? Refused)> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        var check = links.Inspect(token, clock.GetUtcNow(), out var grant);
        return check switch
        {
            LinkCheck.Valid => (grant, null),
            LinkCheck.Expired => (null, new RefusedView(LinkRefusal.Expired, grant, await AskWhomAsync(grant!, cancellationToken))),
            LinkCheck.BadSignature => (null, new RefusedView(LinkRefusal.Forged)),
            LinkCheck.UnknownKey => (null, new RefusedView(LinkRefusal.OtherKey)),
            _ => (null, new RefusedView(LinkRefusal.Incomplete)),
        };
    }

    private async Task<LinkView> VisitsAsync(LinkGrant grant, CancellationToken cancellationToken)
    {
        if (await roster.GetVisitorAsync(grant.VisitorId, cancellationToken) is not { } visitor)
        {
            return new RefusedView(LinkRefusal.NotFound, grant);
        }
        // Three round trips in a row, the rest side by side: the visitor (for their grids), their visits, then what
        // the page shows of each (and the points rules, for households); the supervisor is read alongside the visits.
        var supervisorRead = ContactAsync(visitor.Supervisor, cancellationToken);
        IReadOnlyList<Visit> found = grant.Day is { } day
            ? await visits.GetVisitorVisitsAsync(visitor.Id, visitor.Grids, day, day, cancellationToken)
            : await visits.GetVisitAsync(grant.Scope, cancellationToken) is { } visit ? [visit] : [];
        // A visit link to a visit given to someone else since shows nothing of it: the target's people, notes and
        // problems are the new visitor's now.
        if (grant.Day is null && (found.Count == 0 || !found[0].VisitorIds.Contains(visitor.Id, StringComparer.Ordinal)))
        {
            return new RefusedView(LinkRefusal.NotFound, grant, await supervisorRead);
        }
        var openRead = OpenProblemsAsync(found.Select(v => v.Grid), cancellationToken);
        var previousRead = PreviousAsync(found, cancellationToken);
        var targetsRead = TargetsAsync(found, cancellationToken);
        var partnersRead = Task.WhenAll(found.SelectMany(v => v.VisitorIds).Distinct(StringComparer.Ordinal)
            .Where(id => id != visitor.Id).Select(id => roster.GetVisitorAsync(id, cancellationToken)));
        var rulesRead = points is not null && found.Any(v => v.TargetKind == TargetKind.Household)
            ? points.RulesAsync(cancellationToken) : Task.FromResult<IReadOnlyList<Points.PointsRule>>([]);
        await Task.WhenAll(supervisorRead, openRead, previousRead, targetsRead, partnersRead, rulesRead);
        var (supervisor, openProblems, previous, targets) = (await supervisorRead, await openRead, await previousRead, await targetsRead);
        var people = (await partnersRead).OfType<Visitor>().Append(visitor).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var items = found.Select(v => new FieldVisit(
            v,
            targets.GetValueOrDefault((v.Grid, v.TargetId)),
            v.VisitorIds.Select(people.GetValueOrDefault).OfType<Visitor>().ToList(),
            previous.GetValueOrDefault(v.Id),
            openProblems.Where(p => p.Grid == v.Grid && p.TargetId == v.TargetId && p.VisitId != v.Id).ToList()));
        var ordered = items
            .OrderBy(i => i.Visit.Grid, StringComparer.Ordinal)
            .ThenBy(i => i.Target?.Building ?? "", StringComparer.Ordinal)
            .ThenBy(i => i.Target?.Address ?? i.Target?.Name ?? "", StringComparer.Ordinal)
            .ThenBy(i => i.Visit.TargetId, StringComparer.Ordinal)
            .ToList();
        return new VisitsView(grant, visitor, grant.Day, ordered, supervisor) { Rules = await rulesRead };
    }

    /// <summary>The visits' targets by grid and id: one query per grid, not a read per visit.</summary>
    private async Task<IReadOnlyDictionary<(string Grid, string Id), Target>> TargetsAsync(IEnumerable<Visit> found, CancellationToken cancellationToken)
    {
        var perGrid = await Task.WhenAll(found.GroupBy(v => v.Grid, StringComparer.Ordinal)
            .Select(grid => roster.GetTargetsAsync(grid.Key, grid.Select(v => v.TargetId).ToList(), cancellationToken)));
        return perGrid.SelectMany(targets => targets).ToDictionary(t => (t.Grid, t.Id));
    }

    /// <summary>
    /// For each visit, the last earlier visit to its target with an outcome, within one cadence window before the visit's
    /// window: the previous cycle, and any attempt earlier in this one (a not-reachable before a re-plan). One query per
    /// grid over that range of its days, so a page never scans a grid's whole history nor queries once per visit.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, Visit>> PreviousAsync(IReadOnlyList<Visit> day, CancellationToken cancellationToken)
    {
        static DateOnly LookFrom(Visit v) => v.WindowStart.AddDays(-(v.WindowEnd.DayNumber - v.WindowStart.DayNumber + 1));
        var perGrid = await Task.WhenAll(day.GroupBy(v => v.Grid, StringComparer.Ordinal).Select(grid => visits.GetTargetVisitsAsync(
            grid.Key, grid.Select(v => v.TargetId).ToList(), grid.Min(LookFrom), grid.Max(v => v.Date).AddDays(-1), cancellationToken)));
        var history = perGrid.SelectMany(list => list).Where(v => v.Outcome is not null).ToList();
        var previous = new Dictionary<string, Visit>(StringComparer.Ordinal);
        foreach (var visit in day)
        {
            if (history.LastOrDefault(h => h.Grid == visit.Grid && h.TargetId == visit.TargetId && h.Date < visit.Date && h.Date >= LookFrom(visit)) is { } last)
            {
                previous[visit.Id] = last;
            }
        }
        return previous;
    }

    /// <summary>The supervisor's people with visits still waiting for an outcome, over the overdue digest's look-back.</summary>
    private async Task<LinkView> TeamAsync(LinkGrant grant, DateOnly day, CancellationToken cancellationToken)
    {
        if (await roster.GetVisitorAsync(grant.VisitorId, cancellationToken) is not { } supervisor)
        {
            return new RefusedView(LinkRefusal.NotFound, grant);
        }
        // One day-range query per grid the team covers, side by side, rather than one per person and grid.
        var team = (await roster.GetTeamAsync(supervisor.Id, cancellationToken)).OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
        var perGrid = await Task.WhenAll(team.SelectMany(v => v.Grids).Distinct(StringComparer.Ordinal)
            .Select(grid => visits.GetGridVisitsAsync(grid, day.AddDays(-reminderOptions.OverdueLookbackDays), day.AddDays(-1), cancellationToken)));
        var late = perGrid.SelectMany(list => list).Where(v => v.Outcome is null && v.Status is VisitStatus.Planned or VisitStatus.Overdue).ToList();
        var byKey = await TargetsAsync(late, cancellationToken);
        var members = team
            .Select(member => new TeamMember(member, late
                .Where(v => v.VisitorIds.Contains(member.Id, StringComparer.Ordinal))
                .OrderBy(v => v.Date).ThenBy(v => v.TargetId, StringComparer.Ordinal)
                .Select(v => new LateVisit(v, byKey.GetValueOrDefault((v.Grid, v.TargetId))))
                .ToList()))
            .Where(m => m.Visits.Count > 0)
            .ToList();
        return new TeamView(grant, supervisor, day, members);
    }

    private async Task<IReadOnlyList<Problem>> OpenProblemsAsync(IEnumerable<string> grids, CancellationToken cancellationToken)
    {
        var perGrid = await Task.WhenAll(grids.Distinct(StringComparer.Ordinal)
            .Select(grid => problems.ListAsync(new ProblemFilter(Grid: grid, OpenOnly: true), cancellationToken)));
        return perGrid.SelectMany(list => list.Select(p => p.Problem)).ToList();
    }

    private async Task<LinkView> ProblemAsync(LinkGrant grant, string problemId, CancellationToken cancellationToken)
    {
        var stored = ProblemIds.TryParse(problemId, out _, out _) ? await problems.GetAsync(problemId, cancellationToken) : null;
        if (stored is null)
        {
            return new RefusedView(LinkRefusal.NotFound, grant);
        }
        var problem = stored.Problem;
        // After the problem, its coordinator, visit, target and the departments are read side by side, then the people.
        var coordinatorRead = CoordinatorAsync(problem.Grid, cancellationToken);
        if (!problem.IsOpen)
        {
            return new RefusedView(LinkRefusal.Closed, grant, await coordinatorRead, problem);
        }
        var visitRead = problem.VisitId is { } visitId ? visits.GetVisitAsync(visitId, cancellationToken) : Task.FromResult<Visit?>(null);
        var targetRead = roster.GetTargetAsync(problem.Grid, problem.TargetId, cancellationToken);
        var departmentsRead = roster.GetDepartmentsAsync(cancellationToken);
        var (visit, departments) = (await visitRead, await departmentsRead);
        var names = departments.ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);
        var people = (await Task.WhenAll((visit?.VisitorIds ?? []).Concat(problem.History.Select(e => e.Actor))
                .Distinct(StringComparer.Ordinal).Where(id => !names.ContainsKey(id))
                .Select(id => roster.GetVisitorAsync(id, cancellationToken))))
            .OfType<Visitor>().ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var person in people.Values)
        {
            names[person.Id] = person.Name;
        }
        return new ProblemView(
            grant,
            problem,
            stored.ETag,
            grant.ActsOnProblem(problemId) && problem.Department == grant.VisitorId,
            ProblemWorkflow.Deadline(problem, problemOptions),
            await targetRead,
            visit,
            (visit?.VisitorIds ?? [problem.ReportedBy]).Select(people.GetValueOrDefault).OfType<Visitor>().ToList(),
            names,
            departments.FirstOrDefault(d => d.Id == problem.Department),
            await coordinatorRead);
    }

    /// <summary>Whom the holder of an expired link asks: a visitor their supervisor, a department the grid's coordinator.</summary>
    private async Task<Contact?> AskWhomAsync(LinkGrant grant, CancellationToken cancellationToken)
    {
        if ((grant.ProblemId ?? grant.RatedProblemId) is { } problemId)
        {
            return ProblemIds.TryParse(problemId, out var grid, out _) ? await CoordinatorAsync(grid, cancellationToken) : null;
        }
        var visitor = await roster.GetVisitorAsync(grant.VisitorId, cancellationToken);
        return await ContactAsync(visitor?.Supervisor, cancellationToken);
    }

    private async Task<Contact?> CoordinatorAsync(string grid, CancellationToken cancellationToken)
    {
        var supervisor = (await roster.GetGridsAsync(cancellationToken)).FirstOrDefault(g => g.Id == grid)?.Supervisor;
        return await ContactAsync(supervisor, cancellationToken);
    }

    private async Task<Contact?> ContactAsync(string? visitorId, CancellationToken cancellationToken) =>
        visitorId is not null && await roster.GetVisitorAsync(visitorId, cancellationToken) is { } person ? new Contact(person.Name, person.Phone) : null;
}
