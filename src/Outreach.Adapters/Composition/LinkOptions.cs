using Outreach.Links;

namespace Outreach.Adapters;

/// <summary>
/// The keys that sign the links in SMS (<c>Links__SigningKey</c>, in Azure a Key Vault reference).
/// Rotate by moving the current key to <c>Links__PreviousKeys__0</c> and setting a new
/// <c>Links__SigningKey</c>; drop the previous key once every link it signed has expired.
/// </summary>
public sealed class LinkOptions
{
    /// <summary>Base64 of at least 32 random bytes, e.g. <c>openssl rand -base64 32</c>.</summary>
    public string SigningKey { get; set; } = "";

    public List<string> PreviousKeys { get; set; } = [];

    /// <summary>
    /// The tokens these keys sign and verify, or null when no key is usable. Without a key, links to this machine on
    /// the storage emulator (<paramref name="local"/>) are signed with <see cref="LinkKeys.Development"/>.
    /// </summary>
    internal LinkTokens? Tokens(bool local) => LinkKeys.Create(SigningKey, PreviousKeys, allowDevelopmentKey: local);
}
