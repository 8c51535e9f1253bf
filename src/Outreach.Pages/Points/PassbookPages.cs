using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Links;
using Outreach.Pages.Refusals;
using Outreach.Points;
using Outreach.Roster;

namespace Outreach.Pages.Points;

/// <summary>
/// A household's passbook page (积分存折), read only: for the host that has already checked the household's own link and
/// so knows whose passbook to show. The rules and items are shown beside it, so the household sees how to earn and spend.
/// </summary>
/// <remarks>
/// Whatever fails underneath (storage unreachable or refusing) still gets a page saying to try again later.
/// </remarks>
public sealed class PassbookPages(PointsService points, PageRenderer renderer, ILogger<PassbookPages>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>The passbook of <paramref name="household"/>, found through its own link.</summary>
    /// <param name="back">The page it was opened from (the household's request page), relative to it; null for none.</param>
    public async Task<PageResponse> GetAsync(Target household, PageQuery query, string? back = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = PageText.For(query.Lang, query.AcceptLanguage);
        try
        {
            var passbook = await points.PassbookAsync(household, cancellationToken);
            return new(200, await renderer.RenderAsync<PassbookPage>(new()
            {
                [nameof(PassbookPage.Passbook)] = passbook,
                [nameof(PassbookPage.Text)] = text,
                [nameof(PassbookPage.Back)] = back,
                [nameof(PassbookPage.Rules)] = await points.RulesAsync(cancellationToken),
                [nameof(PassbookPage.Items)] = await points.ItemsAsync(cancellationToken),
            }));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "A passbook page could not be served");
            return new(503, await RefusedAsync(LinkRefusal.Unavailable, text));
        }
    }

    private Task<string> RefusedAsync(LinkRefusal reason, PageText text) =>
        renderer.RenderAsync<RefusedPage>(new()
        {
            [nameof(RefusedPage.View)] = new RefusedView(reason),
            [nameof(RefusedPage.Text)] = text,
        });
}
