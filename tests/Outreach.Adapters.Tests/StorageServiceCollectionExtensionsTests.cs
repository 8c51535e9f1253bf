using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Planning;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Adapters.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class StorageServiceCollectionExtensionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_configured_connection_string_gives_working_singleton_stores()
    {
        using var provider = Provider(new()
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = AzuriteFixture.NewPrefix(),
        });

        var roster = provider.GetRequiredService<IRosterStore>();
        await roster.SaveGridsAsync([new Grid("g1", "网格一", "园区")]);

        Assert.Same(roster, provider.GetRequiredService<IRosterStore>());
        Assert.Equal("g1", Assert.Single(await provider.GetRequiredService<IRosterStore>().GetGridsAsync()).Id);
        Assert.Empty(await provider.GetRequiredService<IVisitStore>().GetGridVisitsAsync("g1", new(2026, 1, 1), new(2026, 12, 31)));
    }

    [Fact]
    public void The_functions_storage_connection_string_is_the_fallback()
    {
        using var provider = Provider(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), provider.GetRequiredService<TableServiceClient>().Uri);
    }

    [Fact]
    public void Without_a_connection_string_the_service_uri_is_used_with_a_managed_identity()
    {
        using var provider = Provider(new() { ["Storage:TableServiceUri"] = "https://outreachst.table.core.windows.net" });

        var client = provider.GetRequiredService<TableServiceClient>();

        Assert.Equal("outreachst", client.AccountName);
    }

    [Fact]
    public void Missing_configuration_names_the_settings_to_set()
    {
        using var provider = Provider([]);

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IVisitStore>());

        Assert.Contains("Storage:ConnectionString", error.Message);
        Assert.Contains("Storage:TableServiceUri", error.Message);
    }

    [Theory]
    [InlineData("Storage:BlobServiceUri", "https://outreachst.blob.core.windows.net/")]
    [InlineData("AzureWebJobsStorage:blobServiceUri", "https://outreachst.blob.core.windows.net/")]
    [InlineData("AzureWebJobsStorage:accountName", "outreachst")]
    public void Blobs_are_reached_like_tables_by_the_managed_identity_settings_of_the_host(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var client = StorageServiceCollectionExtensions.CreateBlobServiceClient(configuration);

        Assert.Equal(new Uri("https://outreachst.blob.core.windows.net/"), client.Uri);
    }

    [Fact]
    public void Blobs_use_the_storage_connection_string_first_and_name_the_settings_when_none_is_set()
    {
        var local = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["Storage:BlobServiceUri"] = "https://outreachst.blob.core.windows.net" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => StorageServiceCollectionExtensions.CreateBlobServiceClient(new ConfigurationBuilder().Build()));

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), StorageServiceCollectionExtensions.CreateBlobServiceClient(local).Uri);
        Assert.Contains("Storage:BlobServiceUri", error.Message);
    }

    [Fact]
    public async Task In_azure_china_an_account_is_reached_at_its_china_endpoints_with_tokens_for_china_storage()
    {
        var credential = new RecordingCredential();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = "outreachst",
            ["Azure:Cloud"] = "AzureChinaCloud",
        }).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<Azure.Core.TokenCredential>(credential)
            .AddSingleton<Azure.Core.Pipeline.HttpPipelineTransport>(new RefusingTransport())
            .AddTableStorage(configuration)
            .BuildServiceProvider();

        var tables = provider.GetRequiredService<TableServiceClient>();
        await Assert.ThrowsAnyAsync<Exception>(() => tables.GetTableClient("probe").CreateIfNotExistsAsync());

        Assert.Equal(new Uri("https://outreachst.table.core.chinacloudapi.cn/"), tables.Uri);
        Assert.Contains(credential.Scopes, scope => scope.StartsWith("https://storage.azure.cn", StringComparison.Ordinal));
        credential.Scopes.Clear();
        var blobs = StorageServiceCollectionExtensions.CreateBlobServiceClient(configuration, credential, new RefusingTransport());
        await Assert.ThrowsAnyAsync<Exception>(() => blobs.GetBlobContainerClient("probe").ExistsAsync());
        Assert.Equal(new Uri("https://outreachst.blob.core.chinacloudapi.cn/"), blobs.Uri);
        Assert.Contains(credential.Scopes, scope => scope.StartsWith("https://storage.azure.cn", StringComparison.Ordinal));
        Assert.Equal(Azure.Identity.AzureAuthorityHosts.AzureChina, AzureCloud.From(configuration).AuthorityHost);
    }

    [Fact]
    public void A_cloud_the_app_does_not_know_is_refused_naming_the_setting_and_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Provider(new() { ["Azure:Cloud"] = "AzureGermanCloud" }));

        Assert.Contains("Azure__Cloud", error.Message);
        Assert.Contains("AzureChinaCloud", error.Message);
    }

    [Fact]
    public void An_invalid_table_prefix_is_rejected_at_registration()
    {
        var error = Assert.Throws<ArgumentException>(() => Provider(new() { ["Storage:TablePrefix"] = "t-1" }));

        Assert.Contains("t-1", error.Message);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddTableStorage(configuration).BuildServiceProvider();
    }

    /// <summary>Hands out a dummy token and remembers the scopes it was asked for.</summary>
    private sealed class RecordingCredential : Azure.Core.TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new Azure.Core.AccessToken("token", DateTimeOffset.MaxValue);
        }

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }

    /// <summary>Sends nothing anywhere: the request fails here, after it was signed.</summary>
    private sealed class RefusingTransport : Azure.Core.Pipeline.HttpPipelineTransport
    {
        public override Azure.Core.Request CreateRequest() => new Azure.Core.Pipeline.HttpClientTransport().CreateRequest();

        public override void Process(Azure.Core.HttpMessage message) => throw new HttpRequestException("no network in this test");

        public override ValueTask ProcessAsync(Azure.Core.HttpMessage message) => throw new HttpRequestException("no network in this test");
    }
}
