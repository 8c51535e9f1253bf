using System.Diagnostics;
using System.Reflection;

namespace Outreach.Infra.Tests;

/// <summary>
/// Runs the Bicep CLI restored from the <c>Azure.Bicep.CommandLine.linux-x64</c> package (path baked in at build
/// time), or the binary named by <c>BICEP_PATH</c> on machines where that package cannot run.
/// </summary>
public static class Bicep
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string MainTemplate { get; } = Path.Combine(RepositoryRoot, "infra", "main.bicep");

    public sealed record Result(int ExitCode, string Output, string Errors);

    public static Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, errors.Result);
    }

    private static string ExecutablePath()
    {
        var path = Environment.GetEnvironmentVariable("BICEP_PATH") is { Length: > 0 } overridden ? overridden : Metadata("BicepPath");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Bicep CLI not found at '{path}'. It comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 "
                + "(dotnet restore); on other platforms set BICEP_PATH to a bicep binary.");
        }
        // NuGet extracts files without their mode bits on some systems.
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
        }
        return path;
    }

    private static string Metadata(string key) =>
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is empty");
}
