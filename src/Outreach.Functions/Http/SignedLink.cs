using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outreach.Links;
using Outreach.Problems;

namespace Outreach.Functions.Http;

/// <summary>The signed link an SMS carries, for the JSON API's anonymous functions: its token, and a refusal as problem+json.</summary>
internal static class SignedLink
{
    /// <summary>The token of <c>Authorization: Bearer TOKEN</c>, else <c>?t=TOKEN</c>.</summary>
    public static string? Token(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : request.Query["t"].ToString();
    }

    /// <summary>Why a link could do nothing, as the API says it: 401 without a valid link, 403 outside its scope, 404, 410 once closed.</summary>
    public static IActionResult Refusal(RefusedView refused) => refused.Reason switch
    {
        LinkRefusal.Expired => ApiResults.Problem(StatusCodes.Status401Unauthorized, "The link is not valid", "This link has expired: use the link from your latest SMS."),
        LinkRefusal.Incomplete or LinkRefusal.Forged or LinkRefusal.OtherKey => ApiResults.Problem(StatusCodes.Status401Unauthorized, "The link is not valid",
            "Open the link from your SMS, or use the coordinators' API with a function key."),
        LinkRefusal.OutOfScope => ApiResults.Problem(StatusCodes.Status403Forbidden, "The link is for another visit or problem",
            "This link cannot do this: use the link from the SMS about this visit or problem."),
        LinkRefusal.ReadOnly => ApiResults.Problem(StatusCodes.Status403Forbidden, "The link only reads",
            "This link is a copy: it opens the problem but takes no step; the department it is with acts through its own link."),
        LinkRefusal.Closed => ApiResults.Problem(StatusCodes.Status410Gone, "The problem is closed",
            $"Problem {refused.Problem?.Id} is {refused.Problem?.Status.ToWire()}, so its links no longer open it: ask the coordinator if it needs more work."),
        LinkRefusal.Unavailable => ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "Not available", "Try again later."),
        _ => ApiResults.Problem(StatusCodes.Status404NotFound, "Not found", "What this link names is no longer there: the plan changed, or the problem was removed."),
    };
}
