using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outreach.Functions.Http;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary>What the problem functions share: the id check, reading a step's body, and mapping a step's result.</summary>
internal static class ProblemResults
{
    public static FieldError? BadId(string id) =>
        ProblemIds.TryParse(id, out _, out _) ? null : new FieldError("id", $"'{id}' is not a problem id: {ProblemIds.Rule}.");

    /// <summary>
    /// The step a body describes (<c>{department, dueDays, reason, resolution, rating, comment, actor}</c>, whichever the
    /// action takes), or the 400/413 to answer for a body that is not one.
    /// </summary>
    public static async Task<(ProblemStepInput? Step, IActionResult? Refusal)> ReadStepAsync(HttpRequest request, string action, CancellationToken cancellationToken)
    {
        var bytes = await ApiResults.ReadBodyAsync(request, cancellationToken);
        if (bytes is null)
        {
            return (null, ApiResults.TooLarge());
        }
        var body = JsonBody.Parse(bytes, "{\"department\", \"dueDays\", \"reason\", \"resolution\", \"rating\", \"comment\", \"actor\"}", out var error);
        if (body is null)
        {
            return (null, ApiResults.BadRequest(error!));
        }
        var step = new ProblemStepInput(action, body.Text("department"), body.WholeNumber("dueDays"), body.Text("reason"), body.Text("resolution"),
            body.WholeNumber("rating"), body.Text("comment"), body.Text("actor"));
        if (body.Errors.Count == 0)
        {
            return (step, null);
        }
        // A wrongly typed field is named; so is every other bad field of the step, in the same answer.
        var more = step.ToCommand().Errors.Where(e => body.Errors.All(typed => typed.Field != e.Field));
        return (null, ApiResults.BadRequest([.. body.Errors, .. more]));
    }

    public static IActionResult From(HttpRequest request, ProblemStepResult result)
    {
        if (result.ETag is not null && result.Kind == ProblemStepKind.Applied)
        {
            request.HttpContext.Response.Headers.ETag = result.ETag;
        }
        return result.Kind switch
        {
            ProblemStepKind.Applied => ApiResults.Ok(ProblemDocument.From(result.Problem!)),
            ProblemStepKind.Invalid => ApiResults.BadRequest([.. result.Errors]),
            ProblemStepKind.NotFound => ApiResults.Problem(StatusCodes.Status404NotFound, "No such problem", result.Message!),
            ProblemStepKind.Refused => ApiResults.Problem(StatusCodes.Status409Conflict, "The step is not allowed now", result.Message!),
            ProblemStepKind.NotYours => ApiResults.Problem(StatusCodes.Status403Forbidden, "The problem is not with you", result.Message!),
            _ => ApiResults.Problem(StatusCodes.Status409Conflict, "The problem changed meanwhile", result.Message!),
        };
    }
}
