using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Azure;

public static class StorageServiceCollectionExtensions
{
    public const string ConnectionStringKey = "Storage:ConnectionString";
    public const string TableServiceUriKey = "Storage:TableServiceUri";
    public const string BlobServiceUriKey = "Storage:BlobServiceUri";
    public const string TablePrefixKey = "Storage:TablePrefix";
    public const string WebJobsStorage = "AzureWebJobsStorage";

    /// <summary>
    /// Registers <see cref="TableServiceClient"/>, <see cref="IRosterStore"/>, <see cref="IVisitStore"/> and <see cref="IProblemStore"/>
    /// (singletons). The account comes from, in order: <c>Storage:ConnectionString</c>; the
    /// <c>AzureWebJobsStorage</c> connection string; <c>Storage:TableServiceUri</c> (or
    /// <c>AzureWebJobsStorage:tableServiceUri</c> / <c>AzureWebJobsStorage:accountName</c>) with
    /// <see cref="DefaultAzureCredential"/>, i.e. the managed identity in Azure. Tables are named with the
    /// optional <c>Storage:TablePrefix</c>. The account settings are read when a store is first resolved, so a
    /// missing setting fails then with a message naming the keys to set.
    /// </summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TableStorageOptions { TablePrefix = configuration[TablePrefixKey] ?? "" }.Validate();

        // TryAdd: a host that registered its own TableServiceClient (or a test double of a store) keeps it.
        services.TryAddSingleton(_ => CreateServiceClient(configuration));
        services.TryAddSingleton(sp => TableStores.Create(sp.GetRequiredService<TableServiceClient>(), options));
        services.TryAddSingleton<IRosterStore>(sp => sp.GetRequiredService<TableStores>().Roster);
        services.TryAddSingleton<IVisitStore>(sp => sp.GetRequiredService<TableStores>().Visits);
        services.TryAddSingleton<IProblemStore>(sp => sp.GetRequiredService<TableStores>().Problems);
        services.TryAddSingleton<global::Outreach.Reminders.IOutboxStore>(sp => sp.GetRequiredService<TableStores>().Outbox);
        return services;
    }

    internal static TableServiceClient CreateServiceClient(IConfiguration configuration) =>
        Account(configuration, TableServiceUriKey, "table") switch
        {
            (string connectionString, _) => TableStores.CreateServiceClient(connectionString),
            (_, var uri) => TableStores.CreateServiceClient(uri!, new DefaultAzureCredential()),
        };

    /// <summary>
    /// The blob service of the same account as the tables: <c>Storage:ConnectionString</c>; the
    /// <c>AzureWebJobsStorage</c> connection string; <c>Storage:BlobServiceUri</c> (or
    /// <c>AzureWebJobsStorage:blobServiceUri</c> / <c>AzureWebJobsStorage:accountName</c>) with the managed identity.
    /// </summary>
    public static BlobServiceClient CreateBlobServiceClient(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Account(configuration, BlobServiceUriKey, "blob") switch
        {
            (string connectionString, _) => new BlobServiceClient(connectionString),
            (_, var uri) => new BlobServiceClient(uri!, new DefaultAzureCredential()),
        };
    }

    // A connection string, or else a service URI to reach with the managed identity; service is "table" or "blob".
    private static (string? ConnectionString, Uri? Uri) Account(IConfiguration configuration, string uriKey, string service)
    {
        var connectionString = NonEmpty(configuration[ConnectionStringKey])
            ?? NonEmpty(configuration.GetConnectionString(WebJobsStorage))
            ?? NonEmpty(configuration[WebJobsStorage]);
        if (connectionString is not null)
        {
            return (connectionString, null);
        }

        var uriText = NonEmpty(configuration[uriKey])
            ?? NonEmpty(configuration[$"{WebJobsStorage}:{service}ServiceUri"])
            ?? (NonEmpty(configuration[$"{WebJobsStorage}:accountName"]) is { } account ? $"https://{account}.{service}.core.windows.net" : null);
        if (uriText is null)
        {
            throw new InvalidOperationException(
                $"No {service} storage configured: set {ConnectionStringKey} (or the {WebJobsStorage} connection string), "
                + $"or {uriKey} to use the managed identity, e.g. https://<account>.{service}.core.windows.net.");
        }
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"{uriKey} '{uriText}' is not an absolute http(s) URI, e.g. https://<account>.{service}.core.windows.net.");
        }
        return (null, uri);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
