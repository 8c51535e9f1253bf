using System.CommandLine;
using Outreach.Problems;

namespace Outreach.Cli.Commands;

/// <summary>
/// <c>problem dispatch|accept|return|resolve|evaluate ID …</c>: one workflow step, read and applied as
/// <c>POST /api/problems/{id}/{action}</c> reads and applies it (<see cref="ProblemStepInput"/>). A step the problem's
/// stage does not allow exits 1 with the reason.
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
        command.Subcommands.Add(Step(environment, "dispatch", "Send a reported or returned problem to a department (接收分流).", [department, dueDays],
            p => new ProblemStepInput("dispatch", Department: p.GetValue(department), DueDays: p.GetValue(dueDays))));
        command.Subcommands.Add(Step(environment, "accept", "The department takes on a dispatched problem (签收): its clock starts.", [],
            _ => new ProblemStepInput("accept")));
        command.Subcommands.Add(Step(environment, "return", "The department sends the problem back to the coordinator (退单).", [reason],
            p => new ProblemStepInput("return", Reason: p.GetValue(reason))));
        command.Subcommands.Add(Step(environment, "resolve", "The department has fixed an accepted problem.", [resolution],
            p => new ProblemStepInput("resolve", Resolution: p.GetValue(resolution))));
        command.Subcommands.Add(Step(environment, "evaluate", "The reporter rates the fix (回访), which closes the problem.", [rating, comment],
            p => new ProblemStepInput("evaluate", Rating: p.GetValue(rating), Comment: p.GetValue(comment))));
        return command;
    }

    private static Command Step(CliEnvironment environment, string name, string description, Option[] options, Func<ParseResult, ProblemStepInput> read)
    {
        var id = new Argument<string>("id") { Description = "The problem id, e.g. xs-1~20261207~h1~1 (see `problems`)." };
        var actor = new Option<string?>("--actor") { Description = $"Who takes the step (default: {new ProblemStepInput(name).DefaultActor})." };
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
            var step = read(parsed) with { Actor = parsed.GetValue(actor) };
            var result = await (await context.ProblemsAsync(cancellationToken)).ApplyAsync(problemId, step, cancellationToken: cancellationToken);
            switch (result.Kind)
            {
                case ProblemStepKind.Invalid:
                    throw new BadInputException(string.Join(Environment.NewLine, result.Errors.Select(e => e.Problem == FieldProblem.Required
                        ? $"{OutreachCli.Option(e.Field)} is required for {name}."
                        : $"{OutreachCli.Option(e.Field)}: {e.Message}")));
                case not ProblemStepKind.Applied:
                    throw new BadInputException(result.Message!);
            }
            var problem = result.Problem!;
            await context.Environment.Out.WriteLineAsync($"{problem.Id}: {problem.Status.ToWire()} ({problem.History[^1].Detail}).");
            return ExitCodes.Success;
        }));
        return command;
    }
}
