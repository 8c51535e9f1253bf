using System.ComponentModel.DataAnnotations;
using Outreach.Adapters.Sms.Tencent;

namespace Outreach.Adapters;

/// <summary>
/// The SMS gateway and where templates are overridden: a folder, or a blob container of the app's storage account.
/// The gateway is ACS (<c>Sms__ConnectionString</c>, or <c>Sms__Endpoint</c> with the managed identity, and a
/// <see cref="From"/> number) or, with <c>Sms__Provider=tencent</c>, Tencent Cloud SMS (<see cref="Tencent"/>). Until the
/// chosen one's settings are complete (the infrastructure sets the ACS endpoint before a number is bought), reminders
/// stay in the outbox (<c>kept-local</c>).
/// </summary>
public sealed class SmsOptions
{
    /// <summary>Which gateway sends: <c>acs</c> (the default) or <c>tencent</c>, which reaches mainland Chinese phones.</summary>
    public string Provider { get; set; } = "acs";

    /// <summary>The Tencent Cloud SMS account (<c>Sms__Tencent__…</c>), used when <see cref="Provider"/> is <c>tencent</c>.</summary>
    public TencentSmsOptions Tencent { get; set; } = new();

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

    public bool IsTencent => string.Equals(Provider?.Trim(), "tencent", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Messages leave the machine: for ACS a connection string or endpoint and a <see cref="From"/> number, for Tencent
    /// its credentials (the rest of its settings are then required). The other provider's settings do not count.
    /// </summary>
    public bool HasGateway => IsTencent
        ? Tencent.HasCredentials
        : (!string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(Endpoint)) && !string.IsNullOrWhiteSpace(From);
}
