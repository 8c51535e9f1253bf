namespace Outreach.EndToEnd.Tests;

/// <summary>
/// The end-to-end classes run one after another: each starts a Functions host of its own, and two starting at once
/// on a two-core machine beside the other test assemblies only make both slower.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostedCollection
{
    public const string Name = "hosted";
}
