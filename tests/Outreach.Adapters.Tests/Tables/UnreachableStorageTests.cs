using Outreach.Testing;

namespace Outreach.Adapters.Tests.Tables;

public sealed class UnreachableStorageTests
{
    [Fact]
    public async Task A_closed_port_fails_with_one_clear_exception_naming_the_endpoint()
    {
        var port = AzuriteFixture.ClosedPort();
        var endpoint = $"http://127.0.0.1:{port}/devstoreaccount1";
        var stores = TableStores.Create(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
            + $"TableEndpoint={endpoint};");

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => stores.Roster.GetGridsAsync());

        Assert.Equal($"Cannot reach table storage at {endpoint}: connection refused. Start Azurite (npm run azurite) or pass --storage.", error.Message);
        Assert.Equal(new Uri(endpoint), error.Endpoint);
    }

    [Fact]
    public void An_account_elsewhere_is_not_told_to_start_azurite()
    {
        var error = new StorageUnavailableException(new Uri("https://outreachdata.table.core.windows.net/"), "name not resolved");

        Assert.Equal("Cannot reach table storage at https://outreachdata.table.core.windows.net: name not resolved. Check the account name in --storage and that this network reaches it.", error.Message);
    }

    [Fact]
    public async Task Every_store_call_reports_the_same_exception()
    {
        var closed = TableStores.Create(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
            + $"TableEndpoint=http://127.0.0.1:{AzuriteFixture.ClosedPort()}/devstoreaccount1;");

        await Assert.ThrowsAsync<StorageUnavailableException>(() => closed.Visits.GetVisitAsync("g~20261001~t"));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => closed.Visits.ApplyAsync(
            [new Planning.Visit("t", Roster.TargetKind.Enterprise, "g", new(2026, 10, 1), ["v"], 0, new(2026, 10, 1), new(2026, 10, 1), new(2026, 10, 1))], []));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => closed.Roster.SaveGridsAsync([new Roster.Grid("g", "G", "A")]));
    }
}
