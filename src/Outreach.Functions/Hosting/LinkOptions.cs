using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Outreach.Links;
using Outreach.Reminders;

namespace Outreach.Functions.Hosting;

/// <summary>
/// The keys that sign the links in reminder SMS (<c>Links__SigningKey</c>, in Azure a Key Vault reference).
/// Rotate by moving the current key to <c>Links__PreviousKeys__0</c> and setting a new
/// <c>Links__SigningKey</c>; drop the previous key once every link it signed has expired.
/// </summary>
public sealed class LinkOptions
{
    /// <summary>Base64 of at least 32 random bytes, e.g. <c>openssl rand -base64 32</c>.</summary>
    public string SigningKey { get; set; } = "";

    public List<string> PreviousKeys { get; set; } = [];

    /// <summary>
    /// The tokens these keys sign and verify, or null when no key is usable. Without a key, an app in its Development
    /// environment whose links point at this machine uses <see cref="LinkKeys.Development"/> (see there).
    /// </summary>
    internal LinkTokens? Tokens(IServiceProvider services)
    {
        var development = services.GetService<IHostEnvironment>()?.IsDevelopment() == true
            && LinkKeys.IsLoopback(services.GetService<IOptions<ReminderOptions>>()?.Value.LinkBaseUrl);
        return PreviousKeys.All(LinkKeys.IsKey) ? LinkKeys.Create(SigningKey, PreviousKeys, development) : null;
    }
}
