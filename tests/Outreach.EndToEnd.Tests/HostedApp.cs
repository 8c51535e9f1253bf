using System.Globalization;
using System.Security.Cryptography;
using Outreach.Adapters;
using Outreach.Links;
using Outreach.Testing;

namespace Outreach.EndToEnd.Tests;

/// <summary>
/// The Functions app built by this solution, under a real Functions host (<see cref="FunctionsHost"/>) on its own
/// Azurite and port, with <see cref="FunctionsHost.AppSettings"/>: a signing key of its own, links pointing at itself,
/// timers that only the tests run. <see cref="Host"/> is null when this machine has no host: the tests then say so and stop.
/// </summary>
public sealed class HostedApp : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public FunctionsHost? Host { get; private set; }

    public string? Skipped { get; private set; }

    public LinkTokens Links { get; private set; } = null!;

    /// <summary>The key <see cref="Links"/> signs with, given to the app.</summary>
    public string SigningKey { get; private set; } = "";

    /// <summary>http://127.0.0.1:PORT/v/</summary>
    public string LinkBase { get; private set; } = "";

    public string StorageConnectionString => _azurite.ConnectionString;

    public TableStores Stores { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Stores = TableStores.Create(_azurite.ConnectionString);
        var key = RandomNumberGenerator.GetBytes(32);
        SigningKey = Convert.ToBase64String(key);
        Links = new LinkTokens(key);
        var port = FunctionsHost.FreePort();
        LinkBase = $"http://127.0.0.1:{port}/v/";
        var settings = FunctionsHost.AppSettings(_azurite.ConnectionString, SigningKey, LinkBase);
        settings["PlanningOptions__HorizonDays"] = PlanLoopTests.HorizonDays.ToString(CultureInfo.InvariantCulture);
        Host = await FunctionsHost.StartAsync(AppDirectory(), port, settings);
        Skipped = Host is null ? "no Functions host on this machine (func, or shared/tools/functions-host): the end-to-end tests did not run" : null;
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        await _azurite.DisposeAsync();
    }

    /// <summary>The Functions project's build output of the same configuration as these tests.</summary>
    private static string AppDirectory()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        return Path.Combine(AzuriteFixture.FindRepoRoot(), "src", "Outreach.Functions", "bin", configuration, "net10.0");
    }
}
