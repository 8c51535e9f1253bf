using System.Text.RegularExpressions;
using Outreach.Import;
using Outreach.Links;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Requests;
using Outreach.Roster;

namespace Outreach.Cli.Commands;

/// <summary>
/// The demo's public side, from <c>samples/requests.csv</c>: each row a request an enterprise or household places through
/// its own link (企业下单、居民点单), dispatched, accepted and resolved by the department it names, and then rated through
/// the link in the rating SMS (评价反馈): <c>rate</c> with a rating, <c>not-solved</c> with the requester's words, or left
/// waiting. Run again the same day, it finds what it did before and does nothing twice.
/// </summary>
internal static partial class DemoRequests
{
    private static readonly string[] Columns = ["target_id", "category", "description", "urgency", "preferred_time", "department", "resolution", "verdict", "rating", "comment"];

    public static async Task RunAsync(CliContext context, string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "requests.csv");
        if (!File.Exists(path))
        {
            return;
        }
        var rows = Read(path);
        var problems = await context.ProblemsAsync(cancellationToken);
        var output = context.Environment.Out;
        await output.WriteLineAsync();
        await output.WriteLineAsync("Requests placed through the targets' own links (企业下单、居民点单), and the requesters' ratings (评价反馈):");
        string? waiting = null;
        string? requestLink = null;
        foreach (var row in rows)
        {
            var target = (await context.Roster.FindTargetsAsync(row["target_id"], cancellationToken)) is [var found, ..] ? found : throw new BadInputException($"{path} line {row["line"]}, column target_id: no target '{row["target_id"]}' in the roster: use an id of enterprises.csv or households.csv.");
            var token = await context.Requests.TokenAsync(target, rotate: false, cancellationToken);
            requestLink ??= context.Options<ReminderOptions>().LinkBaseUrl + token;
            var placed = await context.LinkPages.PlaceRequestAsync(token,
                new RequestInput(row["category"], row["description"], row["urgency"], row["preferred_time"]), cancellationToken);
            if (placed.Result is not { Outcome: RequestOutcome.Placed, Problem: { } problem })
            {
                throw new BadInputException($"{path} line {row["line"]}: the request was not placed: "
                    + (placed.Refused?.Reason.ToString() ?? string.Join(" ", placed.Result?.Errors.Select(e => e.Message) ?? [placed.Result?.Outcome.ToString() ?? ""])));
            }
            if (row["department"] is { Length: > 0 } department)
            {
                problem = await StepAsync(problems, problem, ProblemStatus.Reported, new Dispatch(department, 5), "coordinator", cancellationToken);
                problem = await StepAsync(problems, problem, ProblemStatus.Dispatched, new Accept(), department, cancellationToken);
                problem = await StepAsync(problems, problem, ProblemStatus.Accepted, new Resolve(row["resolution"]), department, cancellationToken);
            }
            var rating = await RatingAsync(context, problem, cancellationToken);
            if (rating is { } ask && row["verdict"] is { Length: > 0 } verdict && problem.Stage == ProblemStatus.Resolved)
            {
                var rated = await context.LinkPages.RateAsync(ask.Token,
                    new RatingInput(verdict == "not-solved" ? "reopen" : verdict, row["rating"], row["comment"], row["comment"]), cancellationToken);
                problem = rated.Result?.Problem ?? problem;
            }
            else if (rating is { } unrated && problem.Stage == ProblemStatus.Resolved)
            {
                waiting ??= $"  {target.Id}'s fix waiting for its rating (rate it, or say it is not solved): {DemoCommand.Opening(context, unrated.Sms)}";
            }
            await output.WriteLineAsync($"  {target.Name} [{problem.Category}] {problem.Status.ToWire()}{Verdict(problem)}");
        }
        await output.WriteLineAsync($"  Satisfaction by source and the 不满意 rate: report problems --from {context.Today:yyyy-MM-dd} --to {context.Today:yyyy-MM-dd}");
        // A request link is printed (a QR code on the door), never sent: where SMS carry codes, the demo leaves it to request-link.
        await output.WriteLineAsync(await context.ApprovedTemplatesAsync(cancellationToken) is null
            ? $"  {rows[0]["target_id"]}'s request page (place a request, see earlier ones): {requestLink}"
            : $"  {rows[0]["target_id"]}'s request page: request-link {rows[0]["target_id"]} prints it (request-links --out FILE.csv --qr DIR prints every one)");
        if (waiting is not null)
        {
            await output.WriteLineAsync(waiting);
        }
    }

    /// <summary>Takes a step when the problem is where it would be taken (a second run finds it done).</summary>
    private static async Task<Problem> StepAsync(ProblemService problems, Problem problem, ProblemStatus from, Problems.ProblemCommand command, string actor, CancellationToken cancellationToken)
    {
        if (problem.Stage != from)
        {
            return problem;
        }
        var result = await problems.ApplyAsync(problem.Id, command, actor, cancellationToken: cancellationToken);
        return result.Kind == ProblemStepKind.Applied ? result.Problem! : throw new BadInputException($"Problem {problem.Id}: {result.Message}");
    }

    /// <summary>
    /// The problem's rating SMS and the token it opens: its link, or where it carries a code instead (approved templates),
    /// the token the entry page gives for the code and the phone's last four digits, as the requester would type them.
    /// </summary>
    private static async Task<(OutboxMessage Sms, string Token)?> RatingAsync(CliContext context, Problem problem, CancellationToken cancellationToken)
    {
        if (problem.ResolvedAt is not { } resolvedAt)
        {
            return null;
        }
        var day = Calendar.ChinaTime.DateOf(resolvedAt);
        var rows = await context.Outbox.ListAsync(new OutboxFilter(From: day, To: day), cancellationToken);
        if (rows.FirstOrDefault(r => r.Kind == MessageKind.RatingRequest && r.Subject.StartsWith(problem.Id + ProblemIds.Separator, StringComparison.Ordinal)) is not { } sms)
        {
            return null;
        }
        if (sms.Approved is null)
        {
            return (sms, LinkToken(Link().Match(sms.Text).Value));
        }
        var redeemed = sms.Phone.Length < 4 ? null : await context.Codes.RedeemAsync(context.Codes.CodeOf(sms.Id), sms.Phone[^4..], "demo", cancellationToken);
        return redeemed is { Opened: true, Token: { } token } ? (sms, token) : null;
    }

    private static string Verdict(Problem problem) => problem switch
    {
        { EvaluatedBy: Evaluator.Requester, Rating: { } rating } => $", rated {rating} by the requester",
        { Dissatisfied: > 0 } => $", not solved (不满意): {problem.ReturnReason}",
        { Stage: ProblemStatus.Resolved } => ", waiting for the requester's rating (默认满意 after 7 days)",
        _ => "",
    };

    private static string LinkToken(string link) => link[(link.LastIndexOf("/v/", StringComparison.Ordinal) + 3)..];

    private static List<Dictionary<string, string>> Read(string path)
    {
        using var reader = new StreamReader(path);
        var records = CsvRecords.Read(reader).ToList();
        if (records.Count == 0 || !records[0].Fields.Select(f => f.Trim()).SequenceEqual(Columns))
        {
            throw new BadInputException($"{path} line 1: the header must be {string.Join(',', Columns)}.");
        }
        var rows = new List<Dictionary<string, string>>();
        foreach (var record in records.Skip(1))
        {
            if (record.Problem is not null || record.Fields.Length != Columns.Length)
            {
                throw new BadInputException($"{path} line {record.Line}: {record.Problem ?? $"{record.Fields.Length} values for {Columns.Length} columns"}.");
            }
            var row = Columns.Zip(record.Fields, (c, f) => (c, f.Trim())).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal);
            row["line"] = record.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        return rows;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
