using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Calendar;
using Outreach.Functions.Http;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Roster;

namespace Outreach.Functions.Visits;

/// <summary><c>GET /api/visitors/{visitorId}/visits?from=&amp;to=</c>: one visitor's visits (default: the next four weeks).</summary>
public sealed class GetVisitorVisits(VisitQueryService queries, TimeProvider clock)
{
    [Function(nameof(GetVisitorVisits))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/visitors/{visitorId}/visits")] HttpRequest request,
        string visitorId,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (!Ids.IsValid(visitorId))
        {
            errors.Add(new FieldError("visitorId", $"'{visitorId}' is not a visitor id: {Ids.Rule}."));
        }
        var from = Day(request.Query["from"], "from", errors) ?? ChinaTime.Today(clock);
        var to = Day(request.Query["to"], "to", errors) ?? from.AddDays(27);
        if (errors.Count == 0 && (to < from || to.DayNumber - from.DayNumber > 366))
        {
            errors.Add(new FieldError("to", "to must be on or after from, at most 366 days later."));
        }
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest([.. errors]);
        }
        try
        {
            var visits = await queries.FindAsync(new VisitFilter(from, to, VisitorId: visitorId), cancellationToken);
            return ApiResults.Ok(visits.Select(VisitDocument.From).ToList());
        }
        catch (BadInputException e)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, "No such visitor", e.Message);
        }
    }

    private static DateOnly? Day(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors.Add(new FieldError(field, $"{field} '{text}' is not a date: use YYYY-MM-DD."));
        return null;
    }
}
