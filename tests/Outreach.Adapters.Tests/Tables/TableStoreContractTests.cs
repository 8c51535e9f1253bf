using Outreach.Links;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Roster;
using Outreach.Testing;
using Outreach.Testing.Contracts;

namespace Outreach.Adapters.Tests.Tables;

// The Table Storage stores on Azurite, held to the contracts the in-memory stores are held to
// (Outreach.Core.Tests/Contracts/InMemoryStoreContractTests.cs). Each test has tables of its own.

[Collection(AzuriteFixture.Collection)]
public sealed class TableRosterStoreContractTests(AzuriteFixture azurite) : RosterStoreContract
{
    protected override IRosterStore Roster { get; } = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix()).Roster;
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableVisitStoreContractTests(AzuriteFixture azurite) : VisitStoreContract
{
    private readonly TableStores _stores = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix());

    protected override IVisitStore Visits => _stores.Visits;

    protected override IProblemStore Problems => _stores.Problems;
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableProblemStoreContractTests(AzuriteFixture azurite) : ProblemStoreContract
{
    protected override IProblemStore Problems { get; } = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix()).Problems;
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableOutboxStoreContractTests(AzuriteFixture azurite) : OutboxStoreContract
{
    protected override IOutboxStore Outbox { get; } = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix()).Outbox;
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableLinkCodeStoreContractTests(AzuriteFixture azurite) : LinkCodeStoreContract
{
    protected override ILinkCodeStore Codes { get; } = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix()).Codes;
}

[Collection(AzuriteFixture.Collection)]
public sealed class TablePointsStoreContractTests(AzuriteFixture azurite) : PointsStoreContract
{
    protected override Outreach.Points.IPointsStore Points { get; } = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix()).Points;
}

[Collection(AzuriteFixture.Collection)]
public sealed class TableRequestLinkStoreContractTests(AzuriteFixture azurite) : RequestLinkStoreContract
{
    protected override Outreach.Requests.IRequestLinkStore Links { get; } = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix()).RequestLinks;
}
