using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Outreach.Adapters;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

/// <summary>
/// The CLI killed (SIGKILL) in the middle of a 20,000-household import, as a coordinator's laptop dies: killed while the
/// import is staged, the roster is the one before; killed once it has committed, it is completed by the next run; and
/// running the import again gives exactly the roster of an undisturbed import, with no row twice.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ImportKillTests(AzuriteFixture azurite)
{
    private const int Households = 20_000;

    [Theory]
    [InlineData("staging")]
    [InlineData("committed")]
    public async Task Killed_mid_import_the_roster_is_before_or_committed_and_the_next_run_completes_it(string killAt)
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        var stores = TableStores.Create(azurite.ConnectionString, cli.Prefix);
        var before = await SnapshotAsync(stores);
        cli.Write("big.csv", "id,address,grid,head_name\n" + string.Concat(Enumerable.Range(0, Households).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"b{i:D5},凯地家园{i / 100}号楼{i % 100},{(i % 2 == 0 ? "xs-1" : "xs-2")},户主{i}\n"))));

        using var process = StartCli(cli, "import", "households", "big.csv");
        var journal = stores.Service.GetTableClient(stores.Options.Imports);
        await WaitForAsync(journal, killAt, process);
        if (process.HasExited)
        {
            Assert.Fail($"the import ended before it could be killed at '{killAt}': {await process.StandardError.ReadToEndAsync()}");
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();

        var committed = await StateAsync(journal) == "committed";
        Assert.Equal(killAt == "committed", committed);
        if (!committed)
        {
            Assert.Equal(before, await SnapshotAsync(stores));
        }
        // The next run completes a committed import by itself, before anything else: as plan and import do first.
        Assert.Equal(committed ? 1 : 0, await stores.Roster.CompleteImportsAsync());
        Assert.Equal(committed ? before.Count + Households : before.Count, (await SnapshotAsync(stores)).Count);
        var (code, output, error) = await cli.RunAsync("import", "households", "big.csv");

        Assert.True(code == 0, error);
        Assert.Matches(@"\b20,?000\b", output);
        var after = await SnapshotAsync(stores);
        Assert.Equal(before.Count + Households, after.Count);
        Assert.Equal(Households, after.Count(t => t.StartsWith('b')));
        Assert.Equal(after.Count, after.Distinct().Count());
        Assert.Null(await StateAsync(journal));
    }

    private static Process StartCli(CliRun cli, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = cli.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "outreach.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment[OutreachCli.StorageVariable] = cli.Storage;
        start.Environment[OutreachCli.TablePrefixVariable] = cli.Prefix;
        return Process.Start(start) ?? throw new InvalidOperationException("the CLI did not start");
    }

    /// <summary>Polls the journal until the import is in <paramref name="state"/> (or the CLI has ended).</summary>
    private static async Task WaitForAsync(TableClient journal, string state, Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (!process.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                if (await StateAsync(journal) == state)
                {
                    return;
                }
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                // the journal table is created by the import
            }
            await Task.Delay(5);
        }
    }

    private static async Task<string?> StateAsync(TableClient journal)
    {
        await foreach (var header in journal.QueryAsync<TableEntity>(e => e.PartitionKey == "import"))
        {
            return header.GetString("State");
        }
        return null;
    }

    private static async Task<List<string>> SnapshotAsync(TableStores stores)
    {
        var rows = new List<string>();
        foreach (var grid in new[] { "xs-1", "xs-2", "kd-1" })
        {
            rows.AddRange((await stores.Roster.GetTargetsAsync(grid)).Select(t => $"{t.Id} {t.Grid} {t.Name} {t.Contact}"));
        }
        return rows.Order(StringComparer.Ordinal).ToList();
    }
}
