using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;
using Outreach.Problems;

namespace Outreach.Functions.Problems;

/// <summary>
/// <c>POST /api/problems</c>: a coordinator opens a problem for a target directly, without a visit (12345
/// hotline, walk-in). Body <c>{grid, targetId, category, description, urgency, reportedBy}</c>; 201 with the problem,
/// 200 with the one the same report opened before.
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
        var input = new DirectReportInput(body.Text("grid"), body.Text("targetId"), body.Text("category"), body.Text("description"), body.Text("urgency"), body.Text("reportedBy"));
        if (body.Errors.Count > 0)
        {
            return ApiResults.BadRequest([.. body.Errors]);
        }
        var opened = await problems.OpenAsync(input, cancellationToken);
        return opened.Problem is null
            ? ApiResults.BadRequest([.. opened.Errors])
            : ApiResults.Ok(ProblemDocument.From(opened.Problem), opened.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}
