using System.CommandLine;
using System.Globalization;
using Outreach.Calendar;
using Outreach.Outcomes;
using Outreach.Planning;

namespace Outreach.Cli.Commands;

/// <summary><c>record VISIT_ID --status S</c>: a coordinator records an outcome reported by phone or on paper.</summary>
internal static class RecordCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var visit = new Argument<string>("visit") { Description = "The visit id, e.g. g1~20261207~h1 (see `visits`)." };
        var status = new Option<string>("--status") { Description = "completed, not-reachable, refused or rescheduled.", Required = true };
        var at = new Option<string?>("--at") { Description = "When the visit took place, e.g. 2026-12-07T10:30 (China time; default: now)." };
        var notes = new Option<string?>("--notes") { Description = "What the visitor noted." };
        var visitor = new Option<string?>("--visitor") { Description = "Who made the visit (default: the visit's first visitor)." };
        var problems = new Option<string[]>("--problem") { Description = "A problem found, as CATEGORY:DESCRIPTION (repeat for several).", AllowMultipleArgumentsPerToken = false };
        var correct = new Option<bool>("--correct") { Description = "Replace an outcome already recorded for this visit." };
        var command = new Command("record", "Record a visit's outcome; the next plan follows it.");
        command.Arguments.Add(visit);
        foreach (var option in new Option[] { status, at, notes, visitor, problems, correct })
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var visitId = parsed.GetValue(visit)!;
            var stored = await context.VisitStore.GetStoredVisitAsync(visitId, cancellationToken)
                ?? throw new BadInputException($"No visit '{visitId}': list visits with `visits` and copy an id.");
            var visitedAt = parsed.GetValue(at) is { } text
                ? FixedClock.TryParse(text, out var moment) ? moment : throw new BadInputException($"--at '{text}' is not a date-time: use e.g. 2026-12-07T10:30 (China time).")
                : ChinaTime.Now(context.Clock);
            var reported = (parsed.GetValue(problems) ?? []).Select(p =>
            {
                var split = p.Split(':', 2);
                return split.Length == 2
                    ? new ProblemInput(split[0].Trim(), split[1].Trim(), "normal")
                    : throw new BadInputException($"--problem '{p}' needs a category and a description: CATEGORY:DESCRIPTION, e.g. 用工:缺少技术工人.");
            }).ToList();
            var request = new OutcomeRequest(
                parsed.GetValue(visitor) ?? (stored.Visit.VisitorIds is [var first, ..] ? first : null),
                parsed.GetValue(status),
                visitedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                parsed.GetValue(notes),
                reported);
            var result = await context.Outcomes.RecordAsync(visitId, request, actingVisitorId: null, parsed.GetValue(correct) ? stored.ETag : null, cancellationToken);
            var output = context.Environment.Out;
            switch (result.Kind)
            {
                case OutcomeResultKind.Created or OutcomeResultKind.Corrected or OutcomeResultKind.Replayed:
                    var word = result.Kind switch { OutcomeResultKind.Created => "Recorded", OutcomeResultKind.Corrected => "Corrected", _ => "Already recorded" };
                    await output.WriteLineAsync($"{word}: {visitId} {result.Visit!.Status.ToWire()}{(reported.Count > 0 ? $", {reported.Count} problem(s)" : "")}.");
                    return ExitCodes.Success;
                case OutcomeResultKind.Invalid:
                    throw new BadInputException(string.Join(Environment.NewLine, result.Errors.Select(e => $"{Option(e.Field)}: {e.Message}")));
                default:
                    throw new BadInputException(result.Message + (result.Kind == OutcomeResultKind.Conflict ? " (pass --correct to replace it)" : ""));
            }
        }));
        return command;
    }

    private static string Option(string field) => field switch
    {
        "visitedAt" => "--at",
        "visitorId" => "--visitor",
        var f when f.StartsWith("problems", StringComparison.Ordinal) => "--problem",
        var f => "--" + f,
    };
}
