using Microsoft.Playwright;

namespace Outreach.Cli.Tests;

/// <summary>
/// Debian's <c>chromium</c>, driven through Microsoft.Playwright (its bundled driver; no browser download): opens a
/// page and records everything that says the page is not well: console errors and warnings, uncaught script
/// errors, and any request that leaves the file (a self-contained page makes none).
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Chromium on PATH, or null. With <c>OUTREACH_REQUIRE_CHROMIUM=1</c> (set by <c>.ci/run</c>) a missing browser fails instead.</summary>
    public static async Task<HeadlessChromium?> StartAsync()
    {
        var executable = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .SelectMany(dir => new[] { Path.Combine(dir, "chromium"), Path.Combine(dir, "chromium-browser") })
            .FirstOrDefault(File.Exists);
        if (executable is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("OUTREACH_REQUIRE_CHROMIUM") != "1", "OUTREACH_REQUIRE_CHROMIUM=1 but no chromium on PATH: apt-get install -y chromium fonts-noto-cjk.");
            return null;
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>Opens <paramref name="file"/> in a fresh page of the given size and waits until it has loaded.</summary>
    public async Task<OpenedPage> OpenAsync(string file, int width, int height)
    {
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var opened = new OpenedPage(page);
        await page.GotoAsync(new Uri(file).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        return opened;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>A page and what went wrong while it loaded and ran, in the order seen.</summary>
internal sealed class OpenedPage
{
    private readonly List<string> _problems = [];

    public OpenedPage(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                _problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => _problems.Add($"uncaught: {error}");
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith("file:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                _problems.Add($"request: {request.Method} {request.Url}");
            }
        };
        page.RequestFailed += (_, request) => _problems.Add($"failed: {request.Url} {request.Failure}");
    }

    public IPage Page { get; }

    /// <summary>Console errors and warnings, uncaught errors, and requests that left the file.</summary>
    public IReadOnlyList<string> Problems => _problems;
}
