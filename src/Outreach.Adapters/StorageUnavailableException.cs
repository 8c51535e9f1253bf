namespace Outreach.Adapters;

/// <summary>
/// Table (or queue) storage could not be reached at all (connection refused, DNS failure, timeout): the one error
/// callers show to a person, with the endpoint and what to do about it.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(Uri endpoint, string reason, Exception? innerException = null)
        : this(endpoint, reason, innerException, "table storage")
    {
    }

    /// <param name="service">What could not be reached, for the message: <c>table storage</c>, <c>queue storage</c>.</param>
    public StorageUnavailableException(Uri endpoint, string reason, Exception? innerException, string service)
        : base($"Cannot reach {service} at {endpoint.ToString().TrimEnd('/')}: {reason}. {Fix(endpoint)}", innerException)
    {
        Endpoint = endpoint;
    }

    // The emulator on this machine, or an account somewhere else.
    private static string Fix(Uri endpoint) => endpoint.IsLoopback
        ? "Start Azurite (npm run azurite) or pass --storage."
        : "Check the account name in --storage and that this network reaches it.";

    public Uri Endpoint { get; }
}
