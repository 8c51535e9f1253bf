using System.CommandLine;
using Outreach.Problems;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>problem dispatch|accept|return|resolve|evaluate ID …</c>: one workflow step, through the same service as
/// <c>POST /api/problems/{id}/{action}</c>. A step the problem's stage does not allow exits 1 with the reason.
/// </summary>
internal static class ProblemCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("problem", "Move a problem on: dispatch, accept, return, resolve or evaluate it.");
        var department = new Option<string?>("--department") { Description = "The department that takes it on (dispatch)." };
        var dueDays = new Option<int?>("--due-days") { Description = $"Days the department has once it accepts, 1 to {ProblemLimits.MaxDueDays} (dispatch)." };
        var reason = new Option<string?>("--reason") { Description = "Why the department sends it back (return)." };
        var resolution = new Option<string?>("--resolution") { Description = "What the department did (resolve)." };
        var rating = new Option<int?>("--rating") { Description = $"The reporter's rating, {ProblemLimits.MinRating} to {ProblemLimits.MaxRating} (evaluate)." };
        var comment = new Option<string?>("--comment") { Description = "The reporter's comment (evaluate)." };
        command.Subcommands.Add(Step(environment, "dispatch", "Send a reported or returned problem to a department (接收分流).", "coordinator", [department, dueDays],
            (p, missing) => new Dispatch(p.GetValue(department) ?? Missing(missing, "--department", ""), p.GetValue(dueDays) ?? Missing(missing, "--due-days", 1))));
        command.Subcommands.Add(Step(environment, "accept", "The department takes on a dispatched problem (签收): its clock starts.", "department", [], (_, _) => new Accept()));
        command.Subcommands.Add(Step(environment, "return", "The department sends the problem back to the coordinator (退单).", "department", [reason],
            (p, missing) => new Return(p.GetValue(reason) ?? Missing(missing, "--reason", ""))));
        command.Subcommands.Add(Step(environment, "resolve", "The department has fixed an accepted problem.", "department", [resolution],
            (p, missing) => new Resolve(p.GetValue(resolution) ?? Missing(missing, "--resolution", ""))));
        command.Subcommands.Add(Step(environment, "evaluate", "The reporter rates the fix (回访), which closes the problem.", "coordinator", [rating, comment],
            (p, missing) => new Evaluate(p.GetValue(rating) ?? Missing(missing, "--rating", ProblemLimits.MinRating), p.GetValue(comment))));
        return command;
    }

    private static Command Step(CliEnvironment environment, string name, string description, string defaultActor, Option[] options, Func<ParseResult, List<string>, Problems.ProblemCommand> build)
    {
        var id = new Argument<string>("id") { Description = "The problem id, e.g. xs-1~20261207~h1~1 (see `problems`)." };
        var actor = new Option<string?>("--actor") { Description = $"Who takes the step (default: {defaultActor})." };
        var command = new Command(name, description);
        command.Arguments.Add(id);
        foreach (var option in options.Append(actor))
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, cancellationToken) => OutreachCli.Guard(environment, parsed, async context =>
        {
            var problemId = parsed.GetValue(id)!;
            if (!ProblemIds.TryParse(problemId, out _, out _))
            {
                throw new BadInputException($"'{problemId}' is not a problem id: {ProblemIds.Rule}.");
            }
            var missing = new List<string>();
            var step = build(parsed, missing);
            // Missing options stand in as placeholders, so that every other bad option is named in the same message.
            var errors = missing.Select(option => $"{option} is required for {name}.")
                .Concat(step.Validate().Where(e => !missing.Contains(Option(e.Field))).Select(e => $"{Option(e.Field)}: {e.Message}"))
                .ToList();
            if (errors.Count > 0)
            {
                throw new BadInputException(string.Join(Environment.NewLine, errors));
            }
            var result = await (await context.ProblemsAsync(cancellationToken)).ApplyAsync(problemId, step, parsed.GetValue(actor) ?? defaultActor, cancellationToken: cancellationToken);
            if (result.Kind != ProblemStepKind.Applied)
            {
                throw new BadInputException(result.Message!);
            }
            var problem = result.Problem!;
            await context.Environment.Out.WriteLineAsync($"{problem.Id}: {problem.Status.ToWire()} ({problem.History[^1].Detail}).");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static T Missing<T>(List<string> missing, string option, T placeholder)
    {
        missing.Add(option);
        return placeholder;
    }

    private static string Option(string field) => field switch
    {
        "dueDays" => "--due-days",
        var f => "--" + f,
    };
}
