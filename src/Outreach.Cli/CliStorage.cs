using Outreach.Adapters;

namespace Outreach.Cli;

/// <summary>
/// The account <c>--storage</c> (or <c>OUTREACH_STORAGE</c>) names: a connection string, or the table service URI
/// of an account that refuses shared keys, reached with Entra ID (<see cref="CliEnvironment.Credential"/>).
/// </summary>
internal sealed record CliStorage(string? ConnectionString, Uri? TableServiceUri)
{
    public const string Option = $"--storage (or {OutreachCli.StorageVariable})";
    public const string Forms =
        "a connection string (DefaultEndpointsProtocol=…;AccountName=…, or UseDevelopmentStorage=true) "
        + "or the account's table service URI, https://<account>.table.core.windows.net, reached after az login";

    /// <summary>Where the tables are, for messages: the URI, never a connection string (it holds the key).</summary>
    public string Endpoint => TableServiceUri?.ToString().TrimEnd('/') ?? "the account of the connection string";

    /// <summary>True when requests carry an Entra ID token rather than a key.</summary>
    public bool IsKeyless => TableServiceUri is not null;

    /// <summary>
    /// True for the storage emulator on this machine (<c>UseDevelopmentStorage=true</c>, or a connection string whose
    /// table endpoint is loopback): what is written there reaches no real phone.
    /// </summary>
    public bool IsLocal =>
        ConnectionString is { } text
        && (text.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            || text.Split(';').Select(p => p.Split('=', 2)).Any(p => p.Length == 2 && p[0].Trim().Equals("TableEndpoint", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(p[1].Trim(), UriKind.Absolute, out var uri) && uri.IsLoopback));

    public static CliStorage Parse(string value)
    {
        var text = value.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            // A connection string is key=value pairs; anything else (a bare account name, ftp://…) is neither form.
            return text.Contains('=')
                ? new CliStorage(text, null)
                : throw new BadInputException($"{Option} is neither a connection string nor a table service URI: give {Forms}.");
        }
        // Never echo a query or user part: either may hold a secret.
        var shown = $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}";
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new BadInputException($"{Option} '{shown}' is http, and sign-in tokens are only sent over https: give {Forms} (Azurite over http takes its connection string).");
        }
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new BadInputException($"{Option} '{shown}' carries a query or a user name (a SAS?): give {Forms}, with nothing after the path.");
        }
        if (uri.Host.Contains(".blob.", StringComparison.OrdinalIgnoreCase) || uri.Host.Contains(".queue.", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadInputException($"{Option} '{shown}' is a blob or queue service URI: give {Forms}.");
        }
        return new CliStorage(null, uri);
    }

    /// <summary>
    /// The settings that point the composition at this account, over any in the environment: a connection string, or the
    /// table and blob service URIs reached with Entra ID; and the table prefix.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(CliEnvironment environment, string? tablePrefix)
    {
        yield return new(StorageServiceCollectionExtensions.TablePrefixKey, tablePrefix ?? "");
        if (TableServiceUri is null)
        {
            yield return new(StorageServiceCollectionExtensions.ConnectionStringKey, ConnectionString);
            yield break;
        }
        // Emptied, so that a connection string in the environment does not win over the URI given.
        yield return new(StorageServiceCollectionExtensions.ConnectionStringKey, "");
        yield return new(StorageServiceCollectionExtensions.WebJobsStorage, "");
        yield return new($"ConnectionStrings:{StorageServiceCollectionExtensions.WebJobsStorage}", "");
        yield return new(StorageServiceCollectionExtensions.TableServiceUriKey, TableServiceUri.ToString());
        if (BlobServiceUri(TableServiceUri) is { } blobs)
        {
            yield return new(StorageServiceCollectionExtensions.BlobServiceUriKey, blobs.ToString());
            yield return new(StorageServiceCollectionExtensions.QueueServiceUriKey, ServiceUri(TableServiceUri, "queue")!.ToString());
        }
        else if (!string.IsNullOrWhiteSpace(environment.Variable("Sms__TemplatesContainer")))
        {
            throw new BadInputException(
                $"Sms__TemplatesContainer is read from the blob service of the storage account, and {Endpoint} does not say where that is "
                + "(its host has no '.table.'): give --storage as https://<account>.table.core.windows.net or a connection string, or unset Sms__TemplatesContainer.");
        }
    }

    /// <summary>https://acct.table.core.windows.net → https://acct.blob.core.windows.net; null when the host has no <c>.table.</c>.</summary>
    public static Uri? BlobServiceUri(Uri tableServiceUri) => ServiceUri(tableServiceUri, "blob");

    /// <summary>https://acct.table.core.windows.net → https://acct.{service}.core.windows.net; null when the host has no <c>.table.</c>.</summary>
    public static Uri? ServiceUri(Uri tableServiceUri, string service)
    {
        var host = tableServiceUri.Host;
        var at = host.IndexOf(".table.", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : new UriBuilder(tableServiceUri) { Host = string.Concat(host.AsSpan(0, at), $".{service}.", host.AsSpan(at + ".table.".Length)) }.Uri;
    }
}
