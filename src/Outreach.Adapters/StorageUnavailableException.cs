namespace Outreach.Adapters;

/// <summary>
/// Table storage could not be reached at all (connection refused, DNS failure, timeout): the one error
/// callers show to a person, with the endpoint and what to do about it.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(Uri endpoint, string reason, Exception? innerException = null)
        : base($"Cannot reach table storage at {endpoint.ToString().TrimEnd('/')}: {reason}. {Fix(endpoint)}", innerException)
    {
        Endpoint = endpoint;
    }

    // The emulator on this machine, or an account somewhere else.
    private static string Fix(Uri endpoint) => endpoint.IsLoopback
        ? "Start Azurite (npm run azurite) or pass --storage."
        : "Check the account name in --storage and that this network reaches it.";

    public Uri Endpoint { get; }
}
