using System.CommandLine;
using Azure;
using Azure.Identity;
using Outreach.Adapters;
using Outreach.Cli.Commands;

namespace Outreach.Cli;

/// <summary>
/// The coordinator CLI: <c>import</c>, <c>plan</c>, <c>visits</c>, <c>record</c>, <c>problems</c>, <c>problem</c>, <c>report</c>, <c>demo</c>, <c>remind</c>, <c>outbox</c>, <c>template</c>, <c>deny</c>, <c>poison</c>, <c>request-link</c>, <c>request-links</c>, <c>points</c>. Every command calls the same
/// core services as the Functions app; this layer only parses, opens storage and prints.
/// </summary>
public static class OutreachCli
{
    public const string StorageVariable = "OUTREACH_STORAGE";
    public const string NowVariable = "OUTREACH_NOW";

    /// <summary>Prefixes every table name, so several rehearsals (or test runs) can share one storage account.</summary>
    public const string TablePrefixVariable = "OUTREACH_TABLE_PREFIX";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    internal static readonly Option<string?> Storage = new("--storage")
    {
        Description = $"Table Storage connection string, or the table service URI https://<account>.table.core.windows.net signed in with az login (default: ${StorageVariable}, else {DevelopmentStorage}).",
        Recursive = true,
    };

    internal static readonly Option<string?> Now = new("--now")
    {
        Description = $"Run as if the clock read this moment, e.g. 2026-12-01T09:00 (China time) (default: ${NowVariable}, else the real clock).",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Outreach: rotating visit schedules for grid outreach campaigns (走访).");
        root.Options.Add(Storage);
        root.Options.Add(Now);
        root.Subcommands.Add(ImportCommand.Create(environment));
        root.Subcommands.Add(PlanCommand.Create(environment));
        root.Subcommands.Add(VisitsCommand.Create(environment));
        root.Subcommands.Add(RecordCommand.Create(environment));
        root.Subcommands.Add(ProblemsCommand.Create(environment));
        root.Subcommands.Add(ProblemCommand.Create(environment));
        root.Subcommands.Add(ReportCommand.Create(environment));
        root.Subcommands.Add(DemoCommand.Create(environment));
        root.Subcommands.Add(RemindCommand.Create(environment));
        root.Subcommands.Add(OutboxCommand.Create(environment));
        root.Subcommands.Add(TemplateCommand.Create(environment));
        root.Subcommands.Add(DenyCommand.Create(environment));
        root.Subcommands.Add(PoisonCommand.Create(environment));
        root.Subcommands.Add(PointsCommand.Create(environment));
        root.Subcommands.Add(RequestLinkCommand.Create(environment));
        root.Subcommands.Add(RequestLinkCommand.CreateBatch(environment));

        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error }, cancellationToken);
    }

    /// <summary>The option a field is given by: <c>dueDays</c> is <c>--due-days</c>.</summary>
    internal static string Option(string field) =>
        "--" + string.Concat(field.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>Bad input naming options, from errors that name fields as the API does ("status 'x' is unknown" → "--status 'x' is unknown").</summary>
    internal static BadInputException Refuse(IEnumerable<FieldError> errors) =>
        new(string.Join(Environment.NewLine, errors.Select(e =>
            e.Message.StartsWith(e.Field + " ", StringComparison.Ordinal) ? Option(e.Field) + e.Message[e.Field.Length..] : $"{Option(e.Field)}: {e.Message}")));

    /// <summary>Runs a command body, mapping failures to one clear line and the documented exit code.</summary>
    internal static async Task<int> Guard(CliEnvironment environment, ParseResult parsed, Func<CliContext, Task<int>> body)
    {
        CliContext? context = null;
        try
        {
            context = CliContext.From(environment, parsed);
            return await body(context);
        }
        catch (BadInputException e)
        {
            await environment.Error.WriteLineAsync(e.Message);
            return ExitCodes.BadInput;
        }
        catch (StorageUnavailableException e)
        {
            await environment.Error.WriteLineAsync(e.Message);
            return ExitCodes.Environment;
        }
        catch (AuthenticationFailedException e) when (context is not null)
        {
            await environment.Error.WriteLineAsync($"Cannot sign in to storage at {context.Storage.Endpoint}. {SignInFix} ({FirstLine(e.Message)})");
            return ExitCodes.Environment;
        }
        catch (RequestFailedException e) when (e.Status is 401 or 403 && context is { Storage.IsKeyless: true })
        {
            await environment.Error.WriteLineAsync($"Storage at {context.Storage.Endpoint} refused the signed-in identity ({Status(e)}). {SignInFix}");
            return ExitCodes.Environment;
        }
        catch (RequestFailedException e)
        {
            await environment.Error.WriteLineAsync($"Table Storage refused the request ({Status(e)}): {FirstLine(e.Message)}");
            return ExitCodes.Environment;
        }
        catch (Outreach.Planning.ConcurrentChangeException e)
        {
            // Another run changed what this one was writing; nothing half-done is left, and running it again is the fix.
            await environment.Error.WriteLineAsync(e.Message);
            return ExitCodes.Environment;
        }
        catch (InvalidDataException e)
        {
            await environment.Error.WriteLineAsync($"Stored data cannot be read: {FirstLine(e.Message)}");
            return ExitCodes.Environment;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await environment.Error.WriteLineAsync($"{FirstLine(e.Message)} (is the file open in another program, such as Excel?)");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A defect, not the user's doing: one line rather than a stack trace, and a non-zero exit.
            await environment.Error.WriteLineAsync($"Unexpected error ({e.GetType().Name}): {FirstLine(e.Message)}");
            return ExitCodes.Environment;
        }
        finally
        {
            if (context is not null)
            {
                await context.DisposeAsync();
            }
        }
    }

    private const string SignInFix =
        "Run az login as someone who holds the role Storage Table Data Contributor on the storage account "
        + "(and Storage Blob Data Reader for Sms__TemplatesContainer, Storage Queue Data Contributor for poison): azd env set COORDINATOR_PRINCIPAL_ID grants them (README, Deploy to Azure).";

    /// <summary>"403 AuthorizationFailure", or "403" when the service gave no code.</summary>
    private static string Status(RequestFailedException e) => e.ErrorCode is { } code ? $"{e.Status} {code}" : $"{e.Status}";

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
