using Azure;
using Azure.Data.Tables;

namespace Outreach.Adapters;

/// <summary>
/// Makes a roster import all or nothing across batches, partitions and tables, which Table Storage's transactions
/// (one partition, 100 rows) cannot: the import is written twice, first where nobody reads it, then where everybody does.
/// <list type="number">
/// <item><b>Stage</b>: a header row (partition <c>import</c>, row the import's id, state <c>staging</c>) and every
/// action as a row of partition <c>&lt;import id&gt;</c> of the <c>imports</c> table (the entity's own properties, plus
/// where it goes). The roster is untouched: a failure here leaves it as it was.</item>
/// <item><b>Commit</b>: one write of the header, <c>staging</c> → <c>committed</c>, conditional on its ETag. From here
/// the import will complete.</item>
/// <item><b>Apply</b>: the upserts, then the deletes, in batches to the roster tables. Both may be repeated: an upsert
/// writes the same row again, a delete of a row already gone is done.</item>
/// <item><b>Forget</b>: the staged rows, then the header, are deleted.</item>
/// </list>
/// <see cref="CompleteAsync"/> runs before every import and every plan run: it applies (again) and forgets each
/// committed import, and abandons each one still staging — turning its header to <c>abandoned</c>, conditionally, so
/// that an import that is in fact still running fails at its commit, forgets its own rows and changes nothing — then
/// forgets it. Abandoned headers are deleted last, so a forget that fails part-way is finished by the next run.
/// </summary>
internal sealed class ImportJournal(TableStorage storage)
{
    private const string Headers = "import";
    private const string State = "State";
    private const string Staging = "staging";
    private const string Committed = "committed";
    private const string Abandoned = "abandoned";
    private const string StepCount = "Steps";
    // Where a staged row goes; the entity's own properties never take these names.
    private const string ToTable = "ImportTable";
    private const string ToPartition = "ImportPartition";
    private const string ToRow = "ImportRow";
    private const string Action = "ImportAction";
    private const string Delete = "delete";
    private const int Parallelism = 8;

    /// <summary>One action of an import: an upsert (replace) of <paramref name="Entity"/>, or the delete of its row.</summary>
    public sealed record Step(string Table, TableEntity Entity, bool IsDelete = false);

