namespace Outreach.Azure;

/// <summary>
/// Table storage could not be reached at all (connection refused, DNS failure, timeout): the one error
/// callers show to a person, with the endpoint and what to do about it.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(Uri endpoint, string reason, Exception? innerException = null)
        : base($"Cannot reach table storage at {endpoint.ToString().TrimEnd('/')}: {reason}. Start Azurite (npm run azurite) or pass --storage.", innerException)
    {
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }
}
