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
        var cli = await LongNamesAsync();

        var (code, output, error) = await cli.RunAsync("report", "html", "--from", "2026-12-07", "--to", "2026-12-31", "--out", "report.html", "--now=2026-12-20T09:00");

        Assert.True(code == 0, error);
        var path = Path.Combine(cli.Folder, "report.html");
        Assert.Contains(path, output);
        var html = await File.ReadAllTextAsync(path);
        // The headline is the problems report's, on the coverage figures: nothing visited of five, three windows missed.
        Assert.Contains("<h1 id=\"headline\">2026-12-07至2026-12-31走访企业0家、居民0户，遍访率0.0%（0/5），按期率", html);
        Assert.DoesNotContain("覆盖率", html);
        Assert.Contains("<table id=\"coverage-chart\"", html);
        Assert.Contains("<svg id=\"daily-chart\"", html);
        Assert.Contains("<h2>评价反馈（不满意率 —）</h2>", html);
        Assert.Contains("@media print", html);
        Assert.Contains("name=\"viewport\"", html);
        // Self-contained: no script at all, nothing fetched (the SVG namespace is an identifier, not a fetch).
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)\s*=|@import|url\(", html);
        // Three grids, one bar each (in the coverage table); 25 days, a planned and a done bar each (plus the legend's two).
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
        Assert.Empty(await phone.Page.EvaluateAsync<string[]>(Overflowing));
        // The SVG scales down to the screen: its labels must stay readable (at least 10 pixels tall).
        var smallest = await phone.Page.EvaluateAsync<double>("Math.min(...[...document.querySelectorAll('.chart text')].map(t => t.getBoundingClientRect().height))");
        Assert.True(smallest >= 10, $"chart labels are {smallest:0.#} pixels tall on a phone");
        var screenshot = Path.Combine(artifacts, "report-html.png");
        await phone.Page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 1000, "the screenshot is empty");

        // The narrowest phone: the long grid names wrap, and every text, figure and chart label stays inside its box.
        var narrow = await chromium.OpenAsync(path, 360, 640);
        Assert.Contains("国家级新材料产业基地第一网格", await narrow.Page.Locator("#coverage-chart").InnerTextAsync());
        Assert.Empty(await narrow.Page.EvaluateAsync<string[]>(Overflowing));
        await narrow.Page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "report-html-360.png"), FullPage = true });

        // Printed on A4 (210 mm less Chromium's default 10 mm margins: 718 CSS pixels), nothing overflows either.
        var a4 = await chromium.OpenAsync(path, 718, 1000);
        await a4.Page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.Empty(await a4.Page.EvaluateAsync<string[]>(Overflowing));

        // In print: the charts are still there, and the page prints to PDF (kept beside the screenshot).
        await phone.Page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.True(await phone.Page.Locator("#daily-chart").IsVisibleAsync());
        var pdf = Path.Combine(artifacts, "report-html.pdf");
        await phone.Page.PdfAsync(new() { Path = pdf, Format = "A4" });
        Assert.True(new FileInfo(pdf).Length > 1000, "the PDF is empty");
    }

    [Fact]
    public async Task The_overflow_check_catches_a_label_drawn_outside_its_chart_and_a_figure_scrolled_out_of_its_table()
    {
        await using var chromium = await HeadlessChromium.StartAsync();
        if (chromium is null)
        {
            return;
        }
        // The report's old layout in small: a grid name anchored at the end of a 160-unit label column, and a table
        // whose cells never wrap inside a sideways-scrolling box.
        var path = await WriteAsync("old.html", """
            <!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{margin:0;font:16px sans-serif} svg{width:100%} svg text{font-size:16px} .scroll{overflow-x:auto} td{white-space:nowrap;padding:6px 8px}</style></head><body>
            <svg viewBox="0 0 600 40" xmlns="http://www.w3.org/2000/svg"><text x="152" y="20" text-anchor="end">国家级新材料产业基地第一网格</text></svg>
            <div class="scroll"><table><tr><td>国家级新材料产业基地第一网格</td><td>100.0%</td><td>326/326</td><td>100.0%</td><td>100.0%</td></tr></table></div>
            </body></html>
            """);

        var page = await chromium.OpenAsync(path, 360, 640);
        var overflowing = await page.Page.EvaluateAsync<string[]>(Overflowing);

        Assert.Contains(overflowing, o => o.StartsWith("text: 国家级新材料产业基地第一网格", StringComparison.Ordinal));
        Assert.Contains(overflowing, o => o.StartsWith("td: 100.0%", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every piece of text drawn outside its box: past the screen's sides, outside its element (an SVG label outside
    /// its chart), or outside an ancestor that clips or scrolls (a cell scrolled out of view). "tag: text" each.
    /// </summary>
    private const string Overflowing = """
        () => {
          const width = document.documentElement.clientWidth, slack = 1, found = [];
          const outside = (r, b) => r.left < b.left - slack || r.right > b.right + slack || r.top < b.top - slack || r.bottom > b.bottom + slack;
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const element = node.parentElement;
            if (!node.textContent.trim() || element.closest('title, style')) continue;
            const boxes = [element.closest('svg') ?? element];
            for (let e = element.parentElement; e; e = e.parentElement) {
              if (getComputedStyle(e).overflowX !== 'visible' && e !== document.documentElement && e !== document.body) boxes.push(e);
            }
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const r of range.getClientRects()) {
              if (r.width === 0) continue;
              if (r.left < -slack || r.right > width + slack || boxes.some(b => outside(r, b.getBoundingClientRect()))) {
                found.push(element.tagName.toLowerCase() + ': ' + node.textContent.trim() + ' at ' + Math.round(r.left) + '..' + Math.round(r.right));
                break;
              }
            }
          }
          return found;
        }
        """;

    /// <summary>The small roster with a park's grid names as long as Binhai's, planned from 7 December.</summary>
    private async Task<CliRun> LongNamesAsync()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        await File.WriteAllTextAsync(Path.Combine(cli.Folder, "long-grids.csv"),
            "id,name,area,district\nxs-1,国家级新材料产业基地第一网格,国家级新材料产业基地,滨海区\nxs-2,中国药谷精细化工产业园区第二网格,中国药谷,滨海区\nkd-1,凯地家园一网格,凯地家园,龙港区\n");
        Assert.Equal(0, (await cli.RunAsync("import", "grids", "long-grids.csv")).Code);
        Assert.Equal(0, (await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", "--now=2026-12-07T09:00")).Code);
        return cli;
    }

    [Fact]
    public async Task The_browser_check_catches_console_errors_script_errors_and_requests_that_leave_the_file()
    {
        await using var chromium = await HeadlessChromium.StartAsync();
        if (chromium is null)
        {
            return;
        }
        var path = await WriteAsync("broken.html", """
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

    private static async Task<string> WriteAsync(string name, string html)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("outreach-html-").FullName, name);
        await File.WriteAllTextAsync(path, html);
        return path;
    }
}
