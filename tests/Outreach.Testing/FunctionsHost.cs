using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Outreach.Testing;

/// <summary>
/// The built Functions app running under a real Functions host on a free loopback port: Core Tools' <c>func</c> when it
/// is on the PATH, else the upstream host that <c>shared/tools/functions-host/func-host</c> (beside the repository, or
/// <c>$OUTREACH_FUNC_HOST</c>) starts, else none: <see cref="StartAsync"/> returns null and the caller says it skipped.
/// With <c>OUTREACH_REQUIRE_HOST=1</c> (set by <c>.ci/run</c>) a missing host fails instead.
/// </summary>
public sealed class FunctionsHost : IAsyncDisposable
{
    public const string RequireVariable = "OUTREACH_REQUIRE_HOST";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);

    private readonly Process? _func;
    private readonly string? _tool;
    private readonly string? _pid;

    private FunctionsHost(Uri url, string? masterKey, string? log, Process? func, string? tool, string? pid)
    {
        Url = url;
        MasterKey = masterKey;
        Log = log;
        _func = func;
        _tool = tool;
        _pid = pid;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(100) };
    }

    /// <summary>e.g. http://127.0.0.1:7123/</summary>
    public Uri Url { get; }

    /// <summary>The host's master key (admin endpoints); null under Core Tools, which asks for none locally.</summary>
    public string? MasterKey { get; }

    /// <summary>The host's log file (func-host), for a failing test to show.</summary>
    public string? Log { get; }

    /// <summary>A client for the app, redirects not followed.</summary>
    public HttpClient Client { get; }

    /// <summary>
    /// The app settings of a test or bench host: its storage, its own signing key, links pointing at itself, and every
    /// timer scheduled for New Year's midnight, so that only the caller runs them (through <see cref="RunFunctionAsync"/>).
    /// </summary>
    public static Dictionary<string, string> AppSettings(string storage, string signingKey, string linkBase)
    {
        const string NewYear = "0 0 0 1 1 *";
        return new()
        {
            ["AzureWebJobsStorage"] = storage,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["PlanSchedule"] = NewYear,
            ["EscalationSchedule"] = NewYear,
            ["EveningDigestSchedule"] = NewYear,
            ["DrainSchedule"] = NewYear,
            ["OutboxCleanupSchedule"] = NewYear,
            ["MorningReminderSchedule"] = NewYear,
            ["OverdueSchedule"] = NewYear,
            ["PoisonCheckSchedule"] = NewYear,
            ["SmsInboundQueue"] = "sms-inbound",
            ["Links__SigningKey"] = signingKey,
            ["ReminderOptions__LinkBaseUrl"] = linkBase,
            // Queue messages are picked up within two seconds, not the minute an idle host backs off to.
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:02",
        };
    }

    /// <summary>Which host runs here, for a skip message: <c>func</c>, the func-host path, or null.</summary>
    public static string? Which() => OnPath("func") is not null ? "func" : FuncHostTool();

    /// <summary>
    /// Starts the app in <paramref name="appDirectory"/> (its build output, with functions.metadata) on
    /// <paramref name="port"/> with <paramref name="settings"/> as its app settings (environment variables); null when
    /// no host is available.
    /// </summary>
    public static async Task<FunctionsHost?> StartAsync(string appDirectory, int port, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(Path.Combine(appDirectory, "functions.metadata")))
        {
            throw new InvalidOperationException($"{appDirectory} has no functions.metadata: build src/Outreach.Functions first.");
        }
        if (OnPath("func") is { } func)
        {
            return await StartFuncAsync(func, appDirectory, port, settings);
        }
        if (FuncHostTool() is not { } tool)
        {
            Assert.True(Environment.GetEnvironmentVariable(RequireVariable) != "1",
                $"{RequireVariable}=1 but there is no Functions host: install Core Tools (func), or provide shared/tools/functions-host/func-host beside the repository (or $OUTREACH_FUNC_HOST).");
            return null;
        }
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "start", appDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(StartTimeout);
        if (process.ExitCode != 0)
        {
            return await LateSecretsAsync(tool, port, await errors)
                ?? throw new InvalidOperationException($"func-host could not start the app (exit {process.ExitCode}):\n{await errors}\n{await output}");
        }
        var values = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        return new FunctionsHost(new Uri(values["url"] + "/"), values["masterKey"], values["log"], null, tool, values["pid"]);
    }

    /// <summary>
    /// func-host gives the host 10 seconds to write its keys after it has started, and gives up (leaving the host
    /// running) when it has not: on a loaded machine that happens. The host is fine: wait for the keys here, and find
    /// it by the port it was given, so that it is stopped with the rest. Null when it was something else.
    /// </summary>
    private static async Task<FunctionsHost?> LateSecretsAsync(string tool, int port, string errors)
    {
        var secrets = System.Text.RegularExpressions.Regex.Match(errors, @"'(?<run>/[^']+)/secrets/host\.json'");
        if (!secrets.Success)
        {
            return null;
        }
        var run = secrets.Groups["run"].Value;
        var keys = Path.Combine(run, "secrets", "host.json");
        var url = $"http://127.0.0.1:{port}";
        using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            for (var waited = Stopwatch.StartNew(); !File.Exists(keys) && waited.Elapsed < StartTimeout;)
            {
                try
                {
                    // The host writes its keys on the first request that presents one.
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/admin/host/status") { Headers = { { "x-functions-key", "bootstrap" } } };
                    using var _ = await client.SendAsync(request);
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(1000);
            }
        }
        if (!File.Exists(keys) || HostProcess(port) is not { } pid)
        {
            return null;
        }
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(keys));
        var master = json.RootElement.GetProperty("masterKey").GetProperty("value").GetString();
        return new FunctionsHost(new Uri(url + "/"), master, Path.Combine(run, "host.log"), null, tool, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The host process serving <paramref name="port"/> (func-host gives it ASPNETCORE_URLS), found in /proc.</summary>
    private static int? HostProcess(int port)
    {
        var wanted = $"ASPNETCORE_URLS=http://127.0.0.1:{port}\0";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("Microsoft.Azure.WebJobs.Script.WebHost.dll", StringComparison.Ordinal)
                        && (File.ReadAllText(Path.Combine(dir, "environ")) + "\0").Contains(wanted, StringComparison.Ordinal))
                    {
                        return pid;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
        return null;
    }

    /// <summary>Runs a timer function now through the host's admin endpoint (as <c>az</c> users do in Azure); 202 when accepted.</summary>
    public async Task<HttpStatusCode> RunFunctionAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"admin/functions/{name}")
        {
            Content = new StringContent("{\"input\":\"\"}", Encoding.UTF8, "application/json"),
        };
        if (MasterKey is not null)
        {
            request.Headers.Add("x-functions-key", MasterKey);
        }
        using var response = await Client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>
    /// Kills (SIGKILL) the host's language worker, the process running the app, as an out-of-memory kill or a crash
    /// would; the host notices and starts another. Returns the ids of the processes killed (none under Core Tools'
    /// <c>func</c>, whose process tree this does not know).
    /// </summary>
    public IReadOnlyList<int> KillWorker()
    {
        if (!int.TryParse(_pid, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return [];
        }
        var killed = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.TryParse(Path.GetFileName(dir), out var pid) && fields[1] == _pid
                    && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("Outreach.Functions", StringComparison.Ordinal))
                {
                    using var worker = Process.GetProcessById(pid);
                    worker.Kill();
                    killed.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // gone meanwhile, or not ours
            }
        }
        return killed;
    }

    /// <summary>The last lines of the host's log, for an assertion message.</summary>
    public string LogTail(int lines = 40) =>
        Log is not null && File.Exists(Log) ? string.Join('\n', File.ReadLines(Log).TakeLast(lines)) : "(no log)";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_tool is not null && _pid is not null)
        {
            using var stop = Process.Start(new ProcessStartInfo(_tool, ["stop", _pid]) { UseShellExecute = false, RedirectStandardOutput = true });
            if (stop is not null)
            {
                await stop.WaitForExitAsync();
            }
        }
        if (_func is { HasExited: false })
        {
            _func.Kill(entireProcessTree: true);
            await _func.WaitForExitAsync();
        }
        _func?.Dispose();
    }

    // Core Tools runs the built output when started in it; its keys are not enforced locally. Not exercised on the
    // machines this was written on (they cannot install Core Tools), hence kept to what its documentation says.
    private static async Task<FunctionsHost> StartFuncAsync(string func, string appDirectory, int port, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo(func) { WorkingDirectory = appDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "start", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start func.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new FunctionsHost(new Uri($"http://127.0.0.1:{port}/"), null, null, process, null, null);
            }
            catch (SocketException)
            {
                await Task.Delay(500);
            }
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"func start did not listen on {port} within {StartTimeout.TotalSeconds} s.");
    }

    private static string? FuncHostTool()
    {
        if (Environment.GetEnvironmentVariable("OUTREACH_FUNC_HOST") is { Length: > 0 } given)
        {
            return File.Exists(given) ? given : throw new InvalidOperationException($"OUTREACH_FUNC_HOST names {given}, which does not exist.");
        }
        for (var dir = new DirectoryInfo(AzuriteFixture.FindRepoRoot()); dir is not null; dir = dir.Parent)
        {
            var tool = Path.Combine(dir.FullName, "shared", "tools", "functions-host", "func-host");
            if (File.Exists(tool))
            {
                return tool;
            }
        }
        return null;
    }

    private static string? OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, command)).FirstOrDefault(File.Exists);

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
