using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Links;
using Outreach.Pages.Codes;
using Outreach.Pages.Refusals;

namespace Outreach.Pages;

/// <summary>
/// The entry page at <c>/c</c>, which the fixed URL of an approved SMS template opens: the code from the SMS and the
/// phone's last four digits, posted once (<see cref="LinkCodeService"/>), then a 303 to the page the link would have
/// opened (<c>/v/{token}</c>), or the form again saying why not.
/// </summary>
public sealed class CodePages(LinkCodeService codes, PageRenderer renderer, ILogger<CodePages>? logger = null)
{
    /// <summary>A code and four digits fit in far less; anything longer is not a typed form.</summary>
    public const int MaxFormBytes = 1024;

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public Task<PageResponse> GetAsync(PageQuery query) =>
        FormAsync(PageText.For(query.Lang, query.AcceptLanguage), query, 200);

    /// <summary>
    /// A posted code. <paramref name="client"/> is the address the request came from (the per-client limit);
    /// <paramref name="body"/> is null when it was larger than <see cref="MaxFormBytes"/>.
    /// </summary>
    public async Task<PageResponse> PostAsync(PageQuery query, byte[]? body, string client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = PageText.For(query.Lang, query.AcceptLanguage);
        var form = body is null ? new Dictionary<string, string>() : LinkPages.Parse(body);
        var (code, digits) = (form.GetValueOrDefault("code"), form.GetValueOrDefault("digits"));
        CodeRedemption redeemed;
        try
        {
            redeemed = await codes.RedeemAsync(code, digits, client, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "A code could not be checked");
            return new(503, await renderer.RenderAsync<RefusedPage>(new()
            {
                [nameof(RefusedPage.View)] = new RefusedView(LinkRefusal.Unavailable),
                [nameof(RefusedPage.Text)] = text,
            }));
        }
        if (redeemed.Opened)
        {
            // Relative to /c: the link's own page, in the language chosen here.
            return new(303, null, $"v/{Uri.EscapeDataString(redeemed.Token!)}{(query.Lang is { Length: > 0 } lang ? "?lang=" + Uri.EscapeDataString(lang) : "")}");
        }
        _logger.LogInformation("A code was refused: {Refusal}", redeemed.Refusal);
        var status = redeemed.Refusal switch
        {
            CodeRefusal.Malformed => 400,
            CodeRefusal.Expired => 410,
            CodeRefusal.Locked => 423,
            CodeRefusal.TooManyTries => 429,
            _ => 401,
        };
        return await FormAsync(text, query, status, text.CodeRefused(redeemed.Refusal, redeemed.Grant?.ExpiresAt), code);
    }

    private async Task<PageResponse> FormAsync(PageText text, PageQuery query, int status, string? notice = null, string? code = null) =>
        new(status, await renderer.RenderAsync<CodePage>(new()
        {
            [nameof(CodePage.Text)] = text,
            [nameof(CodePage.Notice)] = notice,
            [nameof(CodePage.Code)] = code,
            [nameof(CodePage.Action)] = query.Lang is { Length: > 0 } lang ? "?lang=" + Uri.EscapeDataString(lang) : "",
        }));
}