    public Task RunAsync(IReadOnlyList<Step> steps, CancellationToken cancellationToken) =>
        storage.RunAsync(async () =>
        {
            if (steps.Count == 0)
            {
                return;
            }
            if (IsOneTransaction(steps))
            {
                // One partition of one table, at most 100 rows, all of one kind: Table Storage's own transaction.
                await ApplyAsync(steps, cancellationToken).ConfigureAwait(false);
                return;
            }
            var journal = await storage.TableAsync(storage.Options.Imports, cancellationToken).ConfigureAwait(false);
            var id = Guid.NewGuid().ToString("N");
            var header = new TableEntity(Headers, id) { [State] = Staging, [StepCount] = steps.Count };
            var etag = (await journal.AddEntityAsync(header, cancellationToken).ConfigureAwait(false)).Headers.ETag!.Value;
            var staged = steps.Select((step, i) => Stage(id, i, step)).ToList();
            await Batches.SubmitAllAsync(Batches.Split(journal, Batches.Upserts(staged)), Parallelism, cancellationToken).ConfigureAwait(false);
            await CommitAsync(journal, id, etag, staged, cancellationToken).ConfigureAwait(false);
            await ApplyAsync(steps, cancellationToken).ConfigureAwait(false);
            await ForgetAsync(journal, id, staged.Select(s => s.RowKey), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// The one write after which the import completes. Refused (412, 404): either the write was applied and its answer
    /// lost (the header then reads committed: carry on), or a completer abandoned this import while it was staged (its
    /// rows are forgotten here, and the caller is told to run it again).
    /// </summary>
    private static async Task CommitAsync(TableClient journal, string id, ETag etag, List<TableEntity> staged, CancellationToken cancellationToken)
    {
        try
        {
            await journal.UpdateEntityAsync(new TableEntity(Headers, id) { [State] = Committed, [StepCount] = staged.Count }, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            var now = await journal.GetEntityIfExistsAsync<TableEntity>(Headers, id, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (now.HasValue && now.Value!.GetString(State) == Committed)
            {
                return;
            }
            await ForgetAsync(journal, id, staged.Select(s => s.RowKey), cancellationToken).ConfigureAwait(false);
            throw new Planning.ConcurrentChangeException(
                "Another import or plan started while this import was being written and set it aside: nothing was changed. Run the import again (imports of one roster run one at a time).", e);
        }
    }

    public Task<int> CompleteAsync(CancellationToken cancellationToken) =>
        storage.RunAsync(async () =>
        {
            var journal = await storage.TableAsync(storage.Options.Imports, cancellationToken).ConfigureAwait(false);
            var completed = 0;
            await foreach (var header in journal.QueryAsync<TableEntity>(e => e.PartitionKey == Headers, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (header.GetString(State) == Staging)
                {
                    try
                    {
                        // Abandon it first: an import still writing it then fails at its commit.
                        await journal.UpdateEntityAsync(new TableEntity(Headers, header.RowKey) { [State] = Abandoned }, header.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException e) when (e.Status is 404 or 412)
                    {
                        continue; // it committed (the next run completes it) or was forgotten meanwhile
                    }
                }
                var staged = new List<TableEntity>();
                await foreach (var row in journal.QueryAsync<TableEntity>(e => e.PartitionKey == header.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    staged.Add(row);
                }
                if (header.GetString(State) == Committed)
                {
                    await ApplyAsync(staged.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(Unstage).ToList(), cancellationToken).ConfigureAwait(false);
                    completed++;
                }
                await ForgetAsync(journal, header.RowKey, staged.Select(s => s.RowKey), cancellationToken).ConfigureAwait(false);
            }
            return completed;
        }, cancellationToken);

    private static bool IsOneTransaction(IReadOnlyList<Step> steps) =>
        steps.Count <= Batches.MaxActions
        && steps.Select(s => (s.Table, s.Entity.PartitionKey, s.IsDelete)).Distinct().Count() == 1;

    /// <summary>Upserts first, deletes after: a crash between them leaves a moved target in both grids, never in none.</summary>
    private async Task ApplyAsync(IReadOnlyList<Step> steps, CancellationToken cancellationToken)
    {
        foreach (var deletes in new[] { false, true })
        {
            var batches = new List<Batch>();
            foreach (var table in steps.Where(s => s.IsDelete == deletes).GroupBy(s => s.Table, StringComparer.Ordinal))
            {
                var client = await storage.TableAsync(table.Key, cancellationToken).ConfigureAwait(false);
                var actions = deletes
                    ? table.Select(s => Batches.Delete(s.Entity.PartitionKey, s.Entity.RowKey)).DistinctBy(a => (a.Entity.PartitionKey, a.Entity.RowKey))
                    : Batches.Upserts(table.Select(s => s.Entity));
                batches.AddRange(Batches.Split(client, actions));
            }
            await Batches.SubmitAllAsync(batches, Parallelism, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ForgetAsync(TableClient journal, string id, IEnumerable<string> rows, CancellationToken cancellationToken)
    {
        await Batches.SubmitAllAsync(Batches.Split(journal, rows.Select(row => Batches.Delete(id, row))), Parallelism, cancellationToken).ConfigureAwait(false);
        await Batches.SubmitAsync(new Batch(journal, Headers, [Batches.Delete(Headers, id)]), cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity Stage(string id, int index, Step step)
    {
        var row = new TableEntity(id, index.ToString("D7", System.Globalization.CultureInfo.InvariantCulture))
        {
            [ToTable] = step.Table,
            [ToPartition] = step.Entity.PartitionKey,
            [ToRow] = step.Entity.RowKey,
        };
        if (step.IsDelete)
        {
            row[Action] = Delete;
        }
        foreach (var (name, value) in step.Entity.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")))
        {
            row[name] = value;
        }
        return row;
    }

    private static Step Unstage(TableEntity row)
    {
        var entity = new TableEntity(row.GetString(ToPartition), row.GetString(ToRow));
        foreach (var (name, value) in row.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp" or ToTable or ToPartition or ToRow or Action)))
        {
            entity[name] = value;
        }
        return new Step(row.GetString(ToTable), entity, row.GetString(Action) == Delete);
    }
}
