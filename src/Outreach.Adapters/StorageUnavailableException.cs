namespace Outreach.Adapters;

/// <summary>
/// Table (or queue) storage could not be reached at all (connection refused, DNS failure, timeout, a reset
/// connection), or kept failing the request (5xx) through every retry of the Azure SDK: the one error callers show to
/// a person, with the endpoint and what to do about it.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(Uri endpoint, string reason, Exception? innerException = null)
        : this(endpoint, reason, innerException, "table storage")
    {
    }

    /// <param name="service">What could not be reached, for the message: <c>table storage</c>, <c>queue storage</c>.</param>
    public StorageUnavailableException(Uri endpoint, string reason, Exception? innerException, string service)
        : base($"Cannot reach {service} at {endpoint.ToString().TrimEnd('/')}: {reason}. {Fix(endpoint, innerException)}", innerException)
    {
        Endpoint = endpoint;
    }

    // A service that answers but fails; the emulator on this machine; an account somewhere else.
    private static string Fix(Uri endpoint, Exception? inner) =>
        inner is Azure.RequestFailedException { Status: >= 500 } ? "It is busy or failing: try again in a few minutes."
        : endpoint.IsLoopback ? "Start Azurite (npm run azurite) or pass --storage."
        : "Check the account name in --storage and that this network reaches it.";

    public Uri Endpoint { get; }
}
