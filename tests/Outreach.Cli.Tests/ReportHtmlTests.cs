using System.Text.RegularExpressions;
using Microsoft.Playwright;
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
        Assert.Contains("<h2>评价反馈（不满意率 —）</h2>", html);
        Assert.Contains("@media print", html);
        Assert.Contains("name=\"viewport\"", html);
        // Self-contained: no script at all, nothing fetched (the SVG namespace is an identifier, not a fetch).
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)\s*=|@import|url\(", html);
        // Three grids, one bar each; 25 days, a planned and a done bar each (plus the legend's two).
        Assert.Equal(3, Regex.Count(html, "class=\"bar coverage\""));
        Assert.Equal(25 + 1, Regex.Count(html, "class=\"bar planned\""));

        await using var chromium = await HeadlessChromium.StartAsync();
        if (chromium is null)
        {
            return;
        }
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

        // A phone: nothing goes wrong, both charts are drawn, and nothing is wider than the screen.
        var phone = await chromium.OpenAsync(path, 412, 915);
        Assert.Empty(phone.Problems);
        Assert.Equal(3, await phone.Page.Locator("#coverage-chart .bar.coverage").CountAsync());
        Assert.Equal(25 + 1, await phone.Page.Locator("#daily-chart .bar.planned").CountAsync());
        foreach (var chart in new[] { "#coverage-chart", "#daily-chart" })
        {
            var box = await phone.Page.Locator(chart).BoundingBoxAsync();
            Assert.True(box is { Width: > 200 and <= 412, Height: > 50 }, $"{chart} is drawn {box?.Width}x{box?.Height} on a 412-pixel screen");
        }
        Assert.True(await phone.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        // The SVG scales down to the screen: its labels must stay readable (at least 10 pixels tall).
        var smallest = await phone.Page.EvaluateAsync<double>("Math.min(...[...document.querySelectorAll('.chart text')].map(t => t.getBoundingClientRect().height))");
        Assert.True(smallest >= 10, $"chart labels are {smallest:0.#} pixels tall on a phone");
        var screenshot = Path.Combine(artifacts, "report-html.png");
        await phone.Page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 1000, "the screenshot is empty");

        // In print: the charts are still there, and the page prints to PDF (kept beside the screenshot).
        await phone.Page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.True(await phone.Page.Locator("#daily-chart").IsVisibleAsync());
        var pdf = Path.Combine(artifacts, "report-html.pdf");
        await phone.Page.PdfAsync(new() { Path = pdf, Format = "A4" });
        Assert.True(new FileInfo(pdf).Length > 1000, "the PDF is empty");
    }

    [Fact]
    public async Task The_browser_check_catches_console_errors_script_errors_and_requests_that_leave_the_file()
    {
        await using var chromium = await HeadlessChromium.StartAsync();
        if (chromium is null)
        {
            return;
        }
        var path = Path.Combine(Directory.CreateTempSubdirectory("outreach-html-").FullName, "broken.html");
        await File.WriteAllTextAsync(path, """
            <!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
            <img src="http://127.0.0.1:9/logo.png">
            <script>console.error("chart data missing"); undefinedFunction();</script>
            </body></html>
            """);

        var page = await chromium.OpenAsync(path, 412, 915);

        Assert.Contains(page.Problems, p => p.StartsWith("console error: chart data missing", StringComparison.Ordinal));
        Assert.Contains(page.Problems, p => p.StartsWith("uncaught: ", StringComparison.Ordinal) && p.Contains("undefinedFunction", StringComparison.Ordinal));
        Assert.Contains(page.Problems, p => p == "request: GET http://127.0.0.1:9/logo.png");
    }
}
