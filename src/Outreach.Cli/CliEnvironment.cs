using Azure.Core;
using Azure.Core.Pipeline;

namespace Outreach.Cli;

/// <summary>What the CLI reads from its surroundings; tests pass their own.</summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, Func<string, string?> Variable, TimeProvider Clock, string WorkingDirectory)
{
    /// <summary>Whether <see cref="Error"/> is a terminal someone watches: long runs show their progress there.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>
    /// Signs in to storage given as a table service URI; null means <c>DefaultAzureCredential</c> (az login, Visual
    /// Studio, environment variables, managed identity). Tests pass one that mints tokens for Azurite.
    /// </summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>How requests to storage given as a URI travel; null means the default. Tests pass one that trusts their Azurite's certificate.</summary>
    public HttpPipelineTransport? StorageTransport { get; init; }

    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, TimeProvider.System, Environment.CurrentDirectory)
        {
            ErrorIsTerminal = !Console.IsErrorRedirected,
        };

    /// <summary>
    /// A whole-number app setting read the way the Functions app names it (<c>Section__Name</c>):
    /// <paramref name="fallback"/> when unset, bad input when outside [min, max].
    /// </summary>
    public int IntSetting(string section, string name, int fallback, int min, int max)
    {
        var key = $"{section}__{name}";
        var text = Variable(key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new BadInputException($"{key} '{text}' must be a whole number from {min} to {max}.");
    }
}

/// <summary>Exit codes: the contract scripts rely on.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int BadInput = 1;
    public const int Environment = 2;
}
