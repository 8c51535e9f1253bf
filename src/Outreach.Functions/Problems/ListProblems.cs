using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Outcomes;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Functions.Problems;

/// <summary><c>GET /api/problems?status=&amp;grid=&amp;department=</c>: problems matching every given filter.</summary>
public sealed class ListProblems(ProblemService problems)
{
    [Function(nameof(ListProblems))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/problems")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ProblemStatus? status = null;
        if (Query(request, "status") is { } statusText)
        {
            if (ProblemStatuses.TryParse(statusText, out var parsed))
            {
                status = parsed;
            }
            else
            {
                var allowed = string.Join("|", Enum.GetValues<ProblemStatus>().Select(s => s.ToWire()));
                errors.Add(new FieldError("status", $"status '{statusText}' is unknown: use {allowed}."));
            }
        }
        var grid = Id(request, "grid", errors);
        var department = Id(request, "department", errors);
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest([.. errors]);
        }
        var found = await problems.ListAsync(new ProblemFilter(status, grid, department), cancellationToken);
        return ApiResults.Ok(found.Select(p => ProblemTicketDocument.From(p.Problem)).ToList());
    }

    private static string? Query(HttpRequest request, string name) =>
        request.Query[name].ToString() is { Length: > 0 } text ? text : null;

    private static string? Id(HttpRequest request, string name, List<FieldError> errors)
    {
        var text = Query(request, name);
        if (text is not null && !Ids.IsValid(text))
        {
            errors.Add(new FieldError(name, $"{name} '{text}' is not an id: {Ids.Rule}."));
            return null;
        }
        return text;
    }
}
