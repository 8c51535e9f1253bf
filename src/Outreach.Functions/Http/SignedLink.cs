using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outreach.Links;

namespace Outreach.Functions.Http;

/// <summary>The signed link an SMS carries, for the anonymous functions: its token (<c>Authorization: Bearer</c> or <c>?t=</c>) checked.</summary>
internal static class SignedLink
{
    /// <summary>The grant of a valid link; otherwise null, with the 401 to answer in <paramref name="refusal"/>.</summary>
    /// <param name="fix">What to do without a valid link, e.g. "Open the link from your SMS to report this visit."</param>
    public static LinkGrant? Check(LinkTokens links, HttpRequest request, DateTimeOffset now, string fix, out IActionResult? refusal)
    {
        var check = links.Verify(Token(request), now, out var grant);
        refusal = check == LinkCheck.Valid
            ? null
            : ApiResults.Problem(StatusCodes.Status401Unauthorized, "The link is not valid",
                check == LinkCheck.Expired ? "This link has expired: use the link from your latest SMS." : fix);
        return grant;
    }

    private static string? Token(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : request.Query["t"].ToString();
    }
}
