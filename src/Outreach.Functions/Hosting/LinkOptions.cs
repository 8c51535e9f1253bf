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

    public static bool IsKey(string? text)
    {
        var buffer = new byte[text?.Length ?? 0];
        return text is not null && Convert.TryFromBase64String(text, buffer, out var written) && written >= Links.LinkTokens.MinKeyBytes;
    }
}
