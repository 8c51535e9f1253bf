using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Outcomes;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary>
/// <c>POST /api/problems</c>: a coordinator opens a problem for a target directly, without a visit (12345
/// hotline, walk-in). Body <c>{grid, targetId, category, description, urgency, reportedBy}</c>; 201 with the problem.
/// </summary>
public sealed class OpenProblem(ProblemService problems)
{
    private const string Expected = "{\"grid\", \"targetId\", \"category\", \"description\", \"urgency\": \"normal|urgent\", \"reportedBy\"}";

    [Function(nameof(OpenProblem))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/problems")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var bytes = await ApiResults.ReadBodyAsync(request, cancellationToken);
        if (bytes is null)
        {
            return ApiResults.TooLarge();
        }
        var body = JsonBody.Parse(bytes, Expected, out var error);
        if (body is null)
        {
            return ApiResults.BadRequest(error!);
        }
        var grid = body.Text("grid");
        var targetId = body.Text("targetId");
        var category = body.Text("category");
        var description = body.Text("description");
        var urgencyText = body.Text("urgency");
        var reportedBy = body.Text("reportedBy") ?? "coordinator";
        var urgency = ProblemUrgency.Normal;
        if (urgencyText is not null && !ProblemUrgencies.TryParse(urgencyText, out urgency))
        {
            body.Errors.Add(new FieldError("urgency", $"urgency '{urgencyText}' is unknown: use normal|urgent."));
        }
        var report = new DirectReport(grid!, targetId!, category!, description!, urgency, reportedBy);
        var errors = body.Errors.Concat(ProblemResults.Fields(report.Validate()).Where(e => body.Errors.All(b => b.Field != e.Field))).ToArray();
        if (errors.Length > 0)
        {
            return ApiResults.BadRequest(errors);
        }
        var opened = await problems.OpenAsync(report, cancellationToken);
        if (opened.Problem is null)
        {
            return ApiResults.BadRequest(ProblemResults.Fields(opened.Errors));
        }
        return ApiResults.Ok(ProblemTicketDocument.From(opened.Problem), opened.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}
