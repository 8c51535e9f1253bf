using System.ComponentModel.DataAnnotations;

namespace Outreach.Adapters;

/// <summary>
/// The SMS gateway (<c>Sms__ConnectionString</c>, or <c>Sms__Endpoint</c> with the managed identity) and where
/// templates are overridden: a folder, or a blob container of the app's storage account. Without a gateway setting and a <see cref="From"/> number (the infrastructure sets the
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

    /// <summary>
    /// A blob container (in the storage account of the tables) whose <c>{name}.{culture}.scriban</c> blobs override the
    /// built-in templates; read at start and again every <see cref="TemplatesRefreshMinutes"/>.
    /// </summary>
    public string? TemplatesContainer { get; set; }

    /// <summary>How often the container is checked for changed blobs (by ETag); 1 to 1440, default 5.</summary>
    [Range(1, 1440)]
    public int TemplatesRefreshMinutes { get; set; } = 5;

    public bool HasGateway => (!string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(Endpoint)) && !string.IsNullOrWhiteSpace(From);
}
