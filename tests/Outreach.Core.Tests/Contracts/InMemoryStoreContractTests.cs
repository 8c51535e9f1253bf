using Outreach.Links;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Roster;
using Outreach.Testing.Contracts;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Contracts;

// The in-memory stores the service tests run on, held to the same contracts as the Table Storage stores
// (Outreach.Adapters.Tests/Tables/TableStoreContractTests.cs): what passes here on the fakes would pass there.

public sealed class InMemoryRosterStoreTests : RosterStoreContract
{
    protected override IRosterStore Roster { get; } = new InMemoryStores().Roster;
}

public sealed class InMemoryVisitStoreTests : VisitStoreContract
{
    private readonly InMemoryStores _stores = new();

    protected override IVisitStore Visits => _stores.Visits;

    protected override IProblemStore Problems => _stores.Problems;
}

public sealed class InMemoryProblemStoreTests : ProblemStoreContract
{
    protected override IProblemStore Problems { get; } = new InMemoryStores().Problems;
}

public sealed class InMemoryOutboxStoreTests : OutboxStoreContract
{
    protected override IOutboxStore Outbox { get; } = new InMemoryStores().Outbox;
}

public sealed class InMemoryLinkCodeStoreTests : LinkCodeStoreContract
{
    protected override ILinkCodeStore Codes { get; } = new InMemoryStores().Codes;
}

public sealed class InMemoryPointsStoreTests : PointsStoreContract
{
    protected override Outreach.Points.IPointsStore Points { get; } = new InMemoryPointsStore();
}

public sealed class InMemoryRequestLinkStoreTests : RequestLinkStoreContract
{
    protected override Outreach.Requests.IRequestLinkStore Links { get; } = new InMemoryStores().RequestLinks;
}
