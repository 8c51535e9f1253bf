using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Calendar;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Planning;

/// <summary>What one planning run did.</summary>
/// <param name="Planned">New visits written.</param>
/// <param name="Repaired">Published visits whose visitors were replaced.</param>
/// <param name="Removed">Stored visits deleted (target gone, or moved by a repair).</param>
/// <param name="Total">Visits in the range after planning.</param>
/// <param name="Overdue">Stored visits past their day with no outcome.</param>
/// <param name="Flags">Targets the coordinator should look at (not reachable again and again, refused).</param>
public sealed record PlanSummary(
    DateOnly From,
    DateOnly To,
    int Planned,
    int Repaired,
    int Removed,
    int Total,
    IReadOnlyList<Shortfall> Shortfalls,
    IReadOnlyList<PlanningUnit> Units,
    IReadOnlyList<Visit> Overdue,
    IReadOnlyList<TargetFlag> Flags)
{
    public static PlanSummary Combine(DateOnly from, DateOnly to, IEnumerable<PlanSummary> parts)
    {
        var list = parts.ToList();
        return new PlanSummary(from, to, list.Sum(p => p.Planned), list.Sum(p => p.Repaired), list.Sum(p => p.Removed),
            list.Sum(p => p.Total), list.SelectMany(p => p.Shortfalls).ToList(), list.SelectMany(p => p.Units).ToList(),
            list.SelectMany(p => p.Overdue).OrderBy(v => v.Date).ToList(), list.SelectMany(p => p.Flags).ToList());
    }
}

/// <summary>
/// Plans visits and stores them: the one implementation behind the nightly timer, the per-unit queue
/// function and the coordinator CLI.
/// </summary>
public sealed class PlanningService(
    IRosterStore roster,
    IVisitStore visits,
    TimeProvider clock,
    PlanningOptions? options = null,
    ILogger<PlanningService>? logger = null)
{
    private readonly PlanningOptions _options = options ?? new PlanningOptions();
    private readonly ILogger _logger = logger ?? NullLogger<PlanningService>.Instance;

    public DateOnly Today => ChinaTime.Today(clock);

    /// <summary>The rolling horizon the nightly run plans: today and the next HorizonDays - 1 days.</summary>
    public (DateOnly From, DateOnly To) RollingHorizon()
    {
        var today = Today;
        return (today, today.AddDays(_options.HorizonDays - 1));
    }

    /// <summary>
    /// The units a plan run fans out to (the nightly timer, the CLI's <c>plan</c>), after completing any import a
    /// failure interrupted, so that a run does not plan the half of an import a crash left. The units' own messages do
    /// not complete imports: many run at once, and one could abandon an import a coordinator is still writing.
    /// </summary>
    public async Task<IReadOnlyList<PlanningUnit>> StartRunAsync(CancellationToken cancellationToken = default)
    {
        await roster.CompleteImportsAsync(cancellationToken);
        return await GetUnitsAsync(cancellationToken);
    }

    /// <summary>The planning units of the roster as stored now.</summary>
    public async Task<IReadOnlyList<PlanningUnit>> GetUnitsAsync(CancellationToken cancellationToken = default)
    {
        var grids = await roster.GetGridsAsync(cancellationToken);
        var people = await roster.GetVisitorsAsync(cancellationToken);
        return PlanningUnit.Split(grids.Select(g => g.Id), people);
    }

    /// <summary>
    /// Plans every unit, or only the unit holding <paramref name="grid"/> (a grid is planned with the grids it
    /// shares visitors with, so that nobody is overbooked).
    /// </summary>
    public async Task<PlanSummary> PlanAsync(DateOnly from, DateOnly to, string? grid = null, CancellationToken cancellationToken = default)
    {
        var units = await StartRunAsync(cancellationToken);
        if (grid is not null)
        {
            units = units.Where(u => u.Grids.Contains(grid, StringComparer.Ordinal)).ToList();
            if (units.Count == 0)
            {
                throw new ArgumentException($"Unknown grid '{grid}': import it first, or pick one of the imported grids.", nameof(grid));
            }
        }
        var parts = new List<PlanSummary>();
        foreach (var unit in units)
        {
            parts.Add(await PlanCurrentUnitAsync(unit, from, to, cancellationToken));
        }
        return PlanSummary.Combine(from, to, parts);
    }

    /// <summary>
    /// Plans the unit a queue message named. The roster may have changed since the message was queued, so
    /// the grids are planned together with every grid that now shares a visitor with them.
    /// </summary>
    public async Task<PlanSummary> PlanUnitAsync(PlanningUnit unit, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var current = (await GetUnitsAsync(cancellationToken))
            .Where(u => u.Grids.Any(g => unit.Grids.Contains(g, StringComparer.Ordinal)))
            .SelectMany(u => u.Grids)
            .Concat(unit.Grids)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return await PlanCurrentUnitAsync(new PlanningUnit(current), from, to, cancellationToken);
    }

    private async Task<PlanSummary> PlanCurrentUnitAsync(PlanningUnit unit, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        // A visit may get its outcome while the unit is being planned: the write then fails on that row's
        // ETag, and the unit is read and planned again (a second failure goes back to the queue's retries).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await PlanOnceAsync(unit, from, to, cancellationToken);
            }
            catch (ConcurrentChangeException e) when (attempt < 2)
            {
                _logger.LogInformation("Visits of grids {Grids} changed while planning ({Reason}); planning again", unit.ToString(), e.Message);
            }
        }
    }

    private async Task<PlanSummary> PlanOnceAsync(PlanningUnit unit, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var request = await LoadAsync(unit, from, to, cancellationToken);
        var result = RotationPlanner.Plan(request);
        var existingIds = request.Existing.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        await visits.ApplyAsync(result.Upserts, result.Deletes, cancellationToken);

        var repaired = result.Upserts.Count(v => existingIds.Contains(v.Id));
        var summary = new PlanSummary(from, to, result.Upserts.Count - repaired, repaired, result.Deletes.Count, result.Visits.Count, result.Shortfalls, [unit], result.Overdue, result.Flags);
        _logger.LogInformation("Planned {Planned} new visits ({Repaired} repaired, {Removed} removed, {Shortfalls} shortfalls) for grids {Grids} from {From} to {To}",
            summary.Planned, summary.Repaired, summary.Removed, summary.Shortfalls.Count, unit.ToString(), from, to);
        return summary;
    }

    private async Task<PlanRequest> LoadAsync(PlanningUnit unit, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var grids = unit.Grids.ToHashSet(StringComparer.Ordinal);
        var people = (await roster.GetVisitorsAsync(cancellationToken)).Where(v => v.Grids.Any(grids.Contains)).ToList();
        var policies = await roster.GetPoliciesAsync(cancellationToken);
        var calendar = WorkingCalendar.WithShipped(await roster.GetCalendarAsync(cancellationToken));
        var targets = new List<Target>();
        var existing = new List<Visit>();
        var historyFrom = from.AddDays(-_options.HistoryDays);
        foreach (var grid in unit.Grids)
        {
            targets.AddRange(await roster.GetTargetsAsync(grid, cancellationToken));
            existing.AddRange(await visits.GetGridVisitsAsync(grid, historyFrom, DateOnly.MaxValue, cancellationToken));
        }
        return new PlanRequest(from, to, Today, people, targets,
            policies.Count > 0 ? new PolicyBook(policies) : PolicyBook.Defaults, calendar, existing, _options.FrozenDays, _options.NotReachableLimit);
    }
}
