using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outreach.Functions.Http;
using Outreach.Links;
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
            ProblemStepKind.NotYours => ApiResults.Problem(StatusCodes.Status403Forbidden, "The problem is not with you", result.Message!),
            _ => ApiResults.Problem(StatusCodes.Status409Conflict, "The problem changed meanwhile", result.Message!),
        };
    }

    /// <summary>
    /// The open problem a notice's signed link is for (the department's link or a read-only copy), with the link's
    /// grant; otherwise the 401 (no valid link), 403 (a link to another problem), 404, or 410 (the problem is closed:
    /// resolved or evaluated, so the link has nothing left to do) to answer.
    /// </summary>
    public static async Task<(StoredProblem? Problem, LinkGrant? Grant, IActionResult? Refusal)> ByLinkAsync(
        ProblemService problems, LinkTokens links, TimeProvider clock, HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var grant = SignedLink.Check(links, request, clock.GetUtcNow(), "Open the link from the problem's SMS, or use the coordinators' API with a function key.", out var refusal);
        if (grant is null)
        {
            return (null, null, refusal);
        }
        if (!grant.OpensProblem(id))
        {
            return (null, null, ApiResults.Problem(StatusCodes.Status403Forbidden, "The link is for another problem", "This link cannot open this problem: use the link from its own SMS."));
        }
        var stored = await problems.GetAsync(id, cancellationToken);
        if (stored is { Problem.IsOpen: false })
        {
            return (null, null, ApiResults.Problem(StatusCodes.Status410Gone, "The problem is closed",
                $"Problem {id} is {stored.Problem.Status.ToWire()}, so its links no longer open it: ask the coordinator if it needs more work."));
        }
        return stored is null ? (null, null, NotFound(id)) : (stored, grant, null);
    }
}
