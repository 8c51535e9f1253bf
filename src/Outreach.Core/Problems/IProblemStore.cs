namespace Outreach.Problems;

/// <summary>
/// Stored problems. A problem's row sits beside its grid's visits, so that an outcome and the problems it
/// raises are written in one transaction (see <see cref="Planning.IVisitStore.TryReplaceWithProblemsAsync"/>).
/// </summary>
public interface IProblemStore
{
    /// <summary>A problem with the ETag of its row; null when the id is not a stored problem.</summary>
    Task<StoredProblem?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Problems matching every given criterion, ordered by grid then id.</summary>
    Task<IReadOnlyList<StoredProblem>> ListAsync(ProblemFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Replaces a problem's row if it still has <paramref name="etag"/>: the new ETag, or null when someone changed it first.</summary>
    Task<string?> TryReplaceAsync(Problem problem, string etag, CancellationToken cancellationToken = default);

    /// <summary>Adds a new problem: its ETag, or null when a problem with its id is already stored.</summary>
    Task<string?> AddAsync(Problem problem, CancellationToken cancellationToken = default);
}

/// <summary>A stored problem and the ETag its row had when read.</summary>
public sealed record StoredProblem(Problem Problem, string ETag);

/// <summary>What to list; null criteria match everything.</summary>
/// <param name="Status">The wire status (<see cref="Problem.Status"/>): <c>escalated</c> finds open escalated problems.</param>
/// <param name="OpenOnly">Only problems that can still move on (what the escalation timer looks at).</param>
public sealed record ProblemFilter(ProblemStatus? Status = null, string? Grid = null, string? Department = null, bool OpenOnly = false);
