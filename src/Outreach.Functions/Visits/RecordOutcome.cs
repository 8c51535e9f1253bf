using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Planning;

namespace Outreach.Functions.Visits;

/// <summary>
/// <c>POST /api/visits/{visitId}/outcome</c>: field staff report a visit through the signed link their SMS
/// carries (<c>Authorization: Bearer TOKEN</c>, or <c>?t=TOKEN</c>). 201 the first time, 200 for the same
/// outcome again, 409 for a different one unless <c>If-Match</c> names the stored outcome's ETag.
/// </summary>
public sealed class RecordOutcome(OutcomeService outcomes, LinkTokens links, TimeProvider clock)
{
    [Function(nameof(RecordOutcome))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/visits/{visitId}/outcome")] HttpRequest request,
        string visitId,
        CancellationToken cancellationToken)
    {
        if (!VisitId.TryParse(visitId, out _, out _, out _))
        {
            return ApiResults.BadRequest(new FieldError("visitId", $"'{visitId}' is not a visit id: it looks like grid~yyyyMMdd~target."));
        }
        var grant = SignedLink.Check(links, request, clock.GetUtcNow(), "Open the link from your SMS to report this visit.", out var refusal);
        if (grant is null)
        {
            return refusal!;
        }
        if (!grant.CoversVisit(visitId))
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "The link is for another visit", "This link cannot report this visit.");
        }

        var body = await ApiResults.ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return ApiResults.TooLarge();
        }
        var (outcomeRequest, errors) = Parse(body);
        if (outcomeRequest is null)
        {
            return ApiResults.BadRequest([.. errors]);
        }

        var result = await outcomes.RecordAsync(visitId, outcomeRequest, grant.VisitorId, IfMatch(request), cancellationToken);
        if (result.ETag is not null)
        {
            request.HttpContext.Response.Headers.ETag = result.ETag;
        }
        return result.Kind switch
        {
            OutcomeResultKind.Created => ApiResults.Ok(OutcomeDocument.From(visitId, result.Visit!.Outcome!), StatusCodes.Status201Created),
            OutcomeResultKind.Replayed or OutcomeResultKind.Corrected => ApiResults.Ok(OutcomeDocument.From(visitId, result.Visit!.Outcome!)),
            OutcomeResultKind.Invalid => ApiResults.BadRequest([.. result.Errors]),
            OutcomeResultKind.NotFound => ApiResults.Problem(StatusCodes.Status404NotFound, "No such visit", result.Message!),
            OutcomeResultKind.Forbidden => ApiResults.Problem(StatusCodes.Status403Forbidden, "Not your visit", result.Message!),
            _ => ApiResults.Problem(StatusCodes.Status409Conflict, "A different outcome is recorded", result.Message!),
        };
    }

    private static string? IfMatch(HttpRequest request) =>
        request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString() : null;

    /// <summary>Reads the body field by field, so that every wrongly typed field is named.</summary>
    private static (OutcomeRequest? Request, List<FieldError> Errors) Parse(byte[] body)
    {
        const string Expected = "{\"visitorId\", \"status\", \"visitedAt\", \"notes\", \"problems\": [{\"category\", \"description\", \"urgency\"}]}";
        var json = JsonBody.Parse(body, Expected, out var error);
        if (json is null)
        {
            return (null, [error!]);
        }
        var problems = json.Objects("problems", "{category, description, urgency}")
            .Select(p => new ProblemInput(p.Text("category"), p.Text("description"), p.Text("urgency")))
            .ToList();
        var request = new OutcomeRequest(json.Text("visitorId"), json.Text("status"), json.Text("visitedAt"), json.Text("notes"), problems);
        return json.Errors.Count > 0 ? (null, json.Errors) : (request, json.Errors);
    }
}
