using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Outcomes;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary>
/// <c>POST /api/problems/{id}/{action}</c>: <c>dispatch {department, dueDays}</c>, <c>accept</c>,
/// <c>return {reason}</c>, <c>resolve {resolution}</c>, <c>evaluate {rating, comment}</c>, each with an
/// optional <c>actor</c> (default <c>coordinator</c> for dispatch and evaluate, <c>department</c> otherwise).
/// A step the problem's stage does not allow is 409 and changes nothing; a dispatch to a department that is not
/// in the imported roster is 400. A dispatch writes the department's notice to the SMS outbox.
/// </summary>
public sealed class AdvanceProblem(ProblemService problems)
{
    /// <summary>The actions this endpoint takes; escalation is the timer's alone.</summary>
    public static readonly string[] Actions = ["dispatch", "accept", "return", "resolve", "evaluate"];

    [Function(nameof(AdvanceProblem))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/problems/{id}/{action}")] HttpRequest request,
        string id,
        string action,
        CancellationToken cancellationToken)
    {
        if (BadRoute(id, action, Actions) is [_, ..] errors)
        {
            return ApiResults.BadRequest(errors);
        }
        var (command, actor, refusal) = await ReadAsync(request, action, null, cancellationToken);
        if (command is null)
        {
            return refusal!;
        }
        if (ProblemResults.Fields(await problems.CheckRosterAsync(command, cancellationToken)) is [_, ..] unknown)
        {
            return ApiResults.BadRequest(unknown);
        }
        return ProblemResults.From(request, await problems.ApplyAsync(id, command, actor!, cancellationToken: cancellationToken));
    }

    /// <summary>The bad route values: an id that is not a problem id, an action not among <paramref name="actions"/>.</summary>
    internal static FieldError[] BadRoute(string id, string action, string[] actions)
    {
        var errors = new List<FieldError>();
        if (ProblemResults.BadId(id) is { } bad)
        {
            errors.Add(bad);
        }
        if (!actions.Contains(action, StringComparer.Ordinal))
        {
            errors.Add(new FieldError("action", $"action '{action}' is unknown: use {string.Join("|", actions)}."));
        }
        return [.. errors];
    }

    /// <summary>
    /// The step's command and actor from the body, or the 400/413 to answer. <paramref name="linkActor"/> is the
    /// department a signed link names: it is the actor, and the body cannot say otherwise.
    /// </summary>
    internal static async Task<(ProblemCommand? Command, string? Actor, IActionResult? Refusal)> ReadAsync(HttpRequest request, string action, string? linkActor, CancellationToken cancellationToken)
    {
        var bytes = await ApiResults.ReadBodyAsync(request, cancellationToken);
        if (bytes is null)
        {
            return (null, null, ApiResults.TooLarge());
        }
        var body = JsonBody.Parse(bytes, Expected(action), out var error);
        if (body is null)
        {
            return (null, null, ApiResults.BadRequest(error!));
        }
        var command = Command(action, body);
        var actor = linkActor ?? body.Text("actor") ?? (action is "dispatch" or "evaluate" ? "coordinator" : "department");
        if (actor.Length == 0 || actor.Length > ProblemLimits.MaxActor || string.IsNullOrWhiteSpace(actor))
        {
            body.Errors.Add(new FieldError("actor", $"actor must be 1 to {ProblemLimits.MaxActor} characters."));
        }
        var all = body.Errors.Concat(ProblemResults.Fields(command.Validate()).Where(e => body.Errors.All(b => b.Field != e.Field))).ToArray();
        return all.Length > 0 ? (null, null, ApiResults.BadRequest(all)) : (command, actor, null);
    }

    /// <summary>The command, with harmless placeholders for missing fields (already named as required), so every other bad field is named too.</summary>
    private static ProblemCommand Command(string action, JsonBody body)
    {
        switch (action)
        {
            case "dispatch":
                var department = body.Text("department");
                var dueDays = body.Int("dueDays");
                body.Require("department", department, "the department that takes it on, e.g. urban-management");
                body.Require("dueDays", dueDays, $"1 to {ProblemLimits.MaxDueDays} days from acceptance");
                return new Dispatch(department ?? "", dueDays ?? 1);
            case "accept":
                return new Accept();
            case "return":
                var reason = body.Text("reason");
                body.Require("reason", reason, "why the department sends it back");
                return new Return(reason ?? "");
            case "resolve":
                var resolution = body.Text("resolution");
                body.Require("resolution", resolution, "what the department did");
                return new Resolve(resolution ?? "");
            default:
                var rating = body.Int("rating");
                var comment = body.Text("comment");
                body.Require("rating", rating, $"{ProblemLimits.MinRating} (poor) to {ProblemLimits.MaxRating} (very satisfied)");
                return new Evaluate(rating ?? ProblemLimits.MinRating, comment);
        }
    }

    private static string Expected(string action) => action switch
    {
        "dispatch" => "{\"department\", \"dueDays\", \"actor\"}",
        "return" => "{\"reason\", \"actor\"}",
        "resolve" => "{\"resolution\", \"actor\"}",
        "evaluate" => "{\"rating\", \"comment\", \"actor\"}",
        _ => "{\"actor\"}",
    };
}
