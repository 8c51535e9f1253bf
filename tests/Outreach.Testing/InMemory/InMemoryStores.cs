using Outreach.Calendar;
using Outreach.Links;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Roster;

namespace Outreach.Testing.InMemory;

/// <summary>
/// The store ports in memory, for fast service tests: the same answers as the Table Storage stores (ordering,
/// ETags, conditional writes, one transaction for an outcome and its problems), which the contract suites of
/// <c>Outreach.Testing.Contracts</c> hold both to. Thread-safe: one lock for everything, as a test needs no more.
/// </summary>
public sealed class InMemoryStores
{
    private readonly object _gate = new();
    private long _version;
    private long _roundTrips;

    public InMemoryStores()
    {
        Roster = new InMemoryRosterStore(this);
        Visits = new InMemoryVisitStore(this);
        Problems = new InMemoryProblemStore(this);
        Outbox = new InMemoryOutboxStore(this);
        Codes = new InMemoryLinkCodeStore(this);
        RequestLinks = new InMemoryRequestLinkStore(this);
    }

    public InMemoryRosterStore Roster { get; }

    public InMemoryVisitStore Visits { get; }

    public InMemoryProblemStore Problems { get; }

    public InMemoryOutboxStore Outbox { get; }

    public InMemoryLinkCodeStore Codes { get; }

    public InMemoryRequestLinkStore RequestLinks { get; }

    /// <summary>
    /// How many times the stores were asked to read or write: each a round trip to Table Storage (a query of a page
    /// or fewer, a point read, a batch), for tests of what a request costs.
    /// </summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    // Visits and problems share a "table", as they share a partition in Table Storage: one lock covers both.
    internal Dictionary<string, (Visit Visit, string ETag)> VisitRows { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, (Problem Problem, string ETag)> ProblemRows { get; } = new(StringComparer.Ordinal);

    internal T Locked<T>(Func<T> read)
    {
        Interlocked.Increment(ref _roundTrips);
        lock (_gate)
        {
            return read();
        }
    }

    internal void Locked(Action write)
    {
        Interlocked.Increment(ref _roundTrips);
        lock (_gate)
        {
            write();
        }
    }

    /// <summary>A fresh ETag, in the form Table Storage uses.</summary>
    internal string NextETag() => $"W/\"datetime'{Interlocked.Increment(ref _version):D12}'\"";
}

/// <summary>The roster in memory: each kind keyed by id, read back in the key order Table Storage returns.</summary>
public sealed class InMemoryRosterStore(InMemoryStores stores) : IRosterStore
{
    private readonly Dictionary<string, Grid> _grids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Visitor> _visitors = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Grid, string Id), Target> _targets = [];
    private readonly Dictionary<string, VisitPolicy> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<DateOnly, CalendarEntry> _calendar = [];
    private readonly Dictionary<string, Department> _departments = new(StringComparer.Ordinal);

    public Task SaveGridsAsync(IReadOnlyList<Grid> grids, CancellationToken cancellationToken = default) => Save(grids, g => _grids[g.Id] = g);

    public Task<IReadOnlyList<Grid>> GetGridsAsync(CancellationToken cancellationToken = default) => Read(() => _grids.Values.OrderBy(g => g.Id, StringComparer.Ordinal));

    public Task SaveVisitorsAsync(IReadOnlyList<Visitor> visitors, CancellationToken cancellationToken = default) => Save(visitors, v => _visitors[v.Id] = v);

    public Task<IReadOnlyList<Visitor>> GetVisitorsAsync(CancellationToken cancellationToken = default) => Read(() => _visitors.Values.OrderBy(v => v.Id, StringComparer.Ordinal));

