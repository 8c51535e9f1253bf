using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Problems;

namespace Outreach.Outcomes;

/// <summary>What recording an outcome did; each host maps it to its own answer (an HTTP status, a page, an exit code).</summary>
public enum OutcomeResultKind
{
    /// <summary>First outcome for the visit: stored (HTTP 201).</summary>
    Created,

    /// <summary>The same outcome again, e.g. a retry from a flaky phone: nothing written (HTTP 200).</summary>
    Replayed,

    /// <summary>A different outcome replaced the stored one, as asked with its ETag (HTTP 200).</summary>
    Corrected,

    NotFound,
    Invalid,

    /// <summary>The visitor is not assigned to this visit, or is not who the link was for (HTTP 403).</summary>
    Forbidden,

    /// <summary>A different outcome is already recorded (HTTP 409).</summary>
    Conflict,
}

/// <summary>What recording an outcome did: the visit as stored now, its ETag, or why nothing was written.</summary>
public sealed record OutcomeResult(OutcomeResultKind Kind, Visit? Visit, string? ETag, IReadOnlyList<FieldError> Errors, string? Message = null)
{
    public static OutcomeResult Fail(OutcomeResultKind kind, string message) => new(kind, null, null, [], message);
}

/// <summary>
/// Records what a visitor found. Idempotent: the same outcome twice is a replay; a different one is a
/// conflict unless it names the stored outcome's ETag (a correction). Concurrent posts race on the row's
/// ETag, so exactly one wins. The visit's status follows the outcome, which the next plan reads: the next
/// due date follows a real completion; not reachable reopens the window.
/// </summary>
public sealed class OutcomeService(IVisitStore visits, TimeProvider clock)
{
    /// <param name="actingVisitorId">Who the signed link was issued to; null when a coordinator records it.</param>
    /// <param name="ifMatch">The stored outcome's ETag, to correct it.</param>
    public async Task<OutcomeResult> RecordAsync(string visitId, OutcomeRequest request, string? actingVisitorId, string? ifMatch, CancellationToken cancellationToken = default)
    {
        if (!VisitId.TryParse(visitId, out _, out _, out _))
        {
            return OutcomeResult.Fail(OutcomeResultKind.NotFound, $"'{visitId}' is not a visit id: it looks like grid~yyyyMMdd~target.");
        }
        // One retry: a lost race is re-read and judged again (replay or conflict).
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var stored = await visits.GetStoredVisitAsync(visitId, cancellationToken);
            if (stored is null)
            {
                return OutcomeResult.Fail(OutcomeResultKind.NotFound, $"No visit {visitId}: check the link.");
            }
            var visit = stored.Visit;
            var (outcome, errors) = request.Validate(visit, clock.GetUtcNow());
            if (outcome is null)
            {
                return new OutcomeResult(OutcomeResultKind.Invalid, null, null, errors);
            }
            if (actingVisitorId is not null && actingVisitorId != outcome.VisitorId)
            {
                return OutcomeResult.Fail(OutcomeResultKind.Forbidden, $"This link is for visitor {actingVisitorId}, not {outcome.VisitorId}.");
            }
            if (!visit.VisitorIds.Contains(outcome.VisitorId, StringComparer.Ordinal))
            {
                return OutcomeResult.Fail(OutcomeResultKind.Forbidden, $"Visitor {outcome.VisitorId} is not assigned to visit {visitId}.");
            }
            var correcting = false;
            if (visit.Outcome is { } existing)
            {
                if (existing.SameReportAs(outcome))
                {
                    return new OutcomeResult(OutcomeResultKind.Replayed, visit, stored.ETag, []);
                }
                if (ifMatch is null || ifMatch != stored.ETag)
                {
                    return new OutcomeResult(OutcomeResultKind.Conflict, visit, stored.ETag, [],
                        $"Visit {visitId} already has a different outcome ({existing.Status.ToWire()}, recorded {existing.RecordedAt:O}): send If-Match with its ETag to correct it.");
                }
                correcting = true;
            }
            var updated = visit with
            {
                Status = outcome.Status,
                CompletedOn = outcome.Status == VisitStatus.Completed ? ChinaTime.DateOf(outcome.VisitedAt) : null,
                Outcome = outcome,
            };
            var etag = outcome.Problems.Count == 0
                ? await visits.TryReplaceAsync(updated, stored.ETag, cancellationToken)
                : await visits.TryReplaceWithProblemsAsync(updated, stored.ETag, RaisedProblems(visit, outcome), cancellationToken);
            if (etag is not null)
            {
                return new OutcomeResult(correcting ? OutcomeResultKind.Corrected : OutcomeResultKind.Created, updated, etag, []);
            }
            if (correcting)
            {
                return new OutcomeResult(OutcomeResultKind.Conflict, visit, stored.ETag, [], $"Visit {visitId} changed while correcting it: read it again.");
            }
        }
        return OutcomeResult.Fail(OutcomeResultKind.Conflict, $"Visit {visitId} keeps changing: try again.");
    }

    /// <summary>
    /// The problems an outcome raises (问题上报), reported by the visitor when the outcome reached us. Ids are numbered
    /// by position in the outcome, so a retried or corrected outcome names the same rows.
    /// </summary>
    public static IReadOnlyList<Problem> RaisedProblems(Visit visit, VisitOutcome outcome) =>
        outcome.Problems.Select((p, i) => ProblemWorkflow.Report(
            new ReportProblem(
                ProblemIds.Format(visit.Grid, ProblemIds.FromVisit(visit.Date, visit.TargetId, i + 1)),
                visit.Grid, visit.TargetId, visit.Id, p.Category, p.Description,
                p.Urgent ? ProblemUrgency.Urgent : ProblemUrgency.Normal),
            outcome.VisitorId,
            outcome.RecordedAt)).ToList();
}
