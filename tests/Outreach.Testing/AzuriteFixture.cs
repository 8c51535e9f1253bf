using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
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
/// table or queue name, e.g. <see cref="NewPrefix"/>. <see cref="OAuthAzuriteFixture"/> is the same over https
/// with Entra ID tokens.
/// </summary>
public class AzuriteFixture : IAsyncLifetime
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
    private readonly bool _oauth;

    public AzuriteFixture()
        : this(oauth: false)
    {
    }

    /// <param name="oauth">
    /// Serve https with a self-signed certificate for 127.0.0.1 made at start (<see cref="Certificate"/>) and accept
    /// bearer tokens (<c>--oauth basic</c>: format, audience, issuer and lifetime are checked, the signature is not).
    /// Always starts its own Azurite: <c>OUTREACH_TEST_STORAGE</c> is ignored.
    /// </param>
    protected AzuriteFixture(bool oauth) => _oauth = oauth;

    public string ConnectionString { get; private set; } = "";

    /// <summary>The table endpoint, e.g. http://127.0.0.1:10002/devstoreaccount1 (null when given a connection string).</summary>
    public Uri? TableEndpoint { get; private set; }

    /// <summary>The blob endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1 (null when given a connection string).</summary>
    public Uri? BlobEndpoint { get; private set; }

    /// <summary>The certificate an OAuth Azurite serves; null otherwise.</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>An HTTP handler that trusts <see cref="Certificate"/> besides the machine's roots.</summary>
    public HttpMessageHandler TrustingHandler()
    {
        var trusted = Certificate ?? throw new InvalidOperationException("This Azurite serves plain http.");
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None || certificate?.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData) == true,
            },
        };
    }

    /// <summary>A fresh table-name prefix: a letter and 10 hex digits, e.g. <c>t1a2b3c4d5e</c>.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!_oauth && !string.IsNullOrWhiteSpace(given))
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
        var scheme = _oauth ? "https" : "http";
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
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(CultureInfo.InvariantCulture),
        }.Concat(_oauth ? await OAuthArgumentsAsync(_location) : []))
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

        TableEndpoint = new Uri($"{scheme}://127.0.0.1:{table}/{DevAccount}");
        BlobEndpoint = new Uri($"{scheme}://127.0.0.1:{blob}/{DevAccount}");
        ConnectionString =
            $"DefaultEndpointsProtocol={scheme};AccountName={DevAccount};AccountKey={DevKey};"
            + $"BlobEndpoint={BlobEndpoint};"
            + $"QueueEndpoint={scheme}://127.0.0.1:{queue}/{DevAccount};"
            + $"TableEndpoint={TableEndpoint};";
    }

    // A throwaway certificate for 127.0.0.1, made with the machine's openssl, and the flags that serve it.
    private async Task<string[]> OAuthArgumentsAsync(string folder)
    {
        var (cert, key) = (Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem"));
        var openssl = new ProcessStartInfo("openssl") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                     "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1" })
        {
            openssl.ArgumentList.Add(arg);
        }
        using var process = Process.Start(openssl) ?? throw new InvalidOperationException("Could not start openssl.");
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl could not make a test certificate:\n{await errors}");
        }
        Certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(cert));
        return ["--oauth", "basic", "--cert", cert, "--key", key];
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
        Certificate?.Dispose();
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

/// <summary>Azurite over https accepting Entra ID bearer tokens (<c>--oauth basic</c>); see <see cref="AzuriteFixture(bool)"/>.</summary>
public sealed class OAuthAzuriteFixture() : AzuriteFixture(oauth: true)
{
    public new const string Collection = "azurite-oauth";
}