    public Task<Visitor?> GetVisitorAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => _visitors.GetValueOrDefault(id)));

    public Task<IReadOnlyList<Visitor>> GetTeamAsync(string supervisorId, CancellationToken cancellationToken = default) =>
        Read(() => _visitors.Values.Where(v => v.Supervisor == supervisorId).OrderBy(v => v.Id, StringComparer.Ordinal));

    public Task SaveTargetsAsync(IReadOnlyList<Target> targets, CancellationToken cancellationToken = default) => Save(targets, t => _targets[(t.Grid, t.Id)] = t);

    public Task DeleteTargetsAsync(IReadOnlyList<Target> targets, CancellationToken cancellationToken = default) => Save(targets, t => _targets.Remove((t.Grid, t.Id)));

    public Task<IReadOnlyList<Target>> GetTargetsAsync(string grid, CancellationToken cancellationToken = default) =>
        Read(() => _targets.Values.Where(t => t.Grid == grid).OrderBy(t => t.Id, StringComparer.Ordinal));

    public Task<IReadOnlyList<Target>> GetTargetsAsync(string grid, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
        Read(() => ids.Distinct(StringComparer.Ordinal).Select(id => _targets.GetValueOrDefault((grid, id))).OfType<Target>().OrderBy(t => t.Id, StringComparer.Ordinal));

    public Task<Target?> GetTargetAsync(string grid, string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => _targets.GetValueOrDefault((grid, id))));

    public Task SavePoliciesAsync(IReadOnlyList<VisitPolicy> policies, CancellationToken cancellationToken = default) => Save(policies, p => _policies[p.Id] = p);

    public Task<IReadOnlyList<VisitPolicy>> GetPoliciesAsync(CancellationToken cancellationToken = default) => Read(() => _policies.Values.OrderBy(p => p.Id, StringComparer.Ordinal));

    public Task SaveCalendarAsync(IReadOnlyList<CalendarEntry> entries, CancellationToken cancellationToken = default) => Save(entries, c => _calendar[c.Date] = c);

    public Task<IReadOnlyList<CalendarEntry>> GetCalendarAsync(CancellationToken cancellationToken = default) => Read(() => _calendar.Values.OrderBy(c => c.Date));

    public Task SaveDepartmentsAsync(IReadOnlyList<Department> departments, CancellationToken cancellationToken = default) => Save(departments, d => _departments[d.Id] = d);

    public Task<IReadOnlyList<Department>> GetDepartmentsAsync(CancellationToken cancellationToken = default) => Read(() => _departments.Values.OrderBy(d => d.Id, StringComparer.Ordinal));

    /// <summary>All of it under the store's one lock: nothing can fail part-way in memory.</summary>
    public Task ImportAsync(RosterChange change, CancellationToken cancellationToken = default)
    {
        stores.Locked(() =>
        {
            change.Grids.ToList().ForEach(g => _grids[g.Id] = g);
            change.Visitors.ToList().ForEach(v => _visitors[v.Id] = v);
            change.Targets.ToList().ForEach(t => _targets[(t.Grid, t.Id)] = t);
            change.MovedFrom.ToList().ForEach(t => _targets.Remove((t.Grid, t.Id)));
            change.Policies.ToList().ForEach(p => _policies[p.Id] = p);
            change.Calendar.ToList().ForEach(c => _calendar[c.Date] = c);
            change.Departments.ToList().ForEach(d => _departments[d.Id] = d);
        });
        return Task.CompletedTask;
    }

    public Task<int> CompleteImportsAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);

    private Task Save<T>(IReadOnlyList<T> items, Action<T> put)
    {
        stores.Locked(() =>
        {
            foreach (var item in items)
            {
                put(item);
            }
        });
        return Task.CompletedTask;
    }

    private Task<IReadOnlyList<T>> Read<T>(Func<IEnumerable<T>> query) => Task.FromResult<IReadOnlyList<T>>(stores.Locked(() => query().ToList()));
}

