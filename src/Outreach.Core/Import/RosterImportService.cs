using Outreach.Roster;

namespace Outreach.Import;

/// <summary>What an import did: how many rows it stored, or why it stored none.</summary>
public sealed record ImportReport(ImportKind Kind, int Imported, IReadOnlyList<ImportIssue> Errors, IReadOnlyList<ImportIssue> Warnings)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>What importing a workbook did: one report per sheet named after a kind, in the order imported, and the sheets it skipped.</summary>
public sealed record WorkbookImportReport(IReadOnlyList<SheetImportReport> Sheets, IReadOnlyList<string> UnknownSheets)
{
    public bool Succeeded => Sheets.All(s => s.Report.Succeeded);
}

/// <summary>One sheet of a workbook import and what importing it did.</summary>
public sealed record SheetImportReport(string Sheet, ImportReport Report);

/// <summary>
/// Reads one roster file and stores its rows, or nothing at all when any row is bad or storing fails part-way
/// (<see cref="IRosterStore.ImportAsync"/>). The points files go to <paramref name="points"/> the same way.
/// </summary>
public sealed class RosterImportService(IRosterStore roster, Points.IPointsStore? points = null)
{
    public async Task<ImportReport> ImportAsync(ImportKind kind, RosterSource reader, CancellationToken cancellationToken = default)
    {
        // An earlier import a failure left committed is completed first, so this one is read against, and lands on, it.
        await roster.CompleteImportsAsync(cancellationToken);
        var knownGrids = kind.NeedsKnownGrids()
            ? (await roster.GetGridsAsync(cancellationToken)).Select(g => g.Id).ToHashSet(StringComparer.Ordinal)
            : [];
        var storedVisitors = kind is ImportKind.Grids or ImportKind.Visitors
            ? (await roster.GetVisitorsAsync(cancellationToken)).Select(v => v.Id).ToHashSet(StringComparer.Ordinal)
            : [];
        return kind switch
        {
            ImportKind.Grids => await SaveAsync(kind, RosterImporter.ReadGrids(reader, storedVisitors), rows => new RosterChange { Grids = rows }, cancellationToken),
            ImportKind.Visitors => await SaveAsync(kind, RosterImporter.ReadVisitors(reader, knownGrids, storedVisitors), rows => new RosterChange { Visitors = rows }, cancellationToken),
            ImportKind.Enterprises => await SaveTargetsAsync(kind, await StoredTargetsAsync(cancellationToken), stored => RosterImporter.ReadEnterprises(reader, knownGrids, stored), cancellationToken),
            ImportKind.Households => await SaveTargetsAsync(kind, await StoredTargetsAsync(cancellationToken), stored => RosterImporter.ReadHouseholds(reader, knownGrids, stored), cancellationToken),
            ImportKind.Policies => await SaveAsync(kind, RosterImporter.ReadPolicies(reader), rows => new RosterChange { Policies = rows }, cancellationToken),
            ImportKind.Calendar => await SaveAsync(kind, RosterImporter.ReadCalendar(reader), rows => new RosterChange { Calendar = rows }, cancellationToken),
            ImportKind.Departments => await SaveAsync(kind, RosterImporter.ReadDepartments(reader), rows => new RosterChange { Departments = rows }, cancellationToken),
            ImportKind.PointsRules or ImportKind.PointsItems => await Points.PointsService.Import(
                points ?? throw new InvalidOperationException("This import service has no points store."), kind, reader, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>
    /// Imports every sheet named after a kind (<c>grids</c>, <c>visitors</c>, …, case and spaces aside) in dependency
    /// order: grids, visitors, enterprises, households, policies, calendar, departments, points-rules, points-items. Each sheet is one import, all or
    /// nothing on its own, so a later sheet is read against the rows an earlier one stored; other sheets are skipped.
    /// </summary>
    /// <param name="sheetNames">The workbook's sheets, in workbook order.</param>
    /// <param name="open">Opens the rows of one of <paramref name="sheetNames"/>.</param>
    public async Task<WorkbookImportReport> ImportWorkbookAsync(IReadOnlyList<string> sheetNames, Func<string, RosterSource> open, CancellationToken cancellationToken = default)
    {
        var reports = new List<SheetImportReport>();
        foreach (var kind in Enum.GetValues<ImportKind>())
        {
            foreach (var sheet in sheetNames.Where(name => ImportKinds.TryParse(name, out var k) && k == kind))
            {
                reports.Add(new SheetImportReport(sheet, await ImportAsync(kind, open(sheet), cancellationToken)));
            }
        }
        return new WorkbookImportReport(reports, sheetNames.Where(name => !ImportKinds.TryParse(name, out _)).ToList());
    }

    /// <summary>Stores the targets and deletes the old rows of those that moved grid, in one import: none is in two grids.</summary>
    private Task<ImportReport> SaveTargetsAsync(
        ImportKind kind, IReadOnlyDictionary<string, Target> stored, Func<IReadOnlyDictionary<string, Target>, ImportResult<Target>> read, CancellationToken cancellationToken) =>
        SaveAsync(kind, read(stored), rows => new RosterChange
        {
            Targets = rows,
            MovedFrom = rows.Select(t => stored.GetValueOrDefault(t.Id) is { } before && before.Grid != t.Grid ? before : null).OfType<Target>().ToList(),
        }, cancellationToken);

    private async Task<IReadOnlyDictionary<string, Target>> StoredTargetsAsync(CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, Target>(StringComparer.Ordinal);
        foreach (var grid in await roster.GetGridsAsync(cancellationToken))
        {
            foreach (var target in await roster.GetTargetsAsync(grid.Id, cancellationToken))
            {
                stored[target.Id] = target;
            }
        }
        return stored;
    }

    private async Task<ImportReport> SaveAsync<T>(
        ImportKind kind,
        ImportResult<T> result,
        Func<IReadOnlyList<T>, RosterChange> change,
        CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            await roster.ImportAsync(change(result.Rows), cancellationToken);
        }
        return new ImportReport(kind, result.Succeeded ? result.Rows.Count : 0, result.Errors, result.Warnings);
    }
}
