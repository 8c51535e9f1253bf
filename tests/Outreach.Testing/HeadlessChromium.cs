using Microsoft.Playwright;
using Xunit;

namespace Outreach.Testing;

/// <summary>
/// Debian's <c>chromium</c>, driven through Microsoft.Playwright (its bundled driver; no browser download): opens pages
/// and records everything that says a page is not well: console errors and warnings, uncaught script errors, and any
/// request that leaves what the page is allowed to reach (a file, or the app that served it).
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>A cheap Android phone's screen and browser, as the field staff's phones are.</summary>
    public const string AndroidUserAgent =
        "Mozilla/5.0 (Linux; Android 12; Redmi 10A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

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
            // Without the background-networking flags Chromium calls Google's hosts, which this machine refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>Opens <paramref name="file"/> in a fresh page of the given size and waits until it has loaded.</summary>
    public async Task<OpenedPage> OpenAsync(string file, int width, int height)
    {
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var opened = new OpenedPage(page, allowed: url => url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal));
        await page.GotoAsync(new Uri(file).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        return opened;
    }

    /// <summary>
    /// A phone: 360×640, touch, an Android user agent, Chinese first and China's time zone, with or without JavaScript.
    /// </summary>
    public Task<IBrowserContext> NewPhoneAsync(bool javaScript = true) => Browser.NewContextAsync(new()
    {
        ViewportSize = new() { Width = 360, Height = 640 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        UserAgent = AndroidUserAgent,
        Locale = "zh-CN",
        TimezoneId = "Asia/Shanghai",
        JavaScriptEnabled = javaScript,
    });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>A page and what went wrong while it loaded and ran, in the order seen.</summary>
public sealed class OpenedPage
{
    private readonly List<string> _problems = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _responses = new();

    /// <param name="allowed">The URLs the page may request; any other request is a problem.</param>
    public OpenedPage(IPage page, Func<string, bool> allowed)
    {
        ArgumentNullException.ThrowIfNull(page);
        Page = page;
        page.Console += (_, message) =>
        {
            // Chromium reports every 4xx/5xx answer as a console error; the tests check statuses themselves (a bad
            // link's page is a 401 on purpose), and a post queued while offline fails on purpose.
            if (message.Type is "error" or "warning"
                && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal)
                && !message.Text.StartsWith("Failed to load resource: net::ERR_INTERNET_DISCONNECTED", StringComparison.Ordinal))
            {
                _problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => _problems.Add($"uncaught: {error}");
        page.Dialog += (_, dialog) =>
        {
            _problems.Add($"dialog: {dialog.Type} {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        page.Request += (_, request) =>
        {
            if (!allowed(request.Url))
            {
                _problems.Add($"request: {request.Method} {request.Url}");
            }
        };
        page.Response += (_, response) => _responses.Enqueue($"{response.Request.Method} {response.Url} → {response.Status}");
        page.RequestFailed += (_, request) =>
        {
            // A post the page queued while offline fails by design; anything else failing is a problem.
            if (request.Failure != "net::ERR_INTERNET_DISCONNECTED")
            {
                _problems.Add($"failed: {request.Url} {request.Failure}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>
    /// Waits until the page's URL holds <paramref name="marker"/> (where a post redirects); if it never does, fails with
    /// what the page got and shows instead, not only Playwright's timeout.
    /// </summary>
    public async Task ArrivesAtAsync(string marker)
    {
        try
        {
            await Page.WaitForURLAsync(url => url.Contains(marker, StringComparison.Ordinal));
        }
        catch (TimeoutException timeout)
        {
            // The page's HTML as it stands, given five seconds: a page with scripting off may not answer an evaluation.
            var content = Page.ContentAsync();
            var shown = await Task.WhenAny(content, Task.Delay(TimeSpan.FromSeconds(5))) == content
                ? System.Text.RegularExpressions.Regex.Replace(await content, "<(style|script)[^>]*>.*?</\\1>|<[^>]+>", " ", System.Text.RegularExpressions.RegexOptions.Singleline)
                : "(the page did not give its content)";
            shown = string.Join(' ', shown.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
            shown = shown[..Math.Min(shown.Length, 800)];
            throw new TimeoutException(
                $"never reached a URL with '{marker}': at {Page.Url}\nresponses:\n  {string.Join("\n  ", _responses.TakeLast(6))}\n" +
                $"problems: {string.Join("; ", _problems)}\nshown: {shown}", timeout);
        }
    }

    /// <summary>Console errors and warnings, uncaught errors, dialogs, and requests that went where they should not.</summary>
    public IReadOnlyList<string> Problems => _problems;
}