/// <summary>Visits in memory, keyed and ordered as the <c>visits</c> table keys them (grid, then day, then target).</summary>
public sealed class InMemoryVisitStore(InMemoryStores stores) : IVisitStore
{
    public Task<IReadOnlyList<Visit>> GetGridVisitsAsync(string grid, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Query(v => v.Grid == grid && v.Date >= from && v.Date <= to);

    public Task<IReadOnlyList<Visit>> GetVisitorVisitsAsync(string visitorId, IReadOnlyCollection<string> grids, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Query(v => grids.Contains(v.Grid) && v.Date >= from && v.Date <= to && v.VisitorIds.Contains(visitorId, StringComparer.Ordinal), byDayFirst: true);

    public Task<IReadOnlyList<Visit>> GetTargetVisitsAsync(string grid, string targetId, CancellationToken cancellationToken = default) =>
        Query(v => v.Grid == grid && v.TargetId == targetId, byDayFirst: true);

    public Task<IReadOnlyList<Visit>> GetTargetVisitsAsync(string grid, IReadOnlyCollection<string> targetIds, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Query(v => v.Grid == grid && targetIds.Contains(v.TargetId) && v.Date >= from && v.Date <= to, byDayFirst: true);

    public async Task<Visit?> GetVisitAsync(string visitId, CancellationToken cancellationToken = default) =>
        (await GetStoredVisitAsync(visitId, cancellationToken))?.Visit;

    public Task<StoredVisit?> GetStoredVisitAsync(string visitId, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => stores.VisitRows.TryGetValue(visitId, out var row)
            ? new StoredVisit(row.Visit with { ETag = row.ETag }, row.ETag)
            : null));

    public Task<string?> TryReplaceAsync(Visit visit, string etag, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() =>
        {
            if (!stores.VisitRows.TryGetValue(visit.Id, out var row) || row.ETag != etag)
            {
                return null;
            }
            var next = stores.NextETag();
            stores.VisitRows[visit.Id] = (visit with { ETag = null }, next);
            return next;
        }));

    public Task<string?> TryReplaceWithProblemsAsync(Visit visit, string etag, IReadOnlyList<Problem> problems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Any(p => p.Grid != visit.Grid))
        {
            throw new ArgumentException($"Visit {visit.Id}: a problem is in another grid, so it cannot share the visit's transaction.", nameof(problems));
        }
        return Task.FromResult(stores.Locked(() =>
        {
            if (!stores.VisitRows.TryGetValue(visit.Id, out var row) || row.ETag != etag)
            {
                return null;
            }
            // A problem stored by an earlier outcome keeps its place in the workflow; the others are added.
            var next = stores.NextETag();
            stores.VisitRows[visit.Id] = (visit with { ETag = null }, next);
            foreach (var problem in problems.Where(p => !stores.ProblemRows.ContainsKey(p.Id)))
            {
                stores.ProblemRows[problem.Id] = (problem, stores.NextETag());
            }
            return next;
        }));
    }

