using Outreach.Roster;

namespace Outreach.Import;

/// <summary>What an import did: how many rows it stored, or why it stored none.</summary>
public sealed record ImportReport(ImportKind Kind, int Imported, IReadOnlyList<ImportIssue> Errors, IReadOnlyList<ImportIssue> Warnings)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Reads one roster file and stores its rows, or nothing at all when any row is bad.</summary>
public sealed class RosterImportService(IRosterStore roster)
{
    public async Task<ImportReport> ImportAsync(ImportKind kind, TextReader reader, CancellationToken cancellationToken = default)
    {
        var knownGrids = kind.NeedsKnownGrids()
            ? (await roster.GetGridsAsync(cancellationToken)).Select(g => g.Id).ToHashSet(StringComparer.Ordinal)
            : [];
        var storedVisitors = kind is ImportKind.Grids or ImportKind.Visitors
            ? (await roster.GetVisitorsAsync(cancellationToken)).Select(v => v.Id).ToHashSet(StringComparer.Ordinal)
            : [];
        return kind switch
        {
            ImportKind.Grids => await SaveAsync(kind, RosterImporter.ReadGrids(reader, storedVisitors), roster.SaveGridsAsync, cancellationToken),
            ImportKind.Visitors => await SaveAsync(kind, RosterImporter.ReadVisitors(reader, knownGrids, storedVisitors), roster.SaveVisitorsAsync, cancellationToken),
            ImportKind.Enterprises => await SaveTargetsAsync(kind, await StoredTargetsAsync(cancellationToken), stored => RosterImporter.ReadEnterprises(reader, knownGrids, stored), cancellationToken),
            ImportKind.Households => await SaveTargetsAsync(kind, await StoredTargetsAsync(cancellationToken), stored => RosterImporter.ReadHouseholds(reader, knownGrids, stored), cancellationToken),
            ImportKind.Policies => await SaveAsync(kind, RosterImporter.ReadPolicies(reader), roster.SavePoliciesAsync, cancellationToken),
            ImportKind.Calendar => await SaveAsync(kind, RosterImporter.ReadCalendar(reader), roster.SaveCalendarAsync, cancellationToken),
            ImportKind.Departments => await SaveAsync(kind, RosterImporter.ReadDepartments(reader), roster.SaveDepartmentsAsync, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>Stores the targets, then deletes the rows of those that moved grid, so none is in two grids.</summary>
    private async Task<ImportReport> SaveTargetsAsync(
        ImportKind kind, IReadOnlyDictionary<string, Target> stored, Func<IReadOnlyDictionary<string, Target>, ImportResult<Target>> read, CancellationToken cancellationToken)
    {
        var result = read(stored);
        var report = await SaveAsync(kind, result, roster.SaveTargetsAsync, cancellationToken);
        var moved = result.Rows
            .Select(t => stored.GetValueOrDefault(t.Id) is { } before && before.Grid != t.Grid ? before : null)
            .OfType<Target>()
            .ToList();
        if (report.Succeeded && moved.Count > 0)
        {
            await roster.DeleteTargetsAsync(moved, cancellationToken);
        }
        return report;
    }

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

    private static async Task<ImportReport> SaveAsync<T>(
        ImportKind kind,
        ImportResult<T> result,
        Func<IReadOnlyList<T>, CancellationToken, Task> save,
        CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            await save(result.Rows, cancellationToken);
        }
        return new ImportReport(kind, result.Succeeded ? result.Rows.Count : 0, result.Errors, result.Warnings);
    }
}
