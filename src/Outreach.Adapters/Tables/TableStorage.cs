using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Sockets;
using Azure;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace Outreach.Adapters;

/// <summary>
/// What both stores share: the service client, the table names, tables created once per instance, and
/// the translation of "cannot connect" into <see cref="StorageUnavailableException"/>.
/// </summary>
internal sealed class TableStorage
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public TableStorage(TableServiceClient service, TableStorageOptions options)
    {
        Service = service;
        Options = options.Validate();
    }

    public TableServiceClient Service { get; }

    public TableStorageOptions Options { get; }

    /// <summary>
    /// Client options that fail fast on an unreachable endpoint: a short connect timeout and few retries, so
    /// a stopped Azurite is reported in seconds; a generous per-request timeout for large pages and batches.
    /// </summary>
    /// <param name="transport">Replaces the shared transport (tests: one that trusts their emulator's certificate).</param>
    public static TableClientOptions CreateClientOptions(HttpPipelineTransport? transport = null)
    {
        var options = new TableClientOptions
        {
            Transport = transport ?? new HttpClientTransport(SharedHandler),
        };
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        return options;
    }

    // One handler for every client in the process: pooled connections, and a connect timeout that the
    // default transport does not let us set.
    private static readonly SocketsHttpHandler SharedHandler = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(1.5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>The table, created on first use; a failed creation is retried on the next call.</summary>
    public async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken)
    {
        var lazy = _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateAsync(n)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompleted && !lazy.Value.IsCompletedSuccessfully)
            {
                _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(name, lazy));
            }
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var client = Service.GetTableClient(name);
        await client.CreateIfNotExistsAsync().ConfigureAwait(false);
        return client;
    }

    public async Task RunAsync(Func<Task> operation, CancellationToken cancellationToken)
    {
        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (Unreachable(ex, cancellationToken) is { } reason)
        {
            throw new StorageUnavailableException(Service.Uri, reason, ex);
        }
    }

    public async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (Unreachable(ex, cancellationToken) is { } reason)
        {
            throw new StorageUnavailableException(Service.Uri, reason, ex);
        }
    }

    /// <summary>Why the endpoint could not be reached, or null when the failure is something else.</summary>
    internal static string? Unreachable(Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case StorageUnavailableException:
                return null;
            case AggregateException aggregate:
                // Azure.Core's retry policy reports "Retry failed after N tries" with every attempt inside.
                string? last = null;
                foreach (var inner in aggregate.InnerExceptions)
                {
                    last = Unreachable(inner, cancellationToken);
                    if (last is null)
                    {
                        return null;
                    }
                }
                return last;
            case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                return "timed out";
            case RequestFailedException { Status: 0 } failed:
                return failed.InnerException is null ? "no response" : Reason(failed.InnerException);
            case HttpRequestException or SocketException or IOException:
                return Reason(exception);
            case RequestFailedException { Status: >= 500 } failing:
                // Azure.Core retried it (TableStorage.CreateClientOptions): the last answer stands for all.
                return $"it answered {failing.Status}{(failing.ErrorCode is { } code ? " " + code : "")} to every try";
            default:
                return null;
        }
    }

    private static string Reason(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData => "host not found",
                    SocketError.TimedOut => "timed out",
                    _ => socket.Message,
                };
            }
            if (e is TimeoutException or OperationCanceledException)
            {
                return "timed out";
            }
        }
        return exception.Message;
    }
}
