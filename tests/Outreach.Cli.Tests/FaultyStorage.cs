using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Outreach.Cli.Tests;

/// <summary>
/// The HTTP transport of the Azure SDK with storage faults injected under its retry policy: each attempt a request
/// makes may be answered 503 Server Busy or 500, or fail as a reset connection or a network timeout, as a storage
/// account does on a bad day. <see cref="Flaky"/> fails the first attempt of every third request (the SDK's retries
/// must absorb it); <see cref="DownAfter"/> lets <c>n</c> requests through and then fails every attempt (storage gone).
/// </summary>
public sealed class FaultyStorage : HttpPipelineTransport, IDisposable
{
    private static readonly string[] Faults = ["503", "reset", "timeout", "500"];
    private readonly HttpClientTransport _inner = new();
    private readonly Func<FaultyStorage, int, bool, bool> _fails;
    private readonly Dictionary<string, int> _requests = new(StringComparer.Ordinal);
    private int _attempts;
    private int _faults;

    private FaultyStorage(Func<FaultyStorage, int, bool, bool> fails) => _fails = fails;

    /// <summary>The first attempt of every third request fails, the faults taking turns.</summary>
    public static FaultyStorage Flaky() => new((_, request, first) => first && request % 3 == 2);

    /// <summary>The first <paramref name="requests"/> requests go through; every attempt after them fails.</summary>
    public static FaultyStorage DownAfter(int requests) => new((_, request, _) => request >= requests);

    /// <summary>Attempts that were failed on purpose.</summary>
    public int Injected => Volatile.Read(ref _faults);

    /// <summary>Every attempt, retries included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public override Request CreateRequest() => _inner.CreateRequest();

    public void Dispose() => _inner.Dispose();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Interlocked.Increment(ref _attempts);
        int request;
        bool first;
        // A retry sends the same client request id again.
        lock (_requests)
        {
            first = !_requests.TryGetValue(message.Request.ClientRequestId, out request);
            if (first)
            {
                request = _requests.Count;
                _requests[message.Request.ClientRequestId] = request;
            }
        }
        if (!_fails(this, request, first))
        {
            await _inner.ProcessAsync(message).ConfigureAwait(false);
            return;
        }
        switch (Faults[Interlocked.Increment(ref _faults) % Faults.Length])
        {
            case "503":
                message.Response = new FaultResponse(503, "Server Busy", message.Request.ClientRequestId);
                break;
            case "500":
                message.Response = new FaultResponse(500, "Internal Server Error", message.Request.ClientRequestId);
                break;
            case "reset":
                throw new IOException("Connection reset by peer (injected by the test)");
            default:
                // What Azure.Core's network timeout raises: a cancellation the caller did not ask for.
                throw new TaskCanceledException("The request timed out (injected by the test).");
        }
    }

    /// <summary>An error answer with no body but its status, as storage sends under load.</summary>
    private sealed class FaultResponse(int status, string reason, string clientRequestId) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => reason;

        public override Stream? ContentStream { get; set; } = new MemoryStream();

        public override string ClientRequestId { get; set; } = clientRequestId;

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