    public Task ApplyAsync(IReadOnlyList<Visit> upserts, IReadOnlyList<Visit> deletes, CancellationToken cancellationToken = default)
    {
        if (upserts.Concat(deletes).FirstOrDefault(v => v.VisitorIds.Count > VisitPolicy.MaxVisitorsPerVisit) is { } crowded)
        {
            throw new ArgumentException($"Visit {crowded.Id}: {crowded.VisitorIds.Count} visitors, at most {VisitPolicy.MaxVisitorsPerVisit}.", nameof(upserts));
        }
        var latest = upserts.GroupBy(v => v.Id, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var upserted = latest.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var removed = deletes.Where(v => !upserted.Contains(v.Id)).DistinctBy(v => v.Id, StringComparer.Ordinal).ToList();
        stores.Locked(() =>
        {
            // A visit read with an ETag is written (or deleted) only if its row is unchanged: checked before anything is written.
            foreach (var visit in latest.Concat(removed).Where(v => v.ETag is not null))
            {
                if (!stores.VisitRows.TryGetValue(visit.Id, out var row) || row.ETag != visit.ETag)
                {
                    throw new ConcurrentChangeException($"Visit {visit.Id} changed after it was read: read again and plan again.");
                }
            }
            foreach (var visit in latest)
            {
                stores.VisitRows[visit.Id] = (visit with { ETag = null }, stores.NextETag());
            }
            foreach (var visit in removed)
            {
                stores.VisitRows.Remove(visit.Id);
            }
        });
        return Task.CompletedTask;
    }

    private Task<IReadOnlyList<Visit>> Query(Func<Visit, bool> match, bool byDayFirst = false) =>
        Task.FromResult<IReadOnlyList<Visit>>(stores.Locked(() =>
        {
            var found = stores.VisitRows.Values.Where(r => match(r.Visit)).Select(r => r.Visit with { ETag = r.ETag });
            return (byDayFirst
                    ? found.OrderBy(v => v.Date).ThenBy(v => v.Grid, StringComparer.Ordinal).ThenBy(v => v.TargetId, StringComparer.Ordinal)
                    : found.OrderBy(v => v.Grid, StringComparer.Ordinal).ThenBy(v => v.Date).ThenBy(v => v.TargetId, StringComparer.Ordinal))
                .ToList();
        }));
}

/// <summary>Problems in memory, beside the visits: listed by grid, then id.</summary>
public sealed class InMemoryProblemStore(InMemoryStores stores) : IProblemStore
{
    public Task<StoredProblem?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => stores.ProblemRows.TryGetValue(id, out var row) ? new StoredProblem(row.Problem, row.ETag) : null));

    public Task<IReadOnlyList<StoredProblem>> ListAsync(ProblemFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Task.FromResult<IReadOnlyList<StoredProblem>>(stores.Locked(() => stores.ProblemRows.Values
            .Where(r => (filter.Status is not { } status || r.Problem.Status == status)
                && (filter.Grid is null || r.Problem.Grid == filter.Grid)
                && (filter.Department is null || r.Problem.Department == filter.Department)
                && (!filter.OpenOnly || r.Problem.IsOpen))
            .OrderBy(r => r.Problem.Grid, StringComparer.Ordinal).ThenBy(r => r.Problem.Id, StringComparer.Ordinal)
            .Select(r => new StoredProblem(r.Problem, r.ETag))
            .ToList()));
    }

    public Task<string?> TryReplaceAsync(Problem problem, string etag, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() =>
        {
            if (!stores.ProblemRows.TryGetValue(problem.Id, out var row) || row.ETag != etag)
            {
                return null;
            }
            var next = stores.NextETag();
            stores.ProblemRows[problem.Id] = (problem, next);
            return next;
        }));

    public Task<string?> AddAsync(Problem problem, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() =>
        {
            if (stores.ProblemRows.ContainsKey(problem.Id))
            {
                return null;
            }
            var etag = stores.NextETag();
            stores.ProblemRows[problem.Id] = (problem, etag);
            return (string?)etag;
        }));
}

