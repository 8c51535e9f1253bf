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
}
