using Azure.Data.Tables;
using Outreach.Calendar;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Adapters;

/// <summary>
/// Reference data in Table Storage. Grids, visitors, policies and departments are small single-partition tables;
/// targets are partitioned by grid (the planner reads one grid); calendar entries by year.
/// </summary>
public sealed class TableRosterStore : IRosterStore
{
    private const string GridPartition = "grid";
    private const string VisitorPartition = "visitor";
    private const string PolicyPartition = "policy";
    private const string DepartmentPartition = "department";
    private const int Parallelism = 8;

    private readonly TableStorage _storage;
    private readonly ImportJournal _imports;

    public TableRosterStore(TableServiceClient service, TableStorageOptions? options = null)
        : this(new TableStorage(service, options ?? TableStorageOptions.Default))
    {
    }

    internal TableRosterStore(TableStorage storage)
    {
        _storage = storage;
        _imports = new ImportJournal(storage);
    }

    /// <summary>Through <see cref="ImportJournal"/>: staged, committed in one write, then applied.</summary>
    public Task ImportAsync(RosterChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        // Every row is built (and its keys checked) before anything is written: a bad id changes nothing.
        var o = _storage.Options;
        var steps = change.Grids.Select(g => new ImportJournal.Step(o.Grids, GridRow(g)))
            .Concat(change.Visitors.Select(v => new ImportJournal.Step(o.Visitors, VisitorRow(v))))
            .Concat(change.Targets.Select(t => new ImportJournal.Step(o.Targets, TargetRow(t))))
            .Concat(change.MovedFrom.Select(t => new ImportJournal.Step(o.Targets, new TableEntity(t.Grid, t.Id), IsDelete: true)))
            .Concat(change.Policies.Select(p => new ImportJournal.Step(o.Policies, PolicyRow(p))))
            .Concat(change.Calendar.Select(c => new ImportJournal.Step(o.Calendar, CalendarRow(c))))
            .Concat(change.Departments.Select(d => new ImportJournal.Step(o.Departments, DepartmentRow(d))))
            .ToList();
        return _imports.RunAsync(steps, cancellationToken);
    }

    public Task<int> CompleteImportsAsync(CancellationToken cancellationToken = default) => _imports.CompleteAsync(cancellationToken);

    public Task SaveGridsAsync(IReadOnlyList<Grid> grids, CancellationToken cancellationToken = default) =>
        SaveAsync(_storage.Options.Grids, grids.Select(GridRow), cancellationToken);

    private static TableEntity GridRow(Grid g) => new(GridPartition, KeyCheck.Id(g.Id, "Grid"))
    {
        ["Name"] = g.Name,
        ["Area"] = g.Area,
        ["District"] = g.District,
        ["Supervisor"] = g.Supervisor,
    };

    public Task<IReadOnlyList<Grid>> GetGridsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(_storage.Options.Grids, TableClient.CreateQueryFilter($"PartitionKey eq {GridPartition}"), e => new Grid(
            e.RowKey,
            Columns.Required(e, "Name"),
            Columns.Required(e, "Area"),
            e.GetString("District"),
            e.GetString("Supervisor")), cancellationToken);

    public Task SaveVisitorsAsync(IReadOnlyList<Visitor> visitors, CancellationToken cancellationToken = default) =>
        SaveAsync(_storage.Options.Visitors, visitors.Select(VisitorRow), cancellationToken);

    private static TableEntity VisitorRow(Visitor v) => new(VisitorPartition, KeyCheck.Id(v.Id, "Visitor"))
    {
        ["Name"] = v.Name,
        ["Phone"] = v.Phone,
        ["Role"] = v.Role,
        ["Grids"] = Columns.JoinList(v.Grids),
        ["WeeklyCapacity"] = v.WeeklyCapacity,
        ["Leave"] = Columns.JoinRanges(v.Leave),
        ["Supervisor"] = v.Supervisor,
    };

    public Task<IReadOnlyList<Visitor>> GetVisitorsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(_storage.Options.Visitors, TableClient.CreateQueryFilter($"PartitionKey eq {VisitorPartition}"), ToVisitor, cancellationToken);

    public Task<Visitor?> GetVisitorAsync(string id, CancellationToken cancellationToken = default) =>
        PointReadAsync(_storage.Options.Visitors, VisitorPartition, id, ToVisitor, cancellationToken);

