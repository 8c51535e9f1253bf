namespace Outreach.Adapters.Sms;

/// <summary>An Azure Communication Services connection string: <c>endpoint=https://…/;accesskey=…</c>.</summary>
public sealed record AcsConnectionString(Uri Endpoint, string AccessKey)
{
    /// <exception cref="FormatException">A part is missing, the endpoint is not an absolute URI or the key is not base64.</exception>
    public static AcsConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = connectionString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("endpoint", out var endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http"))
        {
            throw new FormatException("The SMS connection string needs endpoint=https://<resource>.communication.azure.com/.");
        }
        if (!parts.TryGetValue("accesskey", out var key) || key.Length == 0)
        {
            throw new FormatException("The SMS connection string needs accesskey=<base64 key>.");
        }
        try
        {
            Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            // The key itself must never reach a log or an exception message.
            throw new FormatException("The SMS connection string's accesskey is not base64.");
        }
        return new AcsConnectionString(uri, key);
    }
}
