using System.Text.RegularExpressions;
using Outreach.Links;
using Outreach.Testing;

namespace Outreach.Pages.Tests;

/// <summary>The entry page behind the fixed URL of an approved SMS: a code and four digits open the page the link would have.</summary>
[Collection(AzuriteFixture.Collection)]
public class CodePageTests(AzuriteFixture azurite)
{
    private const string Message = "20261207~evening-digest~v1~day";

    [Fact]
    public async Task The_entry_page_is_a_plain_form_for_the_code_and_the_last_four_digits()
    {
        var world = await PageWorld.CreateAsync(azurite);

        var page = await world.CodePages.GetAsync(new PageQuery());
        var english = await world.CodePages.GetAsync(new PageQuery(Lang: "en"));

        Assert.Equal(200, page.Status);
        Assert.Contains("<title>输入短信里的登记码</title>", page.Html);
        Assert.Matches("<form method=\"post\" action=\"\"", page.Html);
        Assert.Contains("name=\"code\"", page.Html);
        Assert.Matches("name=\"digits\"[^>]*inputmode=\"numeric\"", page.Html);
        Assert.DoesNotContain("<script", page.Html);
        Assert.Contains("<title>Enter the code from your SMS</title>", english.Html);
        Assert.Contains("action=\"?lang=en\"", english.Html);
    }

    [Fact]
    public async Task The_right_code_and_digits_open_the_visitors_day_as_the_link_would()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var code = await IssueAsync(world, PageWorld.Nine.AddDays(2));

        var posted = await world.CodePages.PostAsync(new PageQuery(), PageWorld.Form(("code", code.ToLowerInvariant()), ("digits", "0001")), "203.0.113.7");
        var token = Regex.Match(posted.Location ?? "", "^v/([^?]+)$").Groups[1].Value;
        var day = await world.GetAsync(Uri.UnescapeDataString(token));

        Assert.Equal(303, posted.Status);
        Assert.Equal(200, day.Status);
        Assert.Contains("王芳", day.Html);
        Assert.Contains(PageWorld.H1.Id, day.Html);
        Assert.DoesNotContain(PageWorld.H3.Id, day.Html);
    }

    [Fact]
    public async Task A_wrong_try_gets_the_form_again_saying_why_with_the_code_kept_and_the_digits_not()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var code = await IssueAsync(world, PageWorld.Nine.AddDays(2));

        var wrong = await world.CodePages.PostAsync(new PageQuery(), PageWorld.Form(("code", code), ("digits", "9999")), "203.0.113.7");
        var malformed = await world.CodePages.PostAsync(new PageQuery(), PageWorld.Form(("code", "<b>K7QM</b>"), ("digits", "12")), "203.0.113.7");
        var empty = await world.CodePages.PostAsync(new PageQuery(), null, "203.0.113.7");

        Assert.Equal((401, 400, 400), (wrong.Status, malformed.Status, empty.Status));
        Assert.Contains("登记码或手机尾号不对", wrong.Html);
        Assert.Contains($"value=\"{code}\"", wrong.Html);
        Assert.DoesNotContain("9999", wrong.Html);
        Assert.Contains("&lt;b&gt;K7QM&lt;/b&gt;", malformed.Html);
        Assert.DoesNotContain("<b>K7QM", malformed.Html);
        Assert.Contains("role=\"alert\"", malformed.Html);
    }

    [Fact]
    public async Task An_expired_code_and_a_client_that_guessed_too_often_are_told_so()
    {
        var world = await PageWorld.CreateAsync(azurite);
        var code = await IssueAsync(world, PageWorld.Nine.AddHours(1));
        for (var i = 0; i < LinkCodeService.MaxFailuresPerClientHour; i++)
        {
            await world.CodePages.PostAsync(new PageQuery(), PageWorld.Form(("code", "0000-0000"), ("digits", "0001")), "198.51.100.9");
        }
        world.Clock.Advance(TimeSpan.FromMinutes(30));
        var guesser = await world.CodePages.PostAsync(new PageQuery(), PageWorld.Form(("code", code), ("digits", "0001")), "198.51.100.9");
        world.Clock.Advance(TimeSpan.FromMinutes(31));

        var expired = await world.CodePages.PostAsync(new PageQuery(), PageWorld.Form(("code", code), ("digits", "0001")), "203.0.113.7");

        Assert.Equal((429, 410), (guesser.Status, expired.Status));
        Assert.Contains("输错次数太多", guesser.Html);
        Assert.Contains("有效期到 12月8日 10:00 为止", expired.Html);
    }

    /// <summary>王芳's code for her Tuesday, sent to her phone ending 0001.</summary>
    private static Task<string> IssueAsync(PageWorld world, DateTimeOffset expires) =>
        world.Codes.IssueAsync(Message, new LinkGrant("v1", LinkGrant.DayScope(PageWorld.Tuesday), expires), "+8613800000001");
}
