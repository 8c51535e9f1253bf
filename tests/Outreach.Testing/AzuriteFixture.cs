using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Outreach.Testing;

/// <summary>
/// Table, queue and blob storage for tests. Uses the connection string in <c>OUTREACH_TEST_STORAGE</c> when
/// set; otherwise starts Azurite from the repo's node_modules, in memory, on free loopback ports, and stops
/// it afterwards. Share one per test assembly through a collection:
/// <code>
/// [CollectionDefinition(AzuriteFixture.Collection)]
/// public sealed class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt;;
/// </code>
/// (xunit only finds collection definitions in the test assembly itself.) Tests isolate themselves by
/// table or queue name, e.g. <see cref="NewPrefix"/>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string Collection = "azurite";
    public const string EnvironmentVariable = "OUTREACH_TEST_STORAGE";

    // The well-known development account of the storage emulator; not a secret.
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private Process? _process;
    private string? _location;
    private readonly StringBuilder _output = new();

    public string ConnectionString { get; private set; } = "";

    /// <summary>The table endpoint, e.g. http://127.0.0.1:10002/devstoreaccount1 (null when given a connection string).</summary>
    public Uri? TableEndpoint { get; private set; }

    /// <summary>A fresh table-name prefix: a letter and 10 hex digits, e.g. <c>t1a2b3c4d5e</c>.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            ConnectionString = given;
            return;
        }

        var root = FindRepoRoot();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed: run `npm ci` in the repo root ({root}).");
        }

        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        _location = Directory.CreateTempSubdirectory("outreach-azurite-").FullName;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = _location,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            script,
            "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
        })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Could not start Azurite: `node` is not on the PATH (Node 20+ is needed).", ex);
        }
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitForPortAsync(table);

        TableEndpoint = new Uri($"http://127.0.0.1:{table}/{DevAccount}");
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};"
            + $"BlobEndpoint=http://127.0.0.1:{blob}/{DevAccount};"
            + $"QueueEndpoint=http://127.0.0.1:{queue}/{DevAccount};"
            + $"TableEndpoint=http://127.0.0.1:{table}/{DevAccount};";
    }

    public Task DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            process.Dispose();
        }
        if (_location is not null)
        {
            try
            {
                Directory.Delete(_location, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>A loopback port nobody listens on (for "storage unreachable" tests).</summary>
    public static int ClosedPort() => FreePort();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening:\n{Output()}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Azurite did not listen on table port {port} within {StartTimeout.TotalSeconds}s:\n{Output()}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary>The folder holding Outreach.sln, found by walking up from the test binaries.</summary>
    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Outreach.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Could not find Outreach.sln above {AppContext.BaseDirectory}.");
    }
}
