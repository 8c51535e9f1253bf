using System.Diagnostics;
using System.Text.RegularExpressions;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

/// <summary>
/// <c>report html</c>: one self-contained page, opened in headless Chromium (Debian <c>chromium</c>). Where no
/// browser is installed the browser half is left out, unless <c>OUTREACH_REQUIRE_CHROMIUM=1</c> (set by
/// <c>.ci/run</c>), which makes a missing browser a failure.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public class ReportHtmlTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_html_report_is_one_offline_file_with_both_charts_that_chromium_renders()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        Assert.Equal(0, (await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", "--now=2026-12-07T09:00")).Code);

        var (code, output, error) = await cli.RunAsync("report", "html", "--from", "2026-12-07", "--to", "2026-12-31", "--out", "report.html", "--now=2026-12-20T09:00");

        Assert.True(code == 0, error);
        var path = Path.Combine(cli.Folder, "report.html");
        Assert.Contains(path, output);
        var html = await File.ReadAllTextAsync(path);
        Assert.Contains("<h1 id=\"headline\">2026-12-07至2026-12-31走访企业0家", html);
        Assert.Contains("<svg id=\"coverage-chart\"", html);
        Assert.Contains("<svg id=\"daily-chart\"", html);
        Assert.Contains("@media print", html);
        Assert.Contains("name=\"viewport\"", html);
        // Self-contained: no script at all, nothing fetched (the SVG namespace is an identifier, not a fetch).
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)\s*=|@import|url\(", html);
        // Three grids, one bar each; 25 days, a planned and a done bar each (plus the legend's two).
        Assert.Equal(3, Regex.Count(html, "class=\"bar coverage\""));
        Assert.Equal(25 + 1, Regex.Count(html, "class=\"bar planned\""));

        if (Chromium() is not { } chromium)
        {
            Assert.True(Environment.GetEnvironmentVariable("OUTREACH_REQUIRE_CHROMIUM") != "1", "OUTREACH_REQUIRE_CHROMIUM=1 but no chromium on PATH: apt-get install -y chromium.");
            return;
        }
        var dom = await RunChromiumAsync(chromium, cli.Folder, "--dump-dom", new Uri(path).AbsoluteUri);
        Assert.True(dom.Code == 0, dom.Error);
        Assert.Contains("id=\"coverage-chart\"", dom.Out);
        Assert.Contains("id=\"daily-chart\"", dom.Out);
        Assert.Equal(3, Regex.Count(dom.Out, "class=\"bar coverage\""));
        Assert.DoesNotContain("CONSOLE(", dom.Error);

        // A phone-sized screenshot, kept beside the test binaries as an artifact.
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        var screenshot = Path.Combine(artifacts, "report-html.png");
        File.Delete(screenshot);
        var shot = await RunChromiumAsync(chromium, cli.Folder, $"--screenshot={screenshot}", "--window-size=412,1600", new Uri(path).AbsoluteUri);
        Assert.True(shot.Code == 0, shot.Error);
        Assert.True(new FileInfo(screenshot).Length > 1000, "the screenshot is empty");
    }

    private static string? Chromium() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .SelectMany(dir => new[] { Path.Combine(dir, "chromium"), Path.Combine(dir, "chromium-browser") })
            .FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Out, string Error)> RunChromiumAsync(string chromium, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--enable-logging=stderr", "--v=0",
            $"--user-data-dir={Directory.CreateTempSubdirectory("outreach-chromium-").FullName}",
        }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within two minutes.");
        }
        return (process.ExitCode, await output, await error);
    }
}
