using Outreach.Adapters;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

/// <summary>
/// Storage faults rehearsed through the Azure SDK's own pipeline (<see cref="FaultyStorage"/>): 503, 500, reset
/// connections and timeouts that the SDK's retries absorb change nothing a coordinator sees; storage that stays down is
/// exit 2 with one line naming the cause, and an import it interrupts is whole after the next run.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class StorageFaultTests(AzuriteFixture azurite)
{
    private const string Now = "--now=2026-12-07T09:00";

    [Fact]
    public async Task On_flaky_storage_import_plan_and_visits_give_what_they_give_on_healthy_storage()
    {
        var healthy = CliRun.In(azurite);
        var storage = FaultyStorage.Flaky();
        var flaky = CliRun.In(azurite);
        flaky.StorageTransport = storage;

        var expected = await RunAsync(healthy);
        var actual = await RunAsync(flaky);

        Assert.True(storage.Injected > 20, $"only {storage.Injected} faults were injected");
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(14)]
    public async Task Storage_that_goes_down_mid_import_is_exit_2_with_one_line_and_the_next_run_makes_the_import_whole(int requests)
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        cli.Write("more.csv", Visitors(250));
        cli.StorageTransport = FaultyStorage.DownAfter(requests);

        var (code, output, error) = await cli.RunAsync("import", "visitors", "more.csv");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.StartsWith("Cannot reach table storage at ", error, StringComparison.Ordinal);
        Assert.Matches("(answered 50[03] to every try|reset|timed out)", error);
        cli.StorageTransport = null;
        var (again, _, _) = await cli.RunAsync("import", "visitors", "more.csv");
        Assert.Equal(0, again);
        var visitors = await TableStores.Create(azurite.ConnectionString, cli.Prefix).Roster.GetVisitorsAsync();
        Assert.Equal(3 + 250, visitors.Count);
        Assert.Equal(250, visitors.Count(v => v.Name.StartsWith("访问员", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Composing_reminders_cut_off_at_every_point_composes_the_rest_next_time_and_nothing_twice()
    {
        var healthy = CliRun.In(azurite);
        var cut = CliRun.In(azurite);
        foreach (var cli in new[] { healthy, cut })
        {
            await cli.ImportSmallRosterAsync();
            await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        }
        await healthy.RunAsync("remind", "--at", "2026-12-07T18:00", Now);

        var failed = 0;
        for (var requests = 0; requests < 40; requests++)
        {
            cut.StorageTransport = FaultyStorage.DownAfter(requests);
            var (code, _, error) = await cut.RunAsync("remind", "--at", "2026-12-07T18:00", Now);
            Assert.True(code is 0 or 2, error);
            failed += code == 2 ? 1 : 0;
        }
        cut.StorageTransport = null;
        await cut.RunAsync("remind", "--at", "2026-12-07T18:00", Now);

        Assert.True(failed >= 5, $"only {failed} runs were cut off");
        var expected = (await healthy.RunAsync("outbox", "--format", "json", Now)).Out;
        Assert.Contains("evening-digest", expected, StringComparison.Ordinal);
        Assert.Equal(expected, (await cut.RunAsync("outbox", "--format", "json", Now)).Out);
    }

    [Fact]
    public async Task Planning_cut_off_at_every_point_then_run_again_writes_the_undisturbed_plan_and_no_visit_twice()
    {
        var healthy = CliRun.In(azurite);
        var cut = CliRun.In(azurite);
        await healthy.ImportSmallRosterAsync();
        await cut.ImportSmallRosterAsync();
        await healthy.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);

        var failed = 0;
        for (var requests = 0; requests < 30; requests++)
        {
            cut.StorageTransport = FaultyStorage.DownAfter(requests);
            var (code, _, error) = await cut.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
            Assert.True(code is 0 or 2, error);
            failed += code == 2 ? 1 : 0;
        }
        cut.StorageTransport = null;
        await cut.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);

        Assert.True(failed >= 5, $"only {failed} runs were cut off");
        var expected = (await healthy.RunAsync("visits", "--from", "2026-12-07", "--to", "2027-01-03", "--format", "csv", Now)).Out;
        Assert.True(expected.Split('\n').Length > 10, expected);
        Assert.Equal(expected, (await cut.RunAsync("visits", "--from", "2026-12-07", "--to", "2027-01-03", "--format", "csv", Now)).Out);
    }

    [Fact]
    public async Task Reads_from_storage_that_is_down_are_exit_2_with_one_line()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        cli.StorageTransport = FaultyStorage.DownAfter(0);

        var (code, _, error) = await cli.RunAsync("visits", "--from", "2026-12-07", "--to", "2026-12-13", Now);

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(CliRun cli)
    {
        await cli.ImportSmallRosterAsync();
        cli.Write("more.csv", Visitors(250));
        var imported = await cli.RunAsync("import", "visitors", "more.csv");
        Assert.True(imported.Code == 0, imported.Error);
        var planned = await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        Assert.True(planned.Code == 0, planned.Error);
        var listed = await cli.RunAsync("visits", "--from", "2026-12-07", "--to", "2027-01-03", "--format", "csv", Now);
        Assert.True(listed.Code == 0, listed.Error);
        return planned.Out + listed.Out;
    }

    private static string Visitors(int count) =>
        "id,name,phone,role,grids,weekly_capacity\n" + string.Concat(Enumerable.Range(1, count).Select(i =>
            FormattableString.Invariant($"w{i},访问员{i},1390013{i:D4},grid-member,xs-1;xs-2,3\n")));
}
