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
        return kind switch
        {
            ImportKind.Grids => await SaveAsync(kind, RosterImporter.ReadGrids(reader), roster.SaveGridsAsync, cancellationToken),
            ImportKind.Visitors => await SaveAsync(kind, RosterImporter.ReadVisitors(reader, knownGrids), roster.SaveVisitorsAsync, cancellationToken),
            ImportKind.Enterprises => await SaveAsync(kind, RosterImporter.ReadEnterprises(reader, knownGrids), roster.SaveTargetsAsync, cancellationToken),
            ImportKind.Households => await SaveAsync(kind, RosterImporter.ReadHouseholds(reader, knownGrids), roster.SaveTargetsAsync, cancellationToken),
            ImportKind.Policies => await SaveAsync(kind, RosterImporter.ReadPolicies(reader), roster.SavePoliciesAsync, cancellationToken),
            ImportKind.Calendar => await SaveAsync(kind, RosterImporter.ReadCalendar(reader), roster.SaveCalendarAsync, cancellationToken),
            ImportKind.Departments => await SaveAsync(kind, RosterImporter.ReadDepartments(reader), roster.SaveDepartmentsAsync, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
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
