using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Outreach.Links;
using Outreach.Testing;

namespace Outreach.Pages.Tests;

/// <summary>Links that open nothing say why and whom to ask; every value is encoded; the headers allow only the page's own style and script.</summary>
[Collection(AzuriteFixture.Collection)]
public class LinkSafetyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Each_kind_of_bad_link_gets_a_page_saying_which_in_plain_words()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var good = world.DayLink();
        var expired = world.Links.Sign(new LinkGrant("v1", LinkGrant.DayScope(PageWorld.Tuesday), PageWorld.Nine.AddMinutes(-1)));
        var otherKey = new LinkTokens(RandomNumberGenerator.GetBytes(32)).Sign(new LinkGrant("v1", LinkGrant.DayScope(PageWorld.Tuesday), PageWorld.Nine.AddDays(1)));
        var forged = good[..^3] + (good[^3] == 'A' ? "B" : "A") + good[^2..];

        var pages = new Dictionary<string, PageResponse>
        {
            ["cut"] = await world.GetAsync(good[..20]),
            ["forged"] = await world.GetAsync(forged),
            ["other key"] = await world.GetAsync(otherKey),
            ["expired"] = await world.GetAsync(expired),
            ["gone"] = await world.GetAsync(world.VisitLink(PageWorld.H1 with { TargetId = "h9" })),
        };

        Assert.Equal((400, 401, 401, 401, 404), (pages["cut"].Status, pages["forged"].Status, pages["other key"].Status, pages["expired"].Status, pages["gone"].Status));
        Assert.Contains("<title>链接不完整</title>", pages["cut"].Html);
        Assert.Contains("<title>链接无效</title>", pages["forged"].Html);
        Assert.Contains("<title>链接已失效</title>", pages["other key"].Html);
        Assert.Contains("<title>链接已过期</title>", pages["expired"].Html);
        Assert.Contains("有效期到 12月8日 08:59 为止", pages["expired"].Html);
        Assert.Contains("<title>找不到这次走访</title>", pages["gone"].Html);
        // An expired link still says whose it was, so the page names the visitor's supervisor; a forged one cannot.
        Assert.Contains("有疑问请联系 <bdi>陈主任</bdi>", pages["expired"].Html);
        Assert.Contains("请联系给您发短信的网格负责人", pages["forged"].Html);
        foreach (var (name, page) in pages)
        {
            Assert.DoesNotContain("Exception", page.Html);
            Assert.DoesNotContain("<form", page.Html);
            Assert.True(page.Html!.Length > 500, $"{name}: {page.Html}");
        }
    }

    [Fact]
    public async Task Storage_that_cannot_be_reached_gets_a_page_saying_to_try_again_not_a_stack_trace()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var unreachable = Outreach.Adapters.TableStores.Create($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint=http://127.0.0.1:{AzuriteFixture.ClosedPort()}/devstoreaccount1;");
        var service = new LinkService(world.Links, unreachable.Roster, unreachable.Visits, unreachable.Problems,
            new Outreach.Outcomes.OutcomeService(unreachable.Visits, world.Clock), new Outreach.Problems.ProblemService(unreachable.Problems, unreachable.Roster, world.Clock),
            new Outreach.Problems.ProblemOptions(), new Outreach.Reminders.ReminderOptions(), world.Clock);
        var pages = new LinkPages(service, new PageRenderer(), new Outreach.Problems.ProblemOptions(), world.Clock);

        var read = await pages.GetAsync(world.DayLink(), new PageQuery());
        var post = await pages.PostAsync(world.DayLink(), new PageQuery(), PageWorld.Form(("visitId", PageWorld.H1.Id), ("status", "completed")));

        foreach (var page in new[] { read, post })
        {
            Assert.Equal(503, page.Status);
            Assert.Contains("<title>暂时打不开</title>", page.Html);
            Assert.DoesNotContain("Exception", page.Html);
        }
    }

    [Fact]
    public async Task Markup_in_names_addresses_and_notes_is_shown_as_text_never_run()
    {
        const string Attack = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>{{ 7*7 }}\u202Eevil\u200B";
        var world = await PageWorld.CreateAsync(azurite, name => name + Attack);

        var day = (await world.GetAsync(world.DayLink())).Html!;
        var problem = (await world.GetAsync(world.ProblemLink())).Html!;

        foreach (var html in new[] { day, problem })
        {
            // The one script is ours; no tag or attribute came from the roster.
            Assert.Equal(html == day ? 1 : 0, Regex.Count(html, "<script"));
            Assert.DoesNotContain("<img", html);
            Assert.DoesNotContain("onerror=alert", html.Replace("onerror=alert(2)&gt;", ""));
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;{{ 7*7 }}", html);
            // Bidi controls are shown as they are, inside elements that isolate them (bdi, or a block the stylesheet
            // isolates), so they cannot reorder the page around them; the window title, which cannot isolate, drops them.
            Assert.Matches("<(h1|h2|p|dd|bdi)>[^<]*&lt;/script&gt;[^<]*\u202Eevil\u200B</\\1>", html);
            Assert.DoesNotContain("\u202E", Regex.Match(html, "<title>(.*)</title>").Groups[1].Value, StringComparison.Ordinal);
        }
        Assert.Contains("<h2>幸福里3号楼201" + "&lt;script&gt;", day);
        Assert.Contains("h1,h2,h3,p,li,dd,legend,summary,.tag{unicode-bidi:isolate", PageAssets.Css);
    }

    [Fact]
    public void The_policy_allows_exactly_the_inline_style_and_script_by_their_hashes_and_nothing_else()
    {
        string Hash(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var policy = PageAssets.ContentSecurityPolicy;

        Assert.StartsWith("default-src 'none';", policy);
        Assert.Contains($"style-src 'sha256-{Hash(PageAssets.Css)}'", policy);
        Assert.Contains($"script-src 'sha256-{Hash(PageAssets.Script)}'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("form-action 'self'", policy);
        Assert.DoesNotContain("unsafe", policy);
        var headers = PageAssets.Headers.ToDictionary(h => h.Key, h => h.Value);
        Assert.Equal(("no-referrer", "no-store", "nosniff"), (headers["Referrer-Policy"], headers["Cache-Control"], headers["X-Content-Type-Options"]));
    }

    [Fact]
    public async Task A_rendered_page_inlines_exactly_the_assets_the_policy_hashes()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var html = (await world.GetAsync(world.DayLink())).Html!;

        Assert.Equal(PageAssets.Css, Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value);
        Assert.Equal(PageAssets.Script, Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value);
        Assert.DoesNotMatch(" style=\"| on[a-z]+=\"|javascript:", html);
    }

    [Fact]
    public async Task Rendering_pages_keeps_nothing_of_them()
    {
        await using var renderer = new PageRenderer();
        var view = new RefusedView(LinkRefusal.Forged);
        async Task<long> RenderManyAsync()
        {
            for (var i = 0; i < 500; i++)
            {
                await renderer.RenderAsync<Refusals.RefusedPage>(new() { ["View"] = view, ["Text"] = PageText.Chinese, ["Notice"] = new string('x', 20_000) });
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return GC.GetTotalMemory(forceFullCollection: true);
        }

        var after500 = await RenderManyAsync();
        var after1000 = await RenderManyAsync();

        // Each page carries 40 KB of notice: a renderer that kept its pages would grow by about 20 MB here.
        Assert.True(after1000 - after500 < 5_000_000, $"memory grew by {(after1000 - after500) / 1_000_000.0:0.0} MB over 500 renders");
    }
}
