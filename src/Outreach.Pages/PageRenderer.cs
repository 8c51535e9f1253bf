using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Outreach.Pages;

/// <summary>
/// Renders a page component to an HTML string with ASP.NET Core's <see cref="HtmlRenderer"/>: static server
/// rendering, every value HTML-encoded unless a component marks it as markup (only the inline assets do).
/// </summary>
/// <remarks>
/// A renderer per page: an <see cref="HtmlRenderer"/> keeps every root component it has rendered until it is disposed,
/// so a shared one would hold every page ever served, and its one dispatcher would render them one at a time.
/// </remarks>
public sealed class PageRenderer : IAsyncDisposable
{
    // Chinese as characters, not &#x...; entities, which would triple a page's weight; markup characters (and the
    // controls the encoder never allows) are still encoded.
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
        .BuildServiceProvider();

    public async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(_services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
