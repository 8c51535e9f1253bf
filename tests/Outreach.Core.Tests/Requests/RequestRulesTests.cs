using CsCheck;
using Outreach.Links;
using Outreach.Problems;
using Outreach.Requests;
using Outreach.Roster;

namespace Outreach.Core.Tests.Requests;

/// <summary>The pure rules of what a requester posts: a request's fields, a verdict, the link's scope.</summary>
public class RequestRulesTests
{
    private static readonly Target Household = new("h1", TargetKind.Household, "仙山社区1号楼101", "g1", []);
    private static readonly IReadOnlyList<string> Categories = new ProblemOptions().CategoryList;

    [Fact]
    public void A_valid_request_is_a_direct_report_marked_as_a_request_by_the_requester()
    {
        var (report, errors) = RequestRules.Validate(new RequestInput("生活困难", "  家里水管漏水 ", null, " "), Household, Categories, 500);

        Assert.Empty(errors);
        Assert.Equal(new DirectReport("g1", "h1", "生活困难", "家里水管漏水", ProblemUrgency.Normal, RequestService.Actor, Request: true, PreferredTime: null), report);
    }

    [Fact]
    public void Any_description_is_taken_exactly_when_it_fits_the_size_cap()
    {
        Gen.String[Gen.Char.AlphaNumeric, 0, 600].Sample(text =>
        {
            var (report, errors) = RequestRules.Validate(new RequestInput("其他", text, "normal", null), Household, Categories, 500);
            var trimmed = text.Trim();
            Assert.Equal(trimmed.Length is > 0 and <= 500, report is not null);
            Assert.Equal(report is null, errors.Any(e => e.Field == "description"));
        });
    }

    [Theory]
    [InlineData("rate", "5", null, null, null)]
    [InlineData("rate", "0", null, null, "rating")]
    [InlineData("rate", "", null, null, "rating")]
    [InlineData("rate", "五", null, null, "rating")]
    [InlineData("reopen", null, null, "没修好", null)]
    [InlineData("reopen", null, null, "", "notSolved")]
    [InlineData("maybe", "5", null, null, "verdict")]
    public void A_verdict_is_a_rating_of_one_to_five_or_not_solved_with_words(string verdict, string? rating, string? comment, string? reason, string? badField)
    {
        var (command, errors) = RequestRules.Verdict(new RatingInput(verdict, rating, comment, reason));

        Assert.Equal(badField, errors.SingleOrDefault()?.Field);
        Assert.Equal(badField is null, command is not null);
        if (command is Evaluate evaluate)
        {
            Assert.Equal(Evaluator.Requester, evaluate.By);
        }
    }

    [Fact]
    public void A_request_link_names_its_grid_and_generation_and_a_rating_link_its_problem()
    {
        var request = LinkGrant.ForRequests("h1", "g1", 3);
        var rating = LinkGrant.ForRating("h1", "g1~20261207~h1~r0a1b2c3d", new DateTimeOffset(2026, 12, 14, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(("g1", 3), request.Requests);
        Assert.Null(request.RatedProblemId);
        Assert.Equal("g1~20261207~h1~r0a1b2c3d", rating.RatedProblemId);
        Assert.Null(rating.Requests);
        Assert.Null(new LinkGrant("h1", "request:g1~x", request.ExpiresAt).Requests);
        Assert.Null(new LinkGrant("h1", "request:g1~03", request.ExpiresAt).Requests);
    }
}
