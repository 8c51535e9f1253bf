using System.Security.Cryptography;
using System.Text;

namespace Outreach.Pages;

/// <summary>
/// The one stylesheet and the one script of the pages, inlined (a page makes no request but itself), and the
/// security headers that allow exactly them: <c>Content-Security-Policy</c> with their SHA-256 hashes and nothing
/// else, no referrer (the token is in the URL), no caching, no framing, no sniffing.
/// </summary>
public static class PageAssets
{
    public static readonly string Css = Compact(Read("pages.css"));

    public static readonly string Script = Compact(Read("offline.js"));

    /// <summary>The stylesheet of the coordinator's report file (<c>report html</c>): opened offline, on a phone and in print.</summary>
    public static readonly string ReportCss = Compact(Read("report.css"));

    /// <summary>
    /// <c>default-src 'none'</c>: the inline style and script by hash, fetches (the offline queue) and form posts to
    /// this app only, no frames around the page, no base element.
    /// </summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src '{Hash(Css)}'; script-src '{Hash(Script)}'; connect-src 'self'; form-action 'self'; "
        + "img-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The headers every page response carries, errors and redirects included.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Headers =
    [
        new("Content-Security-Policy", ContentSecurityPolicy),
        new("Referrer-Policy", "no-referrer"),
        new("Cache-Control", "no-store"),
        new("X-Content-Type-Options", "nosniff"),
        new("X-Frame-Options", "DENY"),
    ];

    public const string ContentType = "text/html; charset=utf-8";

    private static string Read(string name)
    {
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream($"Outreach.Pages.Assets.{name}")
            ?? throw new InvalidOperationException($"Embedded asset {name} is missing from Outreach.Pages.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    // Every byte counts on a slow phone: drop indentation and whole-line comments. The assets keep one statement
    // or rule per line, so nothing else changes meaning.
    private static string Compact(string text) => string.Join('\n', text.Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal)));

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