/// <summary>The SMS outbox and the deny list in memory: rows by date, then key, as the <c>outbox</c> table keeps them.</summary>
public sealed class InMemoryOutboxStore(InMemoryStores stores) : IOutboxStore
{
    private readonly Dictionary<string, (OutboxMessage Message, string ETag)> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DenyEntry Entry, string ETag)> _deny = new(StringComparer.Ordinal);

    public Task<bool> AddAsync(OutboxMessage message, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => _rows.TryAdd(message.Id, (message with { ETag = null }, stores.NextETag()))));

    public Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => _rows.TryGetValue(id, out var row) ? row.Message with { ETag = row.ETag } : null));

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Rows(m => (filter.Status is not { } status || m.Status == status) && (filter.From is not { } from || m.Date >= from) && (filter.To is not { } to || m.Date <= to),
            rows => rows.OrderBy(m => m.Date).ThenBy(m => m.Id, StringComparer.Ordinal));
    }

    public Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Rows(m => m.Status is OutboxStatus.Pending or OutboxStatus.Failed && m.NextAttemptAt <= at,
            rows => rows.OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id, StringComparer.Ordinal));

    public Task<string?> TryReplaceAsync(OutboxMessage message, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() =>
        {
            // No ETag replaces whatever is there, as Table Storage's ETag.All does; a missing row is not created.
            if (!_rows.TryGetValue(message.Id, out var row) || (message.ETag is { } etag && row.ETag != etag))
            {
                return null;
            }
            var next = stores.NextETag();
            _rows[message.Id] = (message with { ETag = null }, next);
            return next;
        }));

    public Task<int> DeleteFinalAsync(DateOnly before, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() =>
        {
            var final = _rows.Values.Where(r => r.Message.Date < before && !r.Message.Status.IsOpen()).Select(r => r.Message.Id).ToList();
            final.ForEach(id => _rows.Remove(id));
            return final.Count;
        }));

    public Task DenyAsync(string phone, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        stores.Locked(() => _deny[phone] = (new DenyEntry(phone, Denied: true, reason, at), stores.NextETag()));
        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<string>> GetDeniedAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<string>>(stores.Locked(() => _deny.Values.Where(d => d.Entry.Denied).Select(d => d.Entry.Phone).ToHashSet(StringComparer.Ordinal)));

    public Task<DenyEntry?> GetDenyEntryAsync(string phone, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => _deny.TryGetValue(phone, out var row) ? row.Entry with { ETag = row.ETag } : null));

    public Task<bool> TryPutDenyEntryAsync(DenyEntry entry, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() =>
        {
            var exists = _deny.TryGetValue(entry.Phone, out var row);
            if (entry.ETag is null ? exists : !exists || row.ETag != entry.ETag)
            {
                return false;
            }
            _deny[entry.Phone] = (entry with { ETag = null }, stores.NextETag());
            return true;
        }));

    private Task<IReadOnlyList<OutboxMessage>> Rows(Func<OutboxMessage, bool> match, Func<IEnumerable<OutboxMessage>, IEnumerable<OutboxMessage>> order) =>
        Task.FromResult<IReadOnlyList<OutboxMessage>>(stores.Locked(() =>
            order(_rows.Values.Where(r => match(r.Message)).Select(r => r.Message with { ETag = r.ETag })).ToList()));
}

/// <summary>Codes and failure counters in memory, as the <c>codes</c> table keeps them.</summary>
public sealed class InMemoryLinkCodeStore(InMemoryStores stores) : ILinkCodeStore
{
    private readonly Dictionary<string, (StoredLinkCode Code, string ETag)> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public Task<bool> AddAsync(StoredLinkCode code, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => _codes.TryAdd(code.Lookup, (code with { ETag = null }, stores.NextETag()))));

    public Task<StoredLinkCode?> GetAsync(string lookup, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => _codes.TryGetValue(lookup, out var row) ? row.Code with { ETag = row.ETag } : null));

    public Task<bool> TryCountFailureAsync(StoredLinkCode code, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() =>
        {
            if (!_codes.TryGetValue(code.Lookup, out var row) || (code.ETag is { } etag && row.ETag != etag))
            {
                return false;
            }
            _codes[code.Lookup] = (code with { Failures = code.Failures + 1, ETag = null }, stores.NextETag());
            return true;
        }));

    public Task<int> CountAsync(string bucket, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => _counts.GetValueOrDefault(bucket)));

    public Task<int> IncrementAsync(string bucket, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => _counts[bucket] = _counts.GetValueOrDefault(bucket) + 1));
}

/// <summary>Request-link generations in memory: 1 for a target never rotated.</summary>
public sealed class InMemoryRequestLinkStore(InMemoryStores stores) : Outreach.Requests.IRequestLinkStore
{
    private readonly Dictionary<(string Grid, string Target), int> _generations = [];

    public Task<int> GetGenerationAsync(string grid, string targetId, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => _generations.GetValueOrDefault((grid, targetId), 1)));

    public Task<int> RotateAsync(string grid, string targetId, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Locked(() => _generations[(grid, targetId)] = _generations.GetValueOrDefault((grid, targetId), 1) + 1));
}
