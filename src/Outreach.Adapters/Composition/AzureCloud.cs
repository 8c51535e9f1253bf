using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;

namespace Outreach.Adapters;

/// <summary>
/// The Azure cloud the app and the CLI run against, from <c>Azure:Cloud</c> (<c>Azure__Cloud</c>): global Azure
/// (<c>AzureCloud</c>, the default) or Azure operated by 21Vianet in China (<c>AzureChinaCloud</c>). Storage endpoint
/// names, the sign-in authority and the token audience of storage differ between them, so none of them is assumed.
/// </summary>
/// <remarks>
/// Only what the app derives itself depends on this: explicit service URIs and connection strings (which name their
/// endpoints) are used as given, and in Azure a managed identity signs in without an authority.
/// </remarks>
public sealed record AzureCloud(string Name, string StorageSuffix, Uri AuthorityHost, TableAudience TableAudience, BlobAudience BlobAudience)
{
    public const string Key = "Azure:Cloud";

    public static AzureCloud Global { get; } = new("AzureCloud", "core.windows.net", AzureAuthorityHosts.AzurePublicCloud, TableAudience.AzurePublicCloud, BlobAudience.DefaultAudience);

    public static AzureCloud China { get; } = new("AzureChinaCloud", "core.chinacloudapi.cn", AzureAuthorityHosts.AzureChina, TableAudience.AzureChina,
        new BlobAudience("https://storage.azure.cn"));

    /// <summary>The cloud the settings name; <see cref="Global"/> when they name none.</summary>
    /// <exception cref="InvalidOperationException">A name that is neither.</exception>
    public static AzureCloud From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration[Key]?.Trim();
        return string.IsNullOrEmpty(name) || name.Equals(Global.Name, StringComparison.OrdinalIgnoreCase) ? Global
            : name.Equals(China.Name, StringComparison.OrdinalIgnoreCase) ? China
            : throw new InvalidOperationException($"{Key} (Azure__Cloud) '{name}' is not a cloud this app knows: {Global.Name} (the default) or {China.Name}.");
    }

    /// <summary>Signs in as <see cref="DefaultAzureCredential"/> does, at this cloud's authority (az login, a managed identity, …).</summary>
    public DefaultAzureCredential Credential() => new(new DefaultAzureCredentialOptions { AuthorityHost = AuthorityHost });
}
