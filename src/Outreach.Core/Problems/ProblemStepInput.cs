namespace Outreach.Problems;

/// <summary>
/// A step on a problem as a host receives it, before it is a <see cref="ProblemCommand"/>: the action's wire name
/// (<c>dispatch</c>, <c>accept</c>, <c>return</c>, <c>resolve</c>, <c>evaluate</c>) and whichever of its fields were given.
/// The JSON API, the CLI and the department's page all read steps through <see cref="ToCommand"/>.
/// </summary>
/// <param name="Actor">Who takes the step; when absent, <see cref="DefaultActor"/>.</param>
public sealed record ProblemStepInput(
    string Action,
    string? Department = null,
    int? DueDays = null,
    string? Reason = null,
    string? Resolution = null,
    int? Rating = null,
    string? Comment = null,
    string? Actor = null)
{
    /// <summary>The actions a step can name; escalation is the timer's alone.</summary>
    public static readonly IReadOnlyList<string> Actions = ["dispatch", "accept", "return", "resolve", "evaluate"];

    /// <summary>The department's own steps (what its link may take).</summary>
    public static readonly IReadOnlyList<string> DepartmentActions = ["accept", "return", "resolve"];

    /// <summary>Who takes a step nobody is named for: the coordinator dispatches and rates, the department does the rest.</summary>
    public string DefaultActor => Action is "dispatch" or "evaluate" ? "coordinator" : "department";

    /// <summary>The command and its actor, or every bad field (an unknown action, a missing or bad field, a bad actor).</summary>
    public (ProblemCommand? Command, string Actor, IReadOnlyList<FieldError> Errors) ToCommand()
    {
        var errors = new List<FieldError>();
        var actor = Actor ?? DefaultActor;
        ProblemInput.Text(errors, "actor", actor, ProblemLimits.MaxActor, required: true);
        ProblemCommand? command = Action switch
        {
            "dispatch" => new Dispatch(Required(Department, "department", "the department that takes it on, e.g. urban-management", errors) ?? "",
                Required(DueDays, "dueDays", $"1 to {ProblemLimits.MaxDueDays} days from acceptance", errors) ?? 1),
            "accept" => new Accept(),
            "return" => new Return(Required(Reason, "reason", "why the department sends it back", errors) ?? ""),
            "resolve" => new Resolve(Required(Resolution, "resolution", "what the department did", errors) ?? ""),
            "evaluate" => new Evaluate(Required(Rating, "rating", $"{ProblemLimits.MinRating} (poor) to {ProblemLimits.MaxRating} (very satisfied)", errors) ?? ProblemLimits.MinRating, Comment),
            _ => null,
        };
        if (command is null)
        {
            errors.Add(new FieldError("action", $"action '{Action}' is unknown: use {string.Join("|", Actions)}."));
            return (null, actor, errors);
        }
        // A missing field stands in as a placeholder, so that every other bad field is named in the same answer.
        errors.AddRange(command.Validate().Where(e => errors.All(missing => missing.Field != e.Field)));
        return errors.Count > 0 ? (null, actor, errors) : (command, actor, errors);
    }

    private static T? Required<T>(T? value, string field, string hint, List<FieldError> errors)
    {
        if (value is null || (value is string text && string.IsNullOrWhiteSpace(text)))
        {
            errors.Add(new FieldError(field, $"{field} is required: {hint}.", FieldProblem.Required));
        }
        return value;
    }
}
