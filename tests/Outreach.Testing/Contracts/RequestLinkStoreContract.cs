using Outreach.Requests;
using Xunit;

namespace Outreach.Testing.Contracts;

/// <summary>What every <see cref="IRequestLinkStore"/> answers: the Table Storage store on Azurite and the in-memory one both run these.</summary>
public abstract class RequestLinkStoreContract
{
    /// <summary>An empty store, fresh for each test.</summary>
    protected abstract IRequestLinkStore Links { get; }

    [Fact]
    public async Task A_target_starts_at_generation_one_and_each_rotation_moves_only_its_own()
    {
        Assert.Equal(1, await Links.GetGenerationAsync("g1", "h1"));

        var first = await Links.RotateAsync("g1", "h1");
        var second = await Links.RotateAsync("g1", "h1");

        Assert.Equal((2, 3), (first, second));
        Assert.Equal(3, await Links.GetGenerationAsync("g1", "h1"));
        Assert.Equal(1, await Links.GetGenerationAsync("g1", "h2"));
        Assert.Equal(1, await Links.GetGenerationAsync("g2", "h1"));
    }

    [Fact]
    public async Task Rotations_at_once_each_count()
    {
        var generations = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Links.RotateAsync("g1", "e1")));

        Assert.Equal(Enumerable.Range(2, 8), generations.Order());
        Assert.Equal(9, await Links.GetGenerationAsync("g1", "e1"));
    }
}
