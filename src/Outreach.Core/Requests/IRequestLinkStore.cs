namespace Outreach.Requests;

/// <summary>
/// The generation of each target's request link: a link names the generation it was made with and opens only while
/// that is still the target's, so that one target's link is revoked (rotated) without touching any other's.
/// </summary>
public interface IRequestLinkStore
{
    /// <summary>The target's current generation: 1 until its link is first rotated.</summary>
    Task<int> GetGenerationAsync(string grid, string targetId, CancellationToken cancellationToken = default);

    /// <summary>Moves the target to its next generation, revoking every link made before: the new generation.</summary>
    Task<int> RotateAsync(string grid, string targetId, CancellationToken cancellationToken = default);
}
