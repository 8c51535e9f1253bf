using Azure;
using Azure.Data.Tables;
using Outreach.Problems;

namespace Outreach.Adapters;

/// <summary>Problems in the <c>visits</c> table, one row each beside the grid's visits (see <see cref="ProblemRows"/>).</summary>
public sealed class TableProblemStore : IProblemStore
{
    private const int MaxPerPage = 1000;

    private readonly TableStorage _storage;

    internal TableProblemStore(TableStorage storage) => _storage = storage;

    public Task<StoredProblem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (ProblemRows.Keys(id) is not var (partition, row))
        {
            return Task.FromResult<StoredProblem?>(null);
        }
        return _storage.RunAsync(async () =>
        {
            var table = await _storage.TableAsync(_storage.Options.Visits, cancellationToken).ConfigureAwait(false);
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue ? new StoredProblem(ProblemRows.ToProblem(response.Value!), response.Value!.ETag.ToString()) : null;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredProblem>> ListAsync(ProblemFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var clauses = new List<string>
        {
            TableClient.CreateQueryFilter($"RowKey gt {ProblemRows.LowerBound} and RowKey lt {ProblemRows.UpperBound}"),
        };
        if (filter.Grid is { } grid)
        {
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey eq {grid}"));
        }
        if (filter.Status is { } status)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Status eq {status.ToWire()}"));
        }
        if (filter.Department is { } department)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Department eq {department}"));
        }
        if (filter.OpenOnly)
        {
            var open = Enum.GetValues<ProblemStatus>().Where(s => s.IsOpen()).Select(s => TableClient.CreateQueryFilter($"Stage eq {s.ToWire()}"));
            clauses.Add($"({string.Join(" or ", open)})");
        }
        var query = string.Join(" and ", clauses.Select(c => $"({c})"));
        return _storage.RunAsync<IReadOnlyList<StoredProblem>>(async () =>
        {
            var table = await _storage.TableAsync(_storage.Options.Visits, cancellationToken).ConfigureAwait(false);
            var problems = new List<StoredProblem>();
            await foreach (var page in table.QueryAsync<TableEntity>(query, MaxPerPage, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                problems.AddRange(page.Values.Select(e => new StoredProblem(ProblemRows.ToProblem(e), e.ETag.ToString())));
            }
            return problems.OrderBy(p => p.Problem.Grid, StringComparer.Ordinal).ThenBy(p => p.Problem.Id, StringComparer.Ordinal).ToArray();
        }, cancellationToken);
    }

    public Task<string?> TryReplaceAsync(Problem problem, string etag, CancellationToken cancellationToken = default)
    {
        var entity = ProblemRows.Row(problem);
        return _storage.RunAsync(async () =>
        {
            var table = await _storage.TableAsync(_storage.Options.Visits, cancellationToken).ConfigureAwait(false);
            try
            {
                var response = await table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return response.Headers.ETag?.ToString();
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                return null;
            }
        }, cancellationToken);
    }

    public Task<string?> AddAsync(Problem problem, CancellationToken cancellationToken = default)
    {
        var entity = ProblemRows.Row(problem);
        return _storage.RunAsync(async () =>
        {
            var table = await _storage.TableAsync(_storage.Options.Visits, cancellationToken).ConfigureAwait(false);
            try
            {
                var response = await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                return response.Headers.ETag?.ToString();
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return null;
            }
        }, cancellationToken);
    }
}
