using Outreach.Planning;
using Outreach.Problems;

namespace Outreach.Core.Tests;

/// <summary>
/// A visit store that lets another writer in just before each of its first <paramref name="races"/> writes: the race
/// a test wants, every time, and lost honestly on the inner store's ETags.
/// </summary>
internal sealed class RacingVisitStore(IVisitStore inner, Func<Task> meanwhile, int races = 1) : IVisitStore
{
    /// <summary>How many writes were tried through this store.</summary>
    public int Writes { get; private set; }

    public async Task ApplyAsync(IReadOnlyList<Visit> upserts, IReadOnlyList<Visit> deletes, CancellationToken cancellationToken = default)
    {
        await BeforeWriteAsync();
        await inner.ApplyAsync(upserts, deletes, cancellationToken);
    }

    public async Task<string?> TryReplaceAsync(Visit visit, string etag, CancellationToken cancellationToken = default)
    {
        await BeforeWriteAsync();
        return await inner.TryReplaceAsync(visit, etag, cancellationToken);
    }

    public async Task<string?> TryReplaceWithProblemsAsync(Visit visit, string etag, IReadOnlyList<Problem> problems, CancellationToken cancellationToken = default)
    {
        await BeforeWriteAsync();
        return await inner.TryReplaceWithProblemsAsync(visit, etag, problems, cancellationToken);
    }

    public Task<IReadOnlyList<Visit>> GetGridVisitsAsync(string grid, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) => inner.GetGridVisitsAsync(grid, from, to, cancellationToken);

    public Task<IReadOnlyList<Visit>> GetVisitorVisitsAsync(string visitorId, IReadOnlyCollection<string> grids, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) => inner.GetVisitorVisitsAsync(visitorId, grids, from, to, cancellationToken);

    public Task<IReadOnlyList<Visit>> GetTargetVisitsAsync(string grid, string targetId, CancellationToken cancellationToken = default) => inner.GetTargetVisitsAsync(grid, targetId, cancellationToken);

    public Task<IReadOnlyList<Visit>> GetTargetVisitsAsync(string grid, IReadOnlyCollection<string> targetIds, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) => inner.GetTargetVisitsAsync(grid, targetIds, from, to, cancellationToken);

    public Task<Visit?> GetVisitAsync(string visitId, CancellationToken cancellationToken = default) => inner.GetVisitAsync(visitId, cancellationToken);

    public Task<StoredVisit?> GetStoredVisitAsync(string visitId, CancellationToken cancellationToken = default) => inner.GetStoredVisitAsync(visitId, cancellationToken);

    private async Task BeforeWriteAsync()
    {
        if (++Writes <= races)
        {
            await meanwhile();
        }
    }
}

/// <summary>A problem store that lets another writer in just before each of its first <paramref name="races"/> replaces.</summary>
internal sealed class RacingProblemStore(IProblemStore inner, Func<Task> meanwhile, int races = 1) : IProblemStore
{
    /// <summary>How many replaces were tried through this store.</summary>
    public int Replaces { get; private set; }

    public async Task<string?> TryReplaceAsync(Problem problem, string etag, CancellationToken cancellationToken = default)
    {
        if (++Replaces <= races)
        {
            await meanwhile();
        }
        return await inner.TryReplaceAsync(problem, etag, cancellationToken);
    }

    public Task<StoredProblem?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<StoredProblem>> ListAsync(ProblemFilter filter, CancellationToken cancellationToken = default) => inner.ListAsync(filter, cancellationToken);

    public Task<string?> AddAsync(Problem problem, CancellationToken cancellationToken = default) => inner.AddAsync(problem, cancellationToken);
}