    public Task<IReadOnlyList<Visitor>> GetTeamAsync(string supervisorId, CancellationToken cancellationToken = default) =>
        QueryAsync(_storage.Options.Visitors, TableClient.CreateQueryFilter($"PartitionKey eq {VisitorPartition} and Supervisor eq {supervisorId}"), ToVisitor, cancellationToken);

    public Task SaveTargetsAsync(IReadOnlyList<Target> targets, CancellationToken cancellationToken = default) =>
        SaveAsync(_storage.Options.Targets, targets.Select(TargetRow), cancellationToken);

    private static TableEntity TargetRow(Target t) => new(KeyCheck.Id(t.Grid, $"Target {t.Id}: grid"), KeyCheck.Id(t.Id, "Target"))
    {
        ["Kind"] = t.Kind.ToWire(),
        ["Name"] = t.Name,
        ["Tags"] = Columns.JoinList(t.Tags),
        ["Address"] = t.Address,
        ["Contact"] = t.Contact,
        ["Phone"] = t.Phone,
        ["Building"] = t.Building,
    };

    public Task DeleteTargetsAsync(IReadOnlyList<Target> targets, CancellationToken cancellationToken = default) =>
        _storage.RunAsync(async () =>
        {
            var table = await _storage.TableAsync(_storage.Options.Targets, cancellationToken).ConfigureAwait(false);
            var batches = Batches.Split(table, targets.Select(t => Batches.Delete(t.Grid, t.Id))).ToList();
            await Batches.SubmitAllAsync(batches, Parallelism, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<Target>> GetTargetsAsync(string grid, CancellationToken cancellationToken = default) =>
        QueryAsync(_storage.Options.Targets, TableClient.CreateQueryFilter($"PartitionKey eq {grid}"), ToTarget, cancellationToken);

    public async Task<IReadOnlyList<Target>> GetTargetsAsync(string grid, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var partition = TableClient.CreateQueryFilter($"PartitionKey eq {grid}");
        var perQuery = await Task.WhenAll(TableFilters.AnyOf(partition, 1, "RowKey", ids)
            .Select(filter => QueryAsync(_storage.Options.Targets, filter, ToTarget, cancellationToken))).ConfigureAwait(false);
        return perQuery.SelectMany(targets => targets).OrderBy(t => t.Id, StringComparer.Ordinal).ToArray();
    }

    public Task<Target?> GetTargetAsync(string grid, string id, CancellationToken cancellationToken = default) =>
        PointReadAsync(_storage.Options.Targets, grid, id, ToTarget, cancellationToken);

    public Task SavePoliciesAsync(IReadOnlyList<VisitPolicy> policies, CancellationToken cancellationToken = default) =>
        SaveAsync(_storage.Options.Policies, policies.Select(PolicyRow), cancellationToken);

    private static TableEntity PolicyRow(VisitPolicy p) => new(PolicyPartition, KeyCheck.Id(p.Id, "Policy"))
    {
        ["Kind"] = p.Kind.ToWire(),
        ["Tags"] = Columns.JoinList(p.Tags),
        ["IntervalDays"] = p.IntervalDays,
        ["VisitorsPerVisit"] = p.VisitorsPerVisit,
        ["Roles"] = Columns.JoinList(p.Roles),
        ["MorningReminder"] = p.MorningReminder,
    };

    public Task<IReadOnlyList<VisitPolicy>> GetPoliciesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(_storage.Options.Policies, TableClient.CreateQueryFilter($"PartitionKey eq {PolicyPartition}"), e => new VisitPolicy(
            e.RowKey,
            ParseKind(e),
            Columns.SplitList(e.GetString("Tags")),
            Columns.RequiredInt(e, "IntervalDays"),
            Columns.RequiredInt(e, "VisitorsPerVisit"),
            Columns.SplitList(e.GetString("Roles")),
            e.GetBoolean("MorningReminder") ?? false), cancellationToken);

    public Task SaveCalendarAsync(IReadOnlyList<CalendarEntry> entries, CancellationToken cancellationToken = default) =>
        SaveAsync(_storage.Options.Calendar, entries.Select(CalendarRow), cancellationToken);

    private static TableEntity CalendarRow(CalendarEntry c) => new(c.Date.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), Columns.FormatDate(c.Date))
    {
        ["Kind"] = c.Kind == DayKind.Holiday ? "holiday" : "workday",
        ["Name"] = c.Name,
    };

    /// <summary>Every imported entry, in date order.</summary>
    public Task<IReadOnlyList<CalendarEntry>> GetCalendarAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(_storage.Options.Calendar, null, e => new CalendarEntry(
            Columns.ParseDate(e.RowKey, "RowKey", e),
            Enum.TryParse<DayKind>(e.GetString("Kind"), ignoreCase: true, out var kind) ? kind : throw Columns.Corrupt(e, "Kind", e.GetString("Kind")),
            e.GetString("Name")), cancellationToken);

    public Task SaveDepartmentsAsync(IReadOnlyList<Department> departments, CancellationToken cancellationToken = default) =>
        SaveAsync(_storage.Options.Departments, departments.Select(DepartmentRow), cancellationToken);

    private static TableEntity DepartmentRow(Department d) => new(DepartmentPartition, KeyCheck.Id(d.Id, "Department"))
    {
        ["Name"] = d.Name,
        ["Phone"] = d.Phone,
        ["Contact"] = d.Contact,
    };

    public Task<IReadOnlyList<Department>> GetDepartmentsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(_storage.Options.Departments, TableClient.CreateQueryFilter($"PartitionKey eq {DepartmentPartition}"), e => new Department(
            e.RowKey,
            Columns.Required(e, "Name"),
            Columns.Required(e, "Phone"),
            e.GetString("Contact")), cancellationToken);

    private static Visitor ToVisitor(TableEntity e) => new(
        e.RowKey,
        Columns.Required(e, "Name"),
        Columns.Required(e, "Phone"),
        Columns.Required(e, "Role"),
        Columns.SplitList(e.GetString("Grids")),
        Columns.RequiredInt(e, "WeeklyCapacity"),
        Columns.SplitRanges(e.GetString("Leave"), "Leave", e),
        e.GetString("Supervisor"));

    private static Target ToTarget(TableEntity e) => new(
        e.RowKey,
        ParseKind(e),
        Columns.Required(e, "Name"),
        e.PartitionKey,
        Columns.SplitList(e.GetString("Tags")),
        e.GetString("Address"),
        e.GetString("Contact"),
        e.GetString("Phone"),
        e.GetString("Building"));

    private static TargetKind ParseKind(TableEntity entity) =>
        TargetKinds.TryParse(entity.GetString("Kind"), out var kind) ? kind : throw Columns.Corrupt(entity, "Kind", entity.GetString("Kind"));

    private Task SaveAsync(string tableName, IEnumerable<TableEntity> entities, CancellationToken cancellationToken) =>
        WriteAsync(tableName, entities.ToList(), cancellationToken);

    // The entities are built (and their ids checked) before anything is written: a bad id changes nothing.
    private Task WriteAsync(string tableName, List<TableEntity> entities, CancellationToken cancellationToken) =>
        _storage.RunAsync(async () =>
        {
            var table = await _storage.TableAsync(tableName, cancellationToken).ConfigureAwait(false);
            var batches = Batches.Split(table, Batches.Upserts(entities)).ToList();
            await Batches.SubmitAllAsync(batches, Parallelism, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    // A key that cannot be a key (a page's id from a forged or stale link) is simply not found.
    private Task<T?> PointReadAsync<T>(string tableName, string partition, string row, Func<TableEntity, T> map, CancellationToken cancellationToken)
        where T : class =>
        !Ids.IsValid(partition) || !Ids.IsValid(row)
            ? Task.FromResult<T?>(null)
            : _storage.RunAsync(async () =>
            {
                var table = await _storage.TableAsync(tableName, cancellationToken).ConfigureAwait(false);
                var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
                return response.HasValue ? map(response.Value!) : null;
            }, cancellationToken);

    private Task<IReadOnlyList<T>> QueryAsync<T>(string tableName, string? filter, Func<TableEntity, T> map, CancellationToken cancellationToken) =>
        _storage.RunAsync<IReadOnlyList<T>>(async () =>
        {
            var table = await _storage.TableAsync(tableName, cancellationToken).ConfigureAwait(false);
            var results = new List<T>();
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                foreach (var entity in page.Values)
                {
                    results.Add(map(entity));
                }
            }
            return results;
        }, cancellationToken);
}
