using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;

namespace Outreach.Cli;

/// <summary>What the CLI reads from its surroundings; tests pass their own.</summary>
/// <param name="Settings">
/// The environment as configuration (<c>Section__Name</c> read as <c>Section:Name</c>, as the Functions app reads its app
/// settings): the CLI's own <c>OUTREACH_*</c> variables and every setting of the Functions app.
/// </param>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, IConfiguration Settings, TimeProvider Clock, string WorkingDirectory)
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
        new(Console.Out, Console.Error, new ConfigurationBuilder().AddEnvironmentVariables().Build(), TimeProvider.System, Environment.CurrentDirectory)
        {
            ErrorIsTerminal = !Console.IsErrorRedirected,
        };

    /// <summary>An environment variable, by the name a shell gives it (<c>OUTREACH_STORAGE</c>, <c>Sms__TemplatesContainer</c>).</summary>
    public string? Variable(string name) => Settings[name.Replace("__", ":", StringComparison.Ordinal)];
}

/// <summary>Exit codes: the contract scripts rely on.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int BadInput = 1;
    public const int Environment = 2;
}
