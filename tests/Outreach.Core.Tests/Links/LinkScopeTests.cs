using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Outreach.Links;
using Outreach.Problems;
using Outreach.Reminders;

namespace Outreach.Core.Tests.Links;

/// <summary>A token grants only its scope; keys come from configuration, or the development key for links to this machine only.</summary>
public class LinkScopeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 18, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_day_link_covers_that_days_visits_and_a_visit_link_only_its_own()
    {
        var day = new LinkGrant("v1", LinkGrant.DayScope(new DateOnly(2026, 12, 8)), Now.AddDays(1));
        var visit = new LinkGrant("v1", "g1~20261208~h1", Now.AddDays(1));

        Assert.True(day.CoversVisit("g1~20261208~h1"));
        Assert.True(day.CoversVisit("g2~20261208~e9"));
        Assert.False(day.CoversVisit("g1~20261209~h1"));
        Assert.True(visit.CoversVisit("g1~20261208~h1"));
        Assert.False(visit.CoversVisit("g1~20261208~h2"));
        Assert.False(visit.CoversVisit("not a visit"));
        Assert.Equal((new DateOnly(2026, 12, 8), (DateOnly?)null), (day.Day, visit.Day));
    }

    [Fact]
    public void A_problem_link_opens_and_acts_on_its_problem_a_copy_only_opens_it_and_neither_reaches_another()
    {
        var link = LinkGrant.ForProblem("urban", "g1~20261207~h1~1", Now, Now.AddDays(5));
        var copy = LinkGrant.ForProblemCopy("lead", "g1~20261207~h1~1", Now, Now.AddDays(5));

        Assert.Equal(("g1~20261207~h1~1", "g1~20261207~h1~1"), (link.ProblemId, copy.ProblemId));
        Assert.True(link.OpensProblem("g1~20261207~h1~1") && link.ActsOnProblem("g1~20261207~h1~1"));
        Assert.True(copy.OpensProblem("g1~20261207~h1~1"));
        Assert.False(copy.ActsOnProblem("g1~20261207~h1~1"));
        Assert.False(link.OpensProblem("g1~20261207~h1~2") || link.ActsOnProblem("g1~20261207~h1~2"));
        Assert.Null(new LinkGrant("v1", LinkGrant.DayScope(new DateOnly(2026, 12, 8)), Now).ProblemId);
        Assert.False(new LinkGrant("v1", "g1~20261207~h1~1", Now).OpensProblem("g1~20261207~h1~1"));
    }

    [Fact]
    public void Inspect_reads_an_expired_grant_that_verify_refuses()
    {
        var tokens = new LinkTokens(RandomNumberGenerator.GetBytes(32));
        var token = tokens.Sign(new LinkGrant("v1", "day:20261207", Now));

        Assert.Equal(LinkCheck.Expired, tokens.Verify(token, Now, out var refused));
        Assert.Null(refused);
        Assert.Equal(LinkCheck.Expired, tokens.Inspect(token, Now, out var expired));
        Assert.Equal(("v1", Now), (expired!.VisitorId, expired.ExpiresAt));
        Assert.Equal(LinkCheck.UnknownKey, new LinkTokens(RandomNumberGenerator.GetBytes(32)).Inspect(token, Now, out var foreign));
        Assert.Null(foreign);
    }

    [Fact]
    public void The_configured_key_signs_and_without_one_only_links_to_this_machine_get_the_development_key()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var grant = new LinkGrant("v1", "day:20261207", Now.AddDays(1));

        var configured = LinkKeys.Create(key, [], allowDevelopmentKey: true)!;
        var development = LinkKeys.Create(null, [], allowDevelopmentKey: true)!;

        Assert.Equal(LinkCheck.Valid, new LinkTokens(Convert.FromBase64String(key)).Verify(configured.Sign(grant), Now, out _));
        Assert.Equal(LinkCheck.Valid, new LinkTokens(Convert.FromBase64String(LinkKeys.Development)).Verify(development.Sign(grant), Now, out _));
        Assert.Null(LinkKeys.Create(null, [], allowDevelopmentKey: false));
        // Configured by mistake (it once stood in local.settings.json.example), it is still refused where links are public.
        Assert.Null(LinkKeys.Create(LinkKeys.Development, [], allowDevelopmentKey: false));
        Assert.Null(LinkKeys.Create(key, [LinkKeys.Development], allowDevelopmentKey: false));
        Assert.NotNull(LinkKeys.Create(LinkKeys.Development, [], allowDevelopmentKey: true));
        Assert.Null(LinkKeys.Create("dG9vIHNob3J0", [], allowDevelopmentKey: true));
        Assert.True(LinkKeys.IsLoopback("http://localhost:7071/v/") && LinkKeys.IsLoopback("http://127.0.0.1:7071/v/") && LinkKeys.IsLoopback("http://[::1]:7071/v/"));
        Assert.False(LinkKeys.IsLoopback("https://outreach.example.cn/v/") || LinkKeys.IsLoopback("not a url"));
    }

    [Theory]
    [InlineData("https://outreach.example.cn/v/", true)]
    [InlineData("http://localhost:7071/v/", true)]
    [InlineData("https://example.cn/outreach/v/", true)]
    [InlineData("https://outreach.example.cn/", false)]
    [InlineData("https://outreach.example.cn/v", false)]
    [InlineData("https://outreach.example.cn/v/?x=1", false)]
    [InlineData("ftp://outreach.example.cn/v/", false)]
    [InlineData("/v/", false)]
    public void The_link_base_must_be_the_apps_page_route(string linkBase, bool valid)
    {
        var problem = ReminderOptions.LinkBaseProblem(linkBase);

        Assert.Equal(valid, problem is null);
        if (problem is not null)
        {
            Assert.Contains(linkBase, problem);
        }
    }

    [Theory]
    [InlineData("用工;融资;其他", new[] { "用工", "融资", "其他" })]
    [InlineData(" 用工 ; 融资 ;", new[] { "用工", "融资" })]
    [InlineData("", null)]
    [InlineData(";;", null)]
    public void Problem_categories_are_a_list_the_coordinator_configures(string setting, string[]? expected)
    {
        var options = new ProblemOptions { Categories = setting };
        var valid = Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);

        Assert.Equal(expected is not null, valid);
        if (expected is not null)
        {
            Assert.Equal(expected, options.CategoryList);
        }
    }

    [Fact]
    public void A_category_longer_than_the_api_takes_or_a_list_of_more_than_thirty_is_refused()
    {
        var tooLong = new ProblemOptions { Categories = "用工;" + new string('长', 65) };
        var tooMany = new ProblemOptions { Categories = string.Join(';', Enumerable.Range(1, 31).Select(i => $"c{i}")) };
        var defaults = new ProblemOptions();

        Assert.False(Validator.TryValidateObject(tooLong, new ValidationContext(tooLong), [], true));
        Assert.False(Validator.TryValidateObject(tooMany, new ValidationContext(tooMany), [], true));
        Assert.True(Validator.TryValidateObject(defaults, new ValidationContext(defaults), [], true));
        Assert.Contains("其他", defaults.CategoryList);
    }
}
