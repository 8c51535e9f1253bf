namespace Outreach.Links;

/// <summary>
/// Where the keys that sign links come from: <c>Links__SigningKey</c> (and <c>Links__PreviousKeys__N</c> while a
/// rotation's old links live), or, for links that point at this machine, the well-known development key.
/// </summary>
/// <remarks>
/// The development key lets the demo print links that open in the app <c>npm start</c> runs, without a secret to
/// copy between them. It is safe only because such links reach nobody: every host uses it only when no key is set,
/// the link base is a loopback address and storage is the local emulator. A deployed app has a public link base and
/// real storage, so it must be given a key.
/// </remarks>
public static class LinkKeys
{
    /// <summary>Public, hence worthless outside this machine: never configure it as a signing key.</summary>
    public const string Development = "DW1l9Fog21h7qusurcHvoxDq8Xq2SJ4Uwo5KhIbFizs=";

    /// <summary>Base64 of at least <see cref="LinkTokens.MinKeyBytes"/> bytes.</summary>
    public static bool IsKey(string? text) => Decode(text) is not null;

    /// <summary>Whether links to <paramref name="linkBaseUrl"/> open only on this machine (localhost, 127.0.0.1, ::1).</summary>
    public static bool IsLoopback(string? linkBaseUrl) =>
        Uri.TryCreate(linkBaseUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;

    /// <summary>
    /// The signing key: <paramref name="signingKey"/> when set, else the development key when
    /// <paramref name="allowDevelopmentKey"/>; null when neither, or when the development key is configured (as the
    /// signing key or a previous key) where it is not allowed: anyone could forge links with it. The caller says what
    /// to set.
    /// </summary>
    public static LinkTokens? Create(string? signingKey, IEnumerable<string>? previousKeys, bool allowDevelopmentKey)
    {
        var current = string.IsNullOrWhiteSpace(signingKey) ? (allowDevelopmentKey ? Development : null) : signingKey;
        var previous = (previousKeys ?? []).ToList();
        if (Decode(current) is not { } key || previous.Any(k => Decode(k) is null)
            || (!allowDevelopmentKey && previous.Append(current).Any(IsDevelopment)))
        {
            return null;
        }
        return new LinkTokens(key, previous.Select(k => Decode(k)!).ToList());
    }

    private static bool IsDevelopment(string? key) =>
        Decode(key) is { } bytes && bytes.AsSpan().SequenceEqual(Decode(Development));

    private static byte[]? Decode(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written >= LinkTokens.MinKeyBytes ? buffer[..written] : null;
    }
}
