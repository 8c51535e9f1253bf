using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Calendar;
using Outreach.Roster;

namespace Outreach.Problems;

/// <summary>What a step on a stored problem did.</summary>
public enum ProblemStepKind
{
    /// <summary>Applied and stored.</summary>
    Applied,

    /// <summary>The problem's stage does not allow it (HTTP 409, CLI exit 1); nothing changed.</summary>
    Refused,

    /// <summary>No such problem (HTTP 404).</summary>
    NotFound,

    /// <summary>The problem kept changing under us (HTTP 409); nothing changed.</summary>
    Conflict,

    /// <summary>The problem is not with the department the step required (HTTP 403); nothing changed.</summary>
    NotYours,

    /// <summary>The step has bad fields (<see cref="ProblemStepResult.Errors"/>), or names a department the roster lacks; nothing changed.</summary>
    Invalid,
}

/// <summary>A problem opened directly: stored now (<see cref="Created"/>), found stored before, or every bad field and nothing stored.</summary>
public sealed record OpenResult(Problem? Problem, bool Created, IReadOnlyList<FieldError> Errors);

/// <summary>The problem as stored after the step (or as found), and why nothing changed if so.</summary>
public sealed record ProblemStepResult(ProblemStepKind Kind, Problem? Problem, string? ETag, string? Message)
{
    /// <summary>The bad fields of an <see cref="ProblemStepKind.Invalid"/> step.</summary>
    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    public static ProblemStepResult Invalid(IReadOnlyList<FieldError> errors) =>
        new(ProblemStepKind.Invalid, null, null, string.Join(" ", errors.Select(e => e.Message))) { Errors = errors };
}

/// <summary>
/// A problem opened directly as a host receives it (an API body): every field as text, <c>urgency</c> <c>normal</c> or
/// <c>urgent</c> (default normal), <c>reportedBy</c> defaulting to <c>coordinator</c>.
/// </summary>
public sealed record DirectReportInput(string? Grid, string? TargetId, string? Category, string? Description, string? Urgency = null, string? ReportedBy = null)
{
    /// <summary>The report, or every bad field.</summary>
    public (DirectReport? Report, IReadOnlyList<FieldError> Errors) ToReport()
    {
        var errors = new List<FieldError>();
        var urgency = ProblemUrgency.Normal;
        if (Urgency is not null && !ProblemUrgencies.TryParse(Urgency, out urgency))
        {
            errors.Add(new FieldError("urgency", $"urgency '{Urgency}' is unknown: use normal|urgent."));
        }
        var report = new DirectReport(Grid ?? "", TargetId ?? "", Category ?? "", Description ?? "", urgency, ReportedBy ?? "coordinator");
        errors.AddRange(report.Validate());
        if (Description is null)
        {
            // May be empty, but must be there: a report without one is a mistake, not a choice.
            errors.Add(new FieldError("description", "description is required.", FieldProblem.Required));
        }
        return errors.Count > 0 ? (null, errors) : (report, errors);
    }
}

/// <summary>
/// A problem opened without a visit for a target: by a coordinator (12345 hotline, walk-in), or with
/// <paramref name="Request"/> by the target itself through its request link (企业下单、居民点单). Before validation of the
/// workflow's own rules.
/// </summary>
public sealed record DirectReport(string Grid, string TargetId, string Category, string Description, ProblemUrgency Urgency, string ReportedBy,
    bool Request = false, string? PreferredTime = null)
{
    /// <summary>Every bad field, named as on the wire; empty when the problem can be opened.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = Report("unset").Validate().ToList();
        if (string.IsNullOrWhiteSpace(ReportedBy) || ReportedBy.Length > ProblemLimits.MaxActor)
        {
            errors.Add(new("reportedBy", $"reportedBy is required, at most {ProblemLimits.MaxActor} characters (who took the call or the walk-in)."));
        }
        return errors;
    }

    internal ReportProblem Report(string id) => new(id, Grid, TargetId, null, Category, Description, Urgency, Request, PreferredTime);
}

