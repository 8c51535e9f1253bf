using Outreach.Links;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Requests;

/// <summary>
/// A target's request page (企业下单、居民点单): who it is, what it may ask for, and what it asked before and where each
/// stands, newest first. A household's points passbook (积分存折) opens on the same link, <c>?show=passbook</c>.
/// </summary>
/// <param name="Target">The enterprise or household the link belongs to.</param>
/// <param name="Requests">Its earlier requests (problems it placed itself), newest first.</param>
/// <param name="Categories">What it may choose from: the list the visit page's problems use.</param>
/// <param name="PlacedToday">Requests placed today (China time), against <paramref name="DailyCap"/>.</param>
/// <param name="AskWhom">The grid's coordinator, whom the target calls.</param>
public sealed record RequestView(
    LinkGrant Grant,
    Target Target,
    IReadOnlyList<Problem> Requests,
    IReadOnlyList<string> Categories,
    int PlacedToday,
    int DailyCap,
    int MaxDescription,
    Contact? AskWhom) : LinkView;

/// <summary>A resolved problem for its requester to rate (评价反馈), or, once rated or reopened, what they said.</summary>
/// <param name="CanRate">Whether it waits for a rating now (resolved, not yet rated or reopened).</param>
/// <param name="RateBy">Until when a rating counts; after it, 默认满意.</param>
public sealed record RatingView(LinkGrant Grant, Problem Problem, Target? Target, bool CanRate, DateTimeOffset? RateBy, Contact? AskWhom) : LinkView;

/// <summary>A request as the page posts it: every field as typed.</summary>
public sealed record RequestInput(string? Category, string? Description, string? Urgency, string? PreferredTime);

/// <summary>A requester's verdict as the page posts it: <c>rate</c> with a rating and a comment, or <c>reopen</c> with what is still wrong.</summary>
public sealed record RatingInput(string? Verdict, string? Rating, string? Comment, string? Reason);

/// <summary>What placing a request did.</summary>
public enum RequestOutcome
{
    /// <summary>Stored (or found stored: a second tap), at <c>reported</c>.</summary>
    Placed,

    /// <summary>Bad fields (<see cref="RequestResult.Errors"/>); nothing written.</summary>
    Invalid,

    /// <summary>The target has placed <see cref="RequestOptions.DailyCap"/> requests today; nothing written.</summary>
    Capped,
}

/// <summary>What placing a request did, and the problem it opened.</summary>
public sealed record RequestResult(RequestOutcome Outcome, Problem? Problem, IReadOnlyList<FieldError> Errors);

/// <summary>What a requester's verdict did.</summary>
public enum RatingOutcome
{
    /// <summary>Rated: the problem is evaluated.</summary>
    Rated,

    /// <summary>Not solved: the problem is returned to the coordinator (不满意).</summary>
    Reopened,

    /// <summary>Bad fields; nothing written.</summary>
    Invalid,

    /// <summary>It no longer waits for a rating (rated already, or reopened and being worked on); nothing written.</summary>
    NotWaiting,
}

/// <summary>What a requester's verdict did, and the problem as it stands.</summary>
public sealed record RatingResult(RatingOutcome Outcome, Problem? Problem, IReadOnlyList<FieldError> Errors);
