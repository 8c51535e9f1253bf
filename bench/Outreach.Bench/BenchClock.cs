namespace Outreach.Bench;

/// <summary>A clock the harness sets: benches run "as of" a chosen moment, never the wall clock.</summary>
internal sealed class BenchClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
