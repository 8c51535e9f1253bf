using Outreach.Planning;
using Outreach.Roster;

namespace Outreach.Problems;

/// <summary>
/// Opens a problem. <see cref="ProblemWorkflow.Report"/> validates it; <see cref="Validate"/> lets an
/// entry point list the bad fields before it loads or stores anything.
/// </summary>
/// <param name="Id">A valid id (<see cref="Ids.Rule"/>) or a <see cref="ProblemIds">{grid}~{local}</see> id in <paramref name="Grid"/>, chosen by the caller so that a retried report can be recognised.</param>
/// <param name="VisitId">The visit that raised it (its grid and target must match), or null when opened directly.</param>
/// <param name="Request">Whether the target asked for it itself (企业下单、居民点单), with no visit.</param>
/// <param name="PreferredTime">A request's preferred time, free text of at most <see cref="ProblemLimits.MaxPreferredTime"/> characters.</param>
public sealed record ReportProblem(
    string Id,
    string Grid,
    string TargetId,
    string? VisitId,
    string Category,
    string Description,
    ProblemUrgency Urgency = ProblemUrgency.Normal,
    bool Request = false,
    string? PreferredTime = null)
{
    /// <summary>Where the problem comes from: a visit, the target's request, or a coordinator.</summary>
    public ProblemSource Source => VisitId is not null ? ProblemSource.Visit : Request ? ProblemSource.Request : ProblemSource.Direct;

    /// <summary>Every bad field; empty when the report can be made.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (ProblemIds.TryParse(Id, out var idGrid, out _))
        {
            if (idGrid != Grid)
            {
                errors.Add(new("id", $"id '{Id}' is in grid {idGrid}, not {Grid}."));
            }
        }
        else
        {
            ProblemInput.Id(errors, "id", Id);
        }
        ProblemInput.Id(errors, "grid", Grid);
        ProblemInput.Id(errors, "targetId", TargetId);
        if (VisitId is not null)
        {
            if (!Planning.VisitId.TryParse(VisitId, out var grid, out _, out var target))
            {
                errors.Add(new("visitId", $"visitId '{VisitId}' is not a visit id: use GRID{Planning.VisitId.Separator}yyyyMMdd{Planning.VisitId.Separator}TARGET, or leave it out for a problem opened directly."));
            }
            else if (grid != Grid || target != TargetId)
            {
                errors.Add(new("visitId", $"visitId '{VisitId}' is a visit to {target} in {grid}, not to {TargetId} in {Grid}."));
            }
        }
        ProblemInput.Text(errors, "category", Category, ProblemLimits.MaxCategory, required: true);
        ProblemInput.Text(errors, "description", Description, ProblemLimits.MaxText, required: false);
        ProblemInput.Defined(errors, "urgency", Urgency, "normal or urgent");
        if (Request && VisitId is not null)
        {
            errors.Add(new("visitId", "a request comes from the target itself, not from a visit: leave visitId out."));
        }
        if (PreferredTime is not null)
        {
            ProblemInput.Text(errors, "preferredTime", PreferredTime, ProblemLimits.MaxPreferredTime, required: false);
        }
        return errors;
    }
}

/// <summary>
/// A step on an existing problem, applied by <see cref="ProblemWorkflow.Apply"/>. The set is closed:
/// <see cref="Dispatch"/>, <see cref="Accept"/>, <see cref="Return"/>, <see cref="Resolve"/>,
/// <see cref="Evaluate"/>, <see cref="EvaluateByDefault"/>, <see cref="Reopen"/> and <see cref="Escalate"/>.
/// </summary>
public abstract record ProblemCommand
{
    private protected ProblemCommand()
    {
    }

    /// <summary>The action recorded in the history when the command is applied.</summary>
    public abstract ProblemAction Action { get; }

    /// <summary>Every bad field; empty when the command is well-formed (whether it is allowed now is another matter).</summary>
    public abstract IReadOnlyList<FieldError> Validate();
}

/// <summary>接收分流: send a reported or returned problem to a department, which has <paramref name="DueDays"/> days once it accepts.</summary>
/// <param name="Department">A valid id (<see cref="Ids.Rule"/>).</param>
/// <param name="DueDays">1 to 365 calendar days, counted from acceptance.</param>
public sealed record Dispatch(string Department, int DueDays) : ProblemCommand
{
    /// <inheritdoc/>
    public override ProblemAction Action => ProblemAction.Dispatch;

    /// <inheritdoc/>
    public override IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        ProblemInput.Id(errors, "department", Department);
        if (DueDays is < 1 or > ProblemLimits.MaxDueDays)
        {
            errors.Add(new("dueDays", $"dueDays must be 1 to {ProblemLimits.MaxDueDays}, not {DueDays}."));
        }
        return errors;
    }
}

/// <summary>部门接单 (签收): the department takes on a dispatched problem; its SLA clock starts.</summary>
public sealed record Accept : ProblemCommand
{
    /// <inheritdoc/>
    public override ProblemAction Action => ProblemAction.Accept;

    /// <inheritdoc/>
    public override IReadOnlyList<FieldError> Validate() => [];
}

/// <summary>退单: the department sends a dispatched or accepted problem back to the coordinator.</summary>
/// <param name="Reason">Non-empty, at most 2,000 characters.</param>
public sealed record Return(string Reason) : ProblemCommand
{
    /// <inheritdoc/>
    public override ProblemAction Action => ProblemAction.Return;

    /// <inheritdoc/>
    public override IReadOnlyList<FieldError> Validate() => ProblemInput.RequiredText("reason", Reason);
}

/// <summary>The department has fixed an accepted problem.</summary>
/// <param name="Resolution">What was done: non-empty, at most 2,000 characters.</param>
public sealed record Resolve(string Resolution) : ProblemCommand
{
    /// <inheritdoc/>
    public override ProblemAction Action => ProblemAction.Resolve;

