namespace Outreach.Functions.Hosting;

/// <summary>
/// The SMS gateway (<c>Sms__ConnectionString</c>, or <c>Sms__Endpoint</c> with the managed identity) and the
/// template override folder. Without a gateway setting and a <see cref="From"/> number (the infrastructure sets the
/// endpoint before a number is bought), reminders stay in the outbox (<c>kept-local</c>).
/// </summary>
public sealed class SmsOptions
{
    /// <summary><c>endpoint=https://….communication.azure.com/;accesskey=…</c>; a secret, keep it in Key Vault.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The ACS resource endpoint, used with the managed identity when there is no connection string.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The sending number (E.164); while empty, nothing is sent.</summary>
    public string? From { get; set; }

    /// <summary>A folder whose <c>{name}.{culture}.scriban</c> files override the built-in templates.</summary>
    public string? TemplateFolder { get; set; }

    public bool HasGateway => (!string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(Endpoint)) && !string.IsNullOrWhiteSpace(From);
}
