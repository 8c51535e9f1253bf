using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Links;
using Outreach.Pages;
using Outreach.Problems;

namespace Outreach.Functions.Hosting;

public static class PageServiceCollectionExtensions
{
    /// <summary>
    /// The pages behind the links in SMS (<c>/v/{token}</c>) and the entry page for the codes that stand for links
    /// (<c>/c</c>), on the services <c>AddOutreach</c> registers.
    /// </summary>
    public static IServiceCollection AddLinkPages(this IServiceCollection services)
    {
        services.AddSingleton<PageRenderer>();
        services.AddSingleton(sp => new LinkPages(
            sp.GetRequiredService<LinkService>(),
            sp.GetRequiredService<PageRenderer>(),
            sp.GetRequiredService<IOptions<ProblemOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LinkPages>>(),
            sp.GetRequiredService<Outreach.Points.PointsService>()));
        services.AddSingleton<CodePages>();
        return services;
    }
}
