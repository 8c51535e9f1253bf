namespace Outreach.Cli;

/// <summary>What the CLI reads from its surroundings; tests pass their own.</summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, Func<string, string?> Variable, TimeProvider Clock, string WorkingDirectory)
{
    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, TimeProvider.System, Environment.CurrentDirectory);
}

/// <summary>Exit codes: the contract scripts rely on.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int BadInput = 1;
    public const int Environment = 2;
}
