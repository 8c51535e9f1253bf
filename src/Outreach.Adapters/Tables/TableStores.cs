using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Adapters;

/// <summary>The stores over one account, for callers without DI (the CLI, the bench).</summary>
public sealed record TableStores(TableRosterStore Roster, TableVisitStore Visits, TableServiceClient Service, TableStorageOptions Options)
{
    /// <summary>
    /// Stores over a connection string (<c>UseDevelopmentStorage=true</c> for Azurite on its default ports).
    /// Tables are created on first use; an unreachable endpoint fails within seconds with
    /// <see cref="StorageUnavailableException"/>.
    /// </summary>
    public static TableStores Create(string connectionString, string tablePrefix = "") =>
        Create(CreateServiceClient(connectionString), new TableStorageOptions { TablePrefix = tablePrefix });

    public static TableStores Create(TableServiceClient service, TableStorageOptions options)
    {
        var storage = new TableStorage(service, options);
        return new TableStores(new TableRosterStore(storage), new TableVisitStore(storage), service, storage.Options)
        {
            Problems = new TableProblemStore(storage),
            Outbox = new TableOutboxStore(storage),
            Codes = new TableLinkCodeStore(storage),
            QueueFailures = new TableQueueFailureStore(storage),
            Points = new TablePointsStore(storage),
            RequestLinks = new TableRequestLinkStore(storage),
        };
    }

    /// <param name="transport">Replaces the default transport (tests: one that injects storage faults).</param>
    public static TableServiceClient CreateServiceClient(string connectionString, HttpPipelineTransport? transport = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The storage connection string is empty.", nameof(connectionString));
        }
        try
        {
            return new TableServiceClient(connectionString, TableStorage.CreateClientOptions(transport));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // Never echo the connection string: it holds the account key.
            throw new ArgumentException($"The storage connection string is not valid: {ex.Message}", nameof(connectionString), ex);
        }
    }

    /// <summary>The table service at <paramref name="tableServiceUri"/>, signed in with <paramref name="credential"/> (Entra ID).</summary>
    /// <param name="transport">Replaces the default transport (tests: one that trusts their emulator's certificate).</param>
    /// <param name="audience">The token audience of the cloud (default: global Azure's; see <see cref="AzureCloud"/>).</param>
    public static TableServiceClient CreateServiceClient(Uri tableServiceUri, TokenCredential credential, HttpPipelineTransport? transport = null, TableAudience? audience = null)
    {
        var options = TableStorage.CreateClientOptions(transport);
        options.Audience = audience;
        return new(tableServiceUri, credential, options);
    }

    /// <summary>Problems, in the visits table beside their grid's visits.</summary>
    public required TableProblemStore Problems { get; init; }

    /// <summary>SMS outbox rows and the deny list.</summary>
    public required TableOutboxStore Outbox { get; init; }

    /// <summary>The codes that stand for links, and the counters of failed attempts.</summary>
    public required TableLinkCodeStore Codes { get; init; }

    /// <summary>The last failure of each queue message a function could not handle.</summary>
    public required TableQueueFailureStore QueueFailures { get; init; }

    /// <summary>Points rules, items and every household's passbook.</summary>
    public required TablePointsStore Points { get; init; }
    /// <summary>The generation of each target's request link.</summary>
    public required TableRequestLinkStore RequestLinks { get; init; }

    public IRosterStore RosterStore => Roster;

    public IVisitStore VisitStore => Visits;

    public IProblemStore ProblemStore => Problems;
}
