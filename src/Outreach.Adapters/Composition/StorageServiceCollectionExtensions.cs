using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Adapters;

public static class StorageServiceCollectionExtensions
{
    public const string ConnectionStringKey = "Storage:ConnectionString";
    public const string TableServiceUriKey = "Storage:TableServiceUri";
    public const string BlobServiceUriKey = "Storage:BlobServiceUri";
    public const string QueueServiceUriKey = "Storage:QueueServiceUri";
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

        // TryAdd: a host that registered its own TableServiceClient (or a test double of a store) keeps it, and so does
        // one that registered its own credential (the CLI's, which tests replace) or transport.
        var cloud = AzureCloud.From(configuration);
        services.TryAddSingleton<TokenCredential>(_ => cloud.Credential());
        services.TryAddSingleton(sp => CreateServiceClient(configuration, sp.GetRequiredService<TokenCredential>(), sp.GetService<HttpPipelineTransport>()));
        services.TryAddSingleton(sp => TableStores.Create(sp.GetRequiredService<TableServiceClient>(), options));
        services.TryAddSingleton<IRosterStore>(sp => sp.GetRequiredService<TableStores>().Roster);
        services.TryAddSingleton<IVisitStore>(sp => sp.GetRequiredService<TableStores>().Visits);
        services.TryAddSingleton<IProblemStore>(sp => sp.GetRequiredService<TableStores>().Problems);
        services.TryAddSingleton<Outreach.Reminders.IOutboxStore>(sp => sp.GetRequiredService<TableStores>().Outbox);
        services.TryAddSingleton<Outreach.Links.ILinkCodeStore>(sp => sp.GetRequiredService<TableStores>().Codes);
        services.TryAddSingleton<Outreach.Requests.IRequestLinkStore>(sp => sp.GetRequiredService<TableStores>().RequestLinks);
        services.TryAddSingleton<Outreach.Queues.IQueueFailureStore>(sp => sp.GetRequiredService<TableStores>().QueueFailures);
        services.TryAddSingleton<Outreach.Points.IPointsStore>(sp => sp.GetRequiredService<TableStores>().Points);
        return services;
    }

    internal static TableServiceClient CreateServiceClient(IConfiguration configuration, TokenCredential credential, HttpPipelineTransport? transport) =>
        Account(configuration, TableServiceUriKey, "table") switch
        {
            (string connectionString, _) => TableStores.CreateServiceClient(connectionString, transport),
            (_, var uri) => TableStores.CreateServiceClient(uri!, credential, transport, AzureCloud.From(configuration).TableAudience),
        };

    /// <summary>
    /// The blob service of the same account as the tables: <c>Storage:ConnectionString</c>; the
    /// <c>AzureWebJobsStorage</c> connection string; <c>Storage:BlobServiceUri</c> (or
    /// <c>AzureWebJobsStorage:blobServiceUri</c> / <c>AzureWebJobsStorage:accountName</c>) with
    /// <paramref name="credential"/> (default: the managed identity through <see cref="DefaultAzureCredential"/>).
    /// </summary>
    public static BlobServiceClient CreateBlobServiceClient(IConfiguration configuration, TokenCredential? credential = null, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new BlobClientOptions { Audience = AzureCloud.From(configuration).BlobAudience };
        if (transport is not null)
        {
            options.Transport = transport;
        }
        return Account(configuration, BlobServiceUriKey, "blob") switch
        {
            (string connectionString, _) => new BlobServiceClient(connectionString, options),
            (_, var uri) => new BlobServiceClient(uri!, credential ?? AzureCloud.From(configuration).Credential(), options),
        };
    }

    /// <summary>
    /// The queue service of the same account, where the functions' queues and their poison queues are: as
    /// <see cref="CreateBlobServiceClient"/>, with <c>Storage:QueueServiceUri</c> (or <c>AzureWebJobsStorage:queueServiceUri</c>,
    /// which the deployed app has). Messages are read and written as stored (no encoding): callers decode what they read.
    /// </summary>
    public static QueueServiceClient CreateQueueServiceClient(IConfiguration configuration, TokenCredential? credential = null, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var cloud = AzureCloud.From(configuration);
        var options = new QueueClientOptions { Audience = new QueueAudience(cloud.BlobAudience.ToString()) };
        // As the tables: a stopped emulator or an unreachable account is reported in seconds, not after minutes of retries.
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        if (transport is not null)
        {
            options.Transport = transport;
        }
        return Account(configuration, QueueServiceUriKey, "queue") switch
        {
            (string connectionString, _) => new QueueServiceClient(connectionString, options),
            (_, var uri) => new QueueServiceClient(uri!, credential ?? cloud.Credential(), options),
        };
    }

    /// <summary>
    /// Whether the storage is the emulator on this machine (<c>UseDevelopmentStorage=true</c>, or a connection string whose
    /// endpoints are loopback): what is written there reaches no real phone.
    /// </summary>
    public static bool IsEmulator(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (ConnectionString(configuration) is not { } text)
        {
            return false;
        }
        var pairs = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        return pairs.Any(p => p[0].Equals("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase) && p[1].Equals("true", StringComparison.OrdinalIgnoreCase))
            || pairs.Any(p => p[0].Equals("TableEndpoint", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(p[1], UriKind.Absolute, out var uri) && uri.IsLoopback);
    }

    private static string? ConnectionString(IConfiguration configuration) =>
        NonEmpty(configuration[ConnectionStringKey])
        ?? NonEmpty(configuration.GetConnectionString(WebJobsStorage))
        ?? NonEmpty(configuration[WebJobsStorage]);

    // A connection string, or else a service URI to reach with the managed identity; service is "table" or "blob".
    private static (string? ConnectionString, Uri? Uri) Account(IConfiguration configuration, string uriKey, string service)
    {
        if (ConnectionString(configuration) is { } connectionString)
        {
            return (connectionString, null);
        }

        var uriText = NonEmpty(configuration[uriKey])
            ?? NonEmpty(configuration[$"{WebJobsStorage}:{service}ServiceUri"])
            ?? (NonEmpty(configuration[$"{WebJobsStorage}:accountName"]) is { } account ? $"https://{account}.{service}.{AzureCloud.From(configuration).StorageSuffix}" : null);
        if (uriText is null)
        {
            throw new InvalidOperationException(
                $"No {service} storage configured: set {ConnectionStringKey} (or the {WebJobsStorage} connection string), "
                + $"or {uriKey} to use the managed identity, e.g. https://<account>.{service}.{AzureCloud.From(configuration).StorageSuffix}.");
        }
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"{uriKey} '{uriText}' is not an absolute http(s) URI, e.g. https://<account>.{service}.{AzureCloud.From(configuration).StorageSuffix}.");
        }
        return (null, uri);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
