using System.Text;
using Microsoft.AspNetCore.Mvc;
using Outreach.Functions.Http;
using Outreach.Links;
using Outreach.Testing;
using Outreach.Testing.BadInput;

namespace Outreach.Functions.Tests.BadInput;

/// <summary>
/// The bad-input corpus over HTTP (issue 14): valid outcome, problem-step and form bodies, link tokens and codes,
/// mutated from a fixed seed (<see cref="BodyMutations"/>, <see cref="TokenMutations"/>) and sent to the function classes.
/// The API answers a refusal with a 4xx problem+json and the pages with a 4xx page, never a 5xx, and a refused request
/// stores nothing; a mutation that is still a valid request may be stored.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BadRequestTests(AzuriteFixture azurite)
{
    private const int Seed = 1400;

    private const string Outcome = """{"visitorId":"v1","status":"completed","visitedAt":"2026-12-08T10:30:00+08:00","notes":"老人身体健康","problems":[{"category":"道路设施","description":"路灯不亮","urgency":"urgent"}]}""";

    private static readonly (string Name, string Value)[] OutcomeForm =
    [
        ("visitId", BadInputWorld.H1.Id), ("status", "completed"), ("visitedAt", "2026-12-08T10:30"), ("notes", "老人身体健康"),
        ("problems[0].category", "道路设施"), ("problems[0].description", "路灯不亮"), ("problems[0].urgency", "urgent"),
    ];

    private static readonly int[] PageRefusals = [400, 401, 403, 404, 410];

    [Fact]
    public async Task Mutated_outcome_bodies_are_a_problem_json_4xx_that_stores_nothing()
    {
        var world = await BadInputWorld.CreateAsync(azurite);
        var failures = new List<string>();

        foreach (var body in BodyMutations.Json(Outcome, Seed + 1, variants: 4))
        {
            failures.AddRange(Api(body.Name, body.Bytes, await world.OutcomeAsync(body.Bytes)));
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Mutated_problem_steps_are_a_problem_json_4xx_that_stores_nothing()
    {
        var world = await BadInputWorld.CreateAsync(azurite);
        var failures = new List<string>();

        foreach (var body in BodyMutations.Json("""{"department":"urban","dueDays":5,"actor":"coordinator"}""", Seed + 2, variants: 3))
        {
            failures.AddRange(Api($"dispatch {body.Name}", body.Bytes, await world.StepAsync("dispatch", body.Bytes)));
        }
        foreach (var body in BodyMutations.Json("""{"rating":5,"comment":"处理及时"}""", Seed + 3, variants: 3))
        {
            failures.AddRange(Api($"evaluate {body.Name}", body.Bytes, await world.StepAsync("evaluate", body.Bytes)));
        }
        foreach (var body in BodyMutations.Json("""{"reason":"不归城管科管辖，请转住建局"}""", Seed + 4, variants: 3))
        {
            failures.AddRange(Api($"return by link {body.Name}", body.Bytes, await world.StepByLinkAsync("return", body.Bytes)));
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Mutated_page_forms_are_a_4xx_page_that_stores_nothing()
    {
        var world = await BadInputWorld.CreateAsync(azurite);
        var failures = new List<string>();

        foreach (var body in BodyMutations.Form(OutcomeForm, Seed + 5, variants: 3))
        {
            failures.AddRange(Page($"outcome form {body.Name}", body.Bytes, await world.FormAsync(world.DayLink, body.Bytes), [200, 303, 409, 413]));
        }
        foreach (var body in BodyMutations.Form([("action", "return"), ("reason", "不归城管科管辖")], Seed + 6, variants: 3))
        {
            failures.AddRange(Page($"problem form {body.Name}", body.Bytes, await world.FormAsync(world.ProblemLink, body.Bytes), [303, 409, 413]));
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Mutated_and_foreign_link_tokens_get_the_refusal_page_or_401_and_store_nothing()
    {
        var world = await BadInputWorld.CreateAsync(azurite);
        var valid = world.DayLink;
        var grant = Grant(world.Tokens, valid)!;
        var tokens = TokenMutations.Of(valid, Seed + 7, variants: 12).Concat(
        [
            ("expired", world.Tokens.Sign(grant with { ExpiresAt = BadInputWorld.Evening.AddMinutes(-1) })),
            ("other-key", new LinkTokens(new byte[32]).Sign(grant)),
            ("problem-link", world.ProblemLink),
            ("problem-copy", world.Tokens.Sign(LinkGrant.ForProblemCopy("lead", BadInputWorld.ProblemId, BadInputWorld.Evening, BadInputWorld.Evening.AddDays(1)))),
            ("team-link", world.Tokens.Sign(LinkGrant.ForTeam("lead", BadInputWorld.Tuesday))),
            ("other-visitor", world.Tokens.Sign(grant with { VisitorId = "lead" })),
            ("other-day", world.Tokens.Sign(grant with { Scope = LinkGrant.DayScope(BadInputWorld.Tuesday.AddDays(1)) })),
        ]).ToList();
        var form = Encoding.UTF8.GetBytes(BodyMutations.Encode(OutcomeForm));
        var failures = new List<string>();

        foreach (var (name, token) in tokens)
        {
            // A token that still carries the same grant (a change in base64's unused bits) is the same link; another valid
            // link opens its own page, but posts nothing to this visit.
            var opens = Grant(world.Tokens, token);
            var same = opens == grant;
            failures.AddRange(Page($"page {name}", form, await world.PageAsync(token), opens is null ? [] : [200]));
            var posted = await world.FormAsync(token, form);
            failures.AddRange(Page($"form {name}", form, posted, same ? [303] : []));
            if (!same)
            {
                failures.AddRange(Api($"api {name}", form, await world.OutcomeAsync(Encoding.UTF8.GetBytes(Outcome), token)));
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Mutated_codes_on_the_entry_page_are_refused_with_a_page_never_a_5xx()
    {
        var world = await BadInputWorld.CreateAsync(azurite);
        var code = await world.Codes.IssueAsync("m1", new LinkGrant("v1", LinkGrant.DayScope(BadInputWorld.Tuesday), BadInputWorld.Evening.AddDays(2)), "+8613800000001");
        var cases = TokenMutations.Of(code, Seed + 8, variants: 6).Select(m => (m.Name, Form: BodyMutations.Encode([("code", m.Token), ("digits", "0001")])))
            .Concat(BodyMutations.Form([("code", code), ("digits", "0001")], Seed + 9, variants: 3).Select(b => (b.Name, Form: Encoding.UTF8.GetString(b.Bytes))));
        var failures = new List<string>();

        foreach (var (name, form) in cases)
        {
            var answer = await world.CodeAsync(Encoding.UTF8.GetBytes(form));
            // Refusals count failed tries (that is what locks a code), so only the status is checked here.
            if (answer.Status is not (303 or 400 or 401 or 410 or 413 or 423 or 429) || (answer.Status != 303 && answer.Body is not string))
            {
                failures.Add($"code {name}: {answer.Status} for {form[..Math.Min(form.Length, 120)]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Bodies the corpus found answered with a 500 (an exception out of the function), kept as they were shrunk.</summary>
    [Theory]
    [InlineData("outcome.repeated-field")]
    [InlineData("outcome.repeated-field-in-a-problem")]
    [InlineData("outcome.unpaired-surrogate")]
    [InlineData("dispatch.invalid-utf8-in-a-string")]
    [InlineData("return-by-link.invalid-utf8-in-a-string")]
    public async Task Named_examples_are_a_400_problem_json_that_stores_nothing(string example)
    {
        var world = await BadInputWorld.CreateAsync(azurite);
        var body = await File.ReadAllBytesAsync(Path.Combine(AzuriteFixture.FindRepoRoot(), "tests", "Outreach.Functions.Tests", "BadInput", "Examples", example + ".json"));

        var answer = example.Split('.')[0] switch
        {
            "outcome" => await world.OutcomeAsync(body),
            "dispatch" => await world.StepAsync("dispatch", body),
            _ => await world.StepByLinkAsync("return", body),
        };

        Assert.Equal(400, answer.Status);
        Assert.Empty(Api(example, body, answer));
    }

    private static LinkGrant? Grant(LinkTokens tokens, string token) =>
        tokens.Verify(token, BadInputWorld.Evening, out var grant) == LinkCheck.Valid ? grant : null;

    /// <summary>What is wrong with an API answer: a refusal must be a 4xx problem+json and store nothing.</summary>
    private static IEnumerable<string> Api(string name, byte[] body, BadInputWorld.Answer answer)
    {
        var refused = answer.Status >= 400;
        if (answer.Status >= 500)
        {
            yield return $"{name}: {answer.Status} for {BadInputWorld.Show(body)}";
        }
        else if (refused && (answer.ContentType != ApiResults.ProblemJson || answer.Body is not ProblemDetails))
        {
            yield return $"{name}: {answer.Status} without a problem+json body";
        }
        if (refused && answer.Stored)
        {
            yield return $"{name}: refused ({answer.Status}) yet something was stored";
        }
    }

    /// <summary>What is wrong with a page's answer: a refusal is a 4xx page, never a 5xx, and stores nothing.</summary>
    private static IEnumerable<string> Page(string name, byte[] body, BadInputWorld.Answer answer, int[] alsoAllowed)
    {
        if (!PageRefusals.Contains(answer.Status) && !alsoAllowed.Contains(answer.Status))
        {
            yield return $"{name}: {answer.Status} for {BadInputWorld.Show(body)}";
        }
        if (answer.Status != 303 && answer.Body is not string { Length: > 0 })
        {
            yield return $"{name}: {answer.Status} without a page";
        }
        else if (answer.Body is string page && page.Contains("Exception", StringComparison.Ordinal))
        {
            yield return $"{name}: the page names an exception";
        }
        if (answer.Status != 303 && answer.Stored)
        {
            yield return $"{name}: answered {answer.Status} yet something was stored";
        }
    }
}
