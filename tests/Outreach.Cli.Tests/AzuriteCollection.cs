using Outreach.Testing;

namespace Outreach.Cli.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;

[CollectionDefinition(OAuthAzuriteFixture.Collection)]
public sealed class OAuthAzuriteCollection : ICollectionFixture<OAuthAzuriteFixture>;