/// <summary>
/// Problems on storage: list, read, open directly, and move them on through <see cref="ProblemWorkflow"/>
/// with ETag concurrency. The HTTP functions and the CLI both call this.
/// </summary>
/// <param name="notifier">Writes the dispatch notice after a dispatch is stored; none, no notices.</param>
public sealed class ProblemService(IProblemStore store, IRosterStore roster, TimeProvider clock, IProblemNotifier? notifier = null, ILogger<ProblemService>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public async Task<StoredProblem?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        ProblemIds.TryParse(id, out _, out _) ? await store.GetAsync(id, cancellationToken) : null;

    public Task<IReadOnlyList<StoredProblem>> ListAsync(ProblemFilter filter, CancellationToken cancellationToken = default) =>
        store.ListAsync(filter, cancellationToken);

    /// <summary>Opens a problem as a host received it (<see cref="DirectReportInput.ToReport"/>); bad fields open nothing.</summary>
    public async Task<OpenResult> OpenAsync(DirectReportInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (report, errors) = input.ToReport();
        return report is null ? new OpenResult(null, false, errors) : await OpenAsync(report, cancellationToken);
    }

    /// <summary>
    /// Opens a problem at <see cref="ProblemStatus.Reported"/> for a target of the roster: stored now, or the
    /// stored one when the same report was stored before; every bad field (an unknown target too) otherwise.
    /// </summary>
    public async Task<OpenResult> OpenAsync(DirectReport request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return new OpenResult(null, false, errors);
        }
        var targets = await roster.GetTargetsAsync(request.Grid, cancellationToken);
        if (!targets.Any(t => t.Id == request.TargetId))
        {
            return new OpenResult(null, false, [new("targetId", $"targetId '{request.TargetId}' is not a target of grid {request.Grid}: check the target's id and grid in the roster.")]);
        }
        var now = clock.GetUtcNow().ToOffset(ChinaTime.Offset);
        var local = request.Request
            ? ProblemIds.Request(request.TargetId, now, request.Category, request.Description)
            : ProblemIds.Direct(request.TargetId, now, request.Category, request.Description);
        var id = ProblemIds.Format(request.Grid, local);
        var problem = ProblemWorkflow.Report(request.Report(id), request.ReportedBy, now);
        if (await store.AddAsync(problem, cancellationToken) is not null)
        {
            return new OpenResult(problem, true, []);
        }
        var stored = await store.GetAsync(id, cancellationToken);
        return new OpenResult(stored?.Problem ?? problem, false, []);
    }

    /// <summary>
    /// Applies a step on behalf of <paramref name="actor"/>. A lost race (another step stored first) is read
    /// again and applied once more, so two steps that are both legal in turn both land; otherwise a conflict.
    /// </summary>
    /// <param name="requiredDepartment">
    /// When set, the step applies only while the problem is with this department, judged on the very version the
    /// step replaces (a re-dispatch read on a retry counts): otherwise <see cref="ProblemStepKind.NotYours"/>.
    /// </param>
    /// <exception cref="BadInputException">Listing every bad field of the command and the actor.</exception>
    public async Task<ProblemStepResult> ApplyAsync(string id, ProblemCommand command, string actor, string? requiredDepartment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await CheckRosterAsync(command, cancellationToken) is [_, ..] unknown)
        {
            return ProblemStepResult.Invalid(unknown);
        }
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var stored = await GetAsync(id, cancellationToken);
            if (stored is null)
            {
                return new ProblemStepResult(ProblemStepKind.NotFound, null, null, $"No problem {id}: check its id in the list of problems.");
            }
            if (requiredDepartment is not null && stored.Problem.Department != requiredDepartment)
            {
                return new ProblemStepResult(ProblemStepKind.NotYours, stored.Problem, stored.ETag,
                    $"Problem {id} is with {stored.Problem.Department ?? "no department"}, not {requiredDepartment}: ask the coordinator if it should be yours.");
            }
            var result = ProblemWorkflow.Apply(stored.Problem, command, actor, clock.GetUtcNow().ToOffset(ChinaTime.Offset));
            if (!result.IsApplied)
            {
                return new ProblemStepResult(ProblemStepKind.Refused, stored.Problem, stored.ETag, result.Refusal);
            }
            var etag = await store.TryReplaceAsync(result.Problem, stored.ETag, cancellationToken);
            if (etag is not null)
            {
                await notifier.TryNotifyAsync(result.Problem, command.Action, _logger, cancellationToken);
                return new ProblemStepResult(ProblemStepKind.Applied, result.Problem, etag, null);
            }
        }
        return new ProblemStepResult(ProblemStepKind.Conflict, null, null, $"Problem {id} keeps changing: read it again and retry.");
    }

    /// <summary>
    /// A step as a host received it (<see cref="ProblemStepInput.ToCommand"/>), applied as above: bad fields are
    /// <see cref="ProblemStepKind.Invalid"/>, and so is a department the roster lacks.
    /// </summary>
    public async Task<ProblemStepResult> ApplyAsync(string id, ProblemStepInput input, string? requiredDepartment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (command, actor, errors) = input.ToCommand();
        return command is null
            ? ProblemStepResult.Invalid(errors)
            : await ApplyAsync(id, command, actor, requiredDepartment, cancellationToken);
    }

    /// <summary>
    /// The fields of <paramref name="command"/> naming what the roster lacks: a dispatch to a department that is
    /// not among the imported ones. Before any department is imported every valid id is accepted, so that
    /// rosters without <c>departments.csv</c> keep working (their dispatches just have nobody to notify).
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> CheckRosterAsync(ProblemCommand command, CancellationToken cancellationToken = default)
    {
        if (command is not Dispatch dispatch || !Ids.IsValid(dispatch.Department))
        {
            return [];
        }
        var departments = await roster.GetDepartmentsAsync(cancellationToken);
        if (departments.Count == 0 || departments.Any(d => d.Id == dispatch.Department))
        {
            return [];
        }
        var known = string.Join(", ", departments.Select(d => d.Id).Order(StringComparer.Ordinal).Take(20));
        return [new("department", $"department '{dispatch.Department}' is not in the roster: use one of {known}, or add it to departments.csv and import it.")];
    }
}