    /// <inheritdoc/>
    public override IReadOnlyList<FieldError> Validate() => ProblemInput.RequiredText("resolution", Resolution);
}

/// <summary>评价反馈 (回访): the reporter rates a resolved problem, which closes it.</summary>
/// <param name="Rating">1 (poor) to 5 (very satisfied).</param>
/// <param name="Comment">Optional, at most 2,000 characters.</param>
/// <param name="By">Who rates: a coordinator (the API, the CLI) unless the requester's own link says otherwise.</param>
public sealed record Evaluate(int Rating, string? Comment, Evaluator By = Evaluator.Coordinator) : ProblemCommand
{
    /// <inheritdoc/>
    public override ProblemAction Action => ProblemAction.Evaluate;

    /// <inheritdoc/>
    public override IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (Rating is < ProblemLimits.MinRating or > ProblemLimits.MaxRating)
        {
            errors.Add(new("rating", $"rating must be {ProblemLimits.MinRating} to {ProblemLimits.MaxRating}, not {Rating}."));
        }
        if (Comment is not null)
        {
            ProblemInput.Text(errors, "comment", Comment, ProblemLimits.MaxText, required: false);
        }
        ProblemInput.Defined(errors, "by", By, "coordinator, requester or default");
        if (By == Evaluator.Default)
        {
            errors.Add(new("by", "a default evaluation (默认满意) is the rating timer's alone: rate as the coordinator or the requester."));
        }
        return errors;
    }
}

/// <summary>
/// 默认满意: nobody rated a resolved problem by <paramref name="Deadline"/>, so it is evaluated as satisfied, with no
/// rating, marked <see cref="Evaluator.Default"/>. Made by the rating sweep; refused before the deadline.
/// </summary>
public sealed record EvaluateByDefault(DateTimeOffset Deadline) : ProblemCommand
{
    /// <inheritdoc/>
    public override ProblemAction Action => ProblemAction.Evaluate;

    /// <inheritdoc/>
    public override IReadOnlyList<FieldError> Validate() => [];
}

/// <summary>不满意: the requester says a resolved problem is not solved; it goes back to the coordinator, returned, with their words.</summary>
/// <param name="Reason">What is still wrong: non-empty, at most 2,000 characters.</param>
public sealed record Reopen(string Reason) : ProblemCommand
{
    /// <inheritdoc/>
    public override ProblemAction Action => ProblemAction.Reopen;

    /// <inheritdoc/>
    public override IReadOnlyList<FieldError> Validate() => ProblemInput.RequiredText("reason", Reason);
}

/// <summary>
/// 督办: the escalation timer marks a problem that was found past its deadline at <paramref name="Stage"/>.
/// Made by <see cref="ProblemWorkflow.EscalationsDue"/>; carrying the stage and deadline lets
/// <see cref="ProblemWorkflow.Apply"/> refuse it when the problem has moved on since it was looked at.
/// </summary>
/// <param name="Stage">The open stage the problem was at when it was found overdue.</param>
/// <param name="Deadline">The deadline it missed.</param>
public sealed record Escalate(ProblemStatus Stage, DateTimeOffset Deadline) : ProblemCommand
{
    /// <inheritdoc/>
    public override ProblemAction Action => ProblemAction.Escalate;

    /// <inheritdoc/>
    public override IReadOnlyList<FieldError> Validate() =>
        Stage.IsOpen() ? [] : [new("stage", $"stage must be an open stage (reported, dispatched, accepted or returned), not {(Enum.IsDefined(Stage) ? Stage.ToWire() : Stage.ToString())}.")];
}

/// <summary>The limits the commands enforce, for entry points that want to state them up front (help text, OpenAPI).</summary>
public static class ProblemLimits
{
    /// <summary>Description, return reason, resolution and comment: at most this many characters.</summary>
    public const int MaxText = 2000;

    /// <summary>Category: 1 to this many characters.</summary>
    public const int MaxCategory = 64;

    /// <summary>Actor: 1 to this many characters.</summary>
    public const int MaxActor = 64;

    /// <summary>Due days: 1 to this many.</summary>
    public const int MaxDueDays = 365;

    /// <summary>The lowest rating.</summary>
    public const int MinRating = 1;

    /// <summary>The highest rating.</summary>
    public const int MaxRating = 5;

    /// <summary>A request's preferred time: at most this many characters.</summary>
    public const int MaxPreferredTime = 64;
}

internal static class ProblemInput
{

    public static void Id(List<FieldError> errors, string field, string? value)
    {
        if (!Ids.IsValid(value))
        {
            errors.Add(new(field, $"{field} '{value}' is not a valid id: {Ids.Rule}."));
        }
    }

    /// <summary>The errors of a required free text of at most <see cref="ProblemLimits.MaxText"/> characters (a reason, a resolution).</summary>
    public static List<FieldError> RequiredText(string field, string? value)
    {
        var errors = new List<FieldError>();
        Text(errors, field, value, ProblemLimits.MaxText, required: true);
        return errors;
    }

    public static void Text(List<FieldError> errors, string field, string? value, int max, bool required)
    {
        if (value is null || (required && string.IsNullOrWhiteSpace(value)))
        {
            errors.Add(new(field, $"{field} is required.", FieldProblem.Required));
        }
        else if (value.Length > max)
        {
            errors.Add(new(field, $"{field} has {value.Length} characters: shorten it to at most {max}.", FieldProblem.TooLong,
                max.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public static void Defined<T>(List<FieldError> errors, string field, T value, string allowed)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            errors.Add(new(field, $"{field} must be {allowed}."));
        }
    }
}
