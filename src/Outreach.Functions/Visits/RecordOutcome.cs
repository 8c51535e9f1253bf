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
/// carries (<c>Authorization: Bearer TOKEN</c>, or <c>?t=TOKEN</c>), through <see cref="LinkService.RecordOutcomeAsync"/>
/// as the pages do. 201 the first time, 200 for the same outcome again, 409 for a different one unless <c>If-Match</c>
/// names the stored outcome's ETag.
/// </summary>
public sealed class RecordOutcome(LinkService links)
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
        var (outcome, refusal) = await OutcomeBody.ReadAsync(request, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var ifMatch = request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString() : null;
        var post = await links.RecordOutcomeAsync(SignedLink.Token(request), visitId, outcome!, ifMatch, cancellationToken);
        return post.Refused is { } refused ? SignedLink.Refusal(refused) : OutcomeBody.From(request, visitId, post.Result!);
    }
}
