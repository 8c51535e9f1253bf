using Outreach.Links;
using Xunit;

namespace Outreach.Testing.Contracts;

/// <summary>
/// What every <see cref="ILinkCodeStore"/> answers: the Table Storage store on Azurite and the in-memory one both run
/// these. Each test gets an empty store.
/// </summary>
public abstract class LinkCodeStoreContract
{
    private static readonly DateTimeOffset Expires = new(2026, 12, 9, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>An empty store, fresh for each test.</summary>
    protected abstract ILinkCodeStore Codes { get; }

    [Fact]
    public async Task A_code_is_added_once_and_reads_back_as_written()
    {
        var code = new StoredLinkCode(new string('a', 64), "v-001", "day:20261208", Expires, "phone-check");

        Assert.True(await Codes.AddAsync(code));
        Assert.False(await Codes.AddAsync(code with { Scope = "other" }));

        var stored = (await Codes.GetAsync(code.Lookup))!;
        Assert.Equal(code with { ETag = stored.ETag }, stored);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
        Assert.Null(await Codes.GetAsync(new string('b', 64)));
    }

    [Fact]
    public async Task A_failed_try_is_counted_once_per_read()
    {
        await Codes.AddAsync(new StoredLinkCode("lookup-1", "v-001", "day:20261208", Expires, "phone-check"));
        var read = (await Codes.GetAsync("lookup-1"))!;

        var first = await Codes.TryCountFailureAsync(read);
        var stale = await Codes.TryCountFailureAsync(read);
        var again = await Codes.TryCountFailureAsync((await Codes.GetAsync("lookup-1"))!);

        Assert.Equal((true, false, true), (first, stale, again));
        Assert.Equal(2, (await Codes.GetAsync("lookup-1"))!.Failures);
        Assert.False(await Codes.TryCountFailureAsync(read with { Lookup = "missing" }));
    }

    [Fact]
    public async Task Counters_start_at_zero_and_count_every_increment_even_at_once()
    {
        Assert.Equal(0, await Codes.CountAsync("day-20261208"));

        var counts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Codes.IncrementAsync("day-20261208")));

        Assert.Equal(Enumerable.Range(1, 8), counts.Order());
        Assert.Equal(8, await Codes.CountAsync("day-20261208"));
        Assert.Equal(0, await Codes.CountAsync("day-20261209"));
    }
}
