using Azure.Data.Tables;
using Azure.Identity;
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

    internal static TableServiceClient CreateServiceClient(IConfiguration configuration)
    {
        var connectionString = NonEmpty(configuration[ConnectionStringKey])
            ?? NonEmpty(configuration.GetConnectionString(WebJobsStorage))
            ?? NonEmpty(configuration[WebJobsStorage]);
        if (connectionString is not null)
        {
            return TableStores.CreateServiceClient(connectionString);
        }

        var uriText = NonEmpty(configuration[TableServiceUriKey])
            ?? NonEmpty(configuration[$"{WebJobsStorage}:tableServiceUri"])
            ?? (NonEmpty(configuration[$"{WebJobsStorage}:accountName"]) is { } account ? $"https://{account}.table.core.windows.net" : null);
        if (uriText is null)
        {
            throw new InvalidOperationException(
                $"No table storage configured: set {ConnectionStringKey} (or the {WebJobsStorage} connection string), "
                + $"or {TableServiceUriKey} to use the managed identity, e.g. https://<account>.table.core.windows.net.");
        }
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"{TableServiceUriKey} '{uriText}' is not an absolute http(s) URI, e.g. https://<account>.table.core.windows.net.");
        }
        return TableStores.CreateServiceClient(uri, new DefaultAzureCredential());
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
