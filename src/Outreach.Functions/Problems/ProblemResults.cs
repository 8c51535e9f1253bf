using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outreach.Functions.Http;
using Outreach.Outcomes;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary>What the problem functions share: the id check and the mapping of a step's result.</summary>
internal static class ProblemResults
{
    public static FieldError? BadId(string id) =>
        ProblemIds.TryParse(id, out _, out _) ? null : new FieldError("id", $"'{id}' is not a problem id: {ProblemIds.Rule}.");

    public static IActionResult NotFound(string id) =>
        ApiResults.Problem(StatusCodes.Status404NotFound, "No such problem", $"No problem {id}: list them with GET /api/problems.");

    public static FieldError[] Fields(IEnumerable<ProblemInputError> errors) =>
        errors.Select(e => new FieldError(e.Field, e.Message.EndsWith('.') ? e.Message : e.Message + ".")).ToArray();

    public static IActionResult From(HttpRequest request, ProblemStepResult result)
    {
        if (result.ETag is not null && result.Kind == ProblemStepKind.Applied)
        {
            request.HttpContext.Response.Headers.ETag = result.ETag;
        }
        return result.Kind switch
        {
            ProblemStepKind.Applied => ApiResults.Ok(ProblemTicketDocument.From(result.Problem!)),
            ProblemStepKind.NotFound => ApiResults.Problem(StatusCodes.Status404NotFound, "No such problem", result.Message!),
            ProblemStepKind.Refused => ApiResults.Problem(StatusCodes.Status409Conflict, "The step is not allowed now", result.Message!),
            _ => ApiResults.Problem(StatusCodes.Status409Conflict, "The problem changed meanwhile", result.Message!),
        };
    }
}
