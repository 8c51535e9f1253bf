using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Adapters.Tests.Tables;

/// <summary>
/// An import spanning batches, partitions and tables is all or nothing whichever write fails: for every N, the Nth
/// write of the import is refused (a policy in the Azure SDK pipeline, before its retries); then the roster is the one
/// before, or the import has committed and completing it gives the one after; and running it again completes it.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ImportJournalTests(AzuriteFixture azurite)
{
    private static readonly string[] Grids = ["g-0", "g-1", "g-2", "g-3"];

    [Fact]
    public async Task Failing_the_nth_write_for_every_n_leaves_the_roster_before_or_committed_and_completable()
    {
        var writes = await CountWritesAsync();
        Assert.True(writes >= 15, $"the import is {writes} writes: too few to span batches, partitions and tables");

        for (var n = 1; n <= writes; n++)
        {
            var prefix = AzuriteFixture.NewPrefix();
            var clean = TableStores.Create(azurite.ConnectionString, prefix);
            await clean.Roster.ImportAsync(Before());
            var before = await SnapshotAsync(clean.Roster);
            var faulty = Stores(prefix, new FailNthWrite(n));

            await Assert.ThrowsAnyAsync<Exception>(() => faulty.Roster.ImportAsync(Change()));

            var committed = await CommittedAsync(clean);
            if (!committed)
            {
                Assert.True(before == await SnapshotAsync(clean.Roster), $"write {n} of {writes} failed before the commit and the roster changed");
            }
            Assert.Equal(committed ? 1 : 0, await clean.Roster.CompleteImportsAsync());
            Assert.True((committed ? After : before) == await SnapshotAsync(clean.Roster), $"write {n} of {writes}: completing gave neither the roster before nor after");
            await clean.Roster.ImportAsync(Change());
            Assert.True(After == await SnapshotAsync(clean.Roster), $"write {n} of {writes}: running the import again did not complete it");
            Assert.Empty(await JournalRowsAsync(clean));
        }
    }

    [Fact]
    public async Task An_import_set_aside_by_a_run_that_started_meanwhile_fails_clearly_and_leaves_nothing_behind()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var clean = TableStores.Create(azurite.ConnectionString, prefix);
        await clean.Roster.ImportAsync(Before());
        var before = await SnapshotAsync(clean.Roster);
        var gate = new HoldFirstBatch();
        var import = Stores(prefix, gate).Roster.ImportAsync(Change());
        await gate.Held.WaitAsync(TimeSpan.FromMinutes(1));

        // Another import or plan run starts while this one is being staged.
        Assert.Equal(0, await clean.Roster.CompleteImportsAsync());
        gate.Release();

        var error = await Assert.ThrowsAsync<Outreach.Planning.ConcurrentChangeException>(() => import);
        Assert.Contains("nothing was changed. Run the import again", error.Message, StringComparison.Ordinal);
        Assert.True(before == await SnapshotAsync(clean.Roster), "the roster changed");
        Assert.Empty(await JournalRowsAsync(clean));
        await clean.Roster.ImportAsync(Change());
        Assert.True(After == await SnapshotAsync(clean.Roster));
    }

    [Fact]
    public async Task An_import_that_one_transaction_holds_writes_no_journal()
    {
        var counter = new FailNthWrite(int.MaxValue);
        var stores = Stores(AzuriteFixture.NewPrefix(), counter);

        await stores.Roster.ImportAsync(new RosterChange { Grids = [new Grid("g-0", "第零网格", "凯地家园")] });

        // Creating the grids table, then the one batch.
        Assert.Equal(2, counter.Writes);
    }

    private static string After { get; } = Describe(
        Grids.Select(g => $"grid {g}")
            .Concat(Enumerable.Range(0, 120).Select(i => $"visitor v-{i:D3} 新{i}"))
            .Concat(Enumerable.Range(0, 150).Select(i => $"target {(i < 10 ? "g-3" : $"g-{i % 3}")} h-{i:D3} 新{i}")));

    private static RosterChange Before() => new()
    {
        Grids = Grids.Select(g => new Grid(g, g, "凯地家园")).ToList(),
        Visitors = Enumerable.Range(0, 100).Select(i => Visitor(i, "旧")).ToList(),
        Targets = Enumerable.Range(0, 150).Select(i => Household(i, $"g-{i % 3}", "旧")).ToList(),
    };

    /// <summary>New names for all, 20 more visitors, and ten households moved to g-3: three tables, five partitions, many batches.</summary>
    private static RosterChange Change() => new()
    {
        Visitors = Enumerable.Range(0, 120).Select(i => Visitor(i, "新")).ToList(),
        Targets = Enumerable.Range(0, 150).Select(i => Household(i, i < 10 ? "g-3" : $"g-{i % 3}", "新")).ToList(),
        MovedFrom = Enumerable.Range(0, 10).Select(i => Household(i, $"g-{i % 3}", "旧")).Where(t => t.Grid != "g-3").ToList(),
    };

    private static Visitor Visitor(int i, string name) => new($"v-{i:D3}", name + i, "+8613800138001", "grid-member", ["g-0"], 10, [], null);

    private static Target Household(int i, string grid, string name) => new($"h-{i:D3}", TargetKind.Household, name + i, grid, []);

    private static async Task<string> SnapshotAsync(TableRosterStore roster)
    {
        var rows = (await roster.GetGridsAsync()).Select(g => $"grid {g.Id}")
            .Concat((await roster.GetVisitorsAsync()).Select(v => $"visitor {v.Id} {v.Name}"))
            .ToList();
        foreach (var grid in Grids)
        {
            rows.AddRange((await roster.GetTargetsAsync(grid)).Select(t => $"target {t.Grid} {t.Id} {t.Name}"));
        }
        return Describe(rows);
    }

    private static string Describe(IEnumerable<string> rows) => string.Join('\n', rows.Order(StringComparer.Ordinal));

    private async Task<int> CountWritesAsync()
    {
        var prefix = AzuriteFixture.NewPrefix();
        await TableStores.Create(azurite.ConnectionString, prefix).Roster.ImportAsync(Before());
        var counter = new FailNthWrite(int.MaxValue);
        await Stores(prefix, counter).Roster.ImportAsync(Change());
        Assert.True(After == await SnapshotAsync(TableStores.Create(azurite.ConnectionString, prefix).Roster));
        return counter.Writes;
    }

    private static async Task<bool> CommittedAsync(TableStores stores) =>
        (await JournalRowsAsync(stores)).Any(r => r.PartitionKey == "import" && r.GetString("State") == "committed");

    private static async Task<List<TableEntity>> JournalRowsAsync(TableStores stores)
    {
        var table = stores.Service.GetTableClient(stores.Options.Imports);
        await table.CreateIfNotExistsAsync();
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }
        return rows;
    }

    private TableStores Stores(string prefix, HttpPipelinePolicy policy)
    {
        var options = new TableClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return TableStores.Create(new TableServiceClient(azurite.ConnectionString, options), new TableStorageOptions { TablePrefix = prefix });
    }

    /// <summary>Holds the first batch (a staging batch: the header is a single insert) until released.</summary>
    private sealed class HoldFirstBatch : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _batches;

        public Task Held => _held.Task;

        public void Release() => _released.TrySetResult();

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && Interlocked.Increment(ref _batches) == 1)
            {
                _held.TrySetResult();
                await _released.Task.ConfigureAwait(false);
            }
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
    }

    /// <summary>Counts the requests that write (every method but GET) and refuses the Nth, as storage refusing a batch.</summary>
    private sealed class FailNthWrite(int n) : HttpPipelinePolicy
    {
        private int _writes;

        public int Writes => _writes;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Count(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Count(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Count(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Get && Interlocked.Increment(ref _writes) == n)
            {
                throw new RequestFailedException(503, $"write {n} refused by the test");
            }
        }
    }
}
