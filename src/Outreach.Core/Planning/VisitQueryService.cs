using Outreach.Roster;

namespace Outreach.Planning;

/// <summary>Which visits to list. Any combination narrows the result; dates are inclusive.</summary>
public sealed record VisitFilter(DateOnly From, DateOnly To, string? VisitorId = null, string? TargetId = null, string? Grid = null);

/// <summary>A visit with the names a person reads.</summary>
public sealed record VisitView(Visit Visit, Target? Target, IReadOnlyList<Visitor> Visitors);

/// <summary>A visitor's visits, or why none could be listed: bad values (named by their field), or no such visitor.</summary>
public sealed record VisitorVisits(IReadOnlyList<VisitView>? Visits, IReadOnlyList<FieldError> Errors, bool UnknownVisitor = false);

/// <summary>Lists stored visits with the query the keys serve best: by visitor, by grid, or by target.</summary>
public sealed class VisitQueryService(IRosterStore roster, IVisitStore visits, TimeProvider clock)
{
    /// <summary>The longest range one query lists: a year.</summary>
    public const int MaxDays = 366;

    /// <summary>
    /// One visitor's visits from <paramref name="from"/> to <paramref name="to"/> as a host received them (default: the four
    /// weeks from today), each bad value named by its field.
    /// </summary>
    public async Task<VisitorVisits> ForVisitorAsync(string visitorId, string? from, string? to, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        Input.QueryValues.Id(visitorId, "visitorId", errors, required: true);
        var first = Input.QueryValues.Day(from, "from", errors) ?? Calendar.ChinaTime.Today(clock);
        var last = Input.QueryValues.Day(to, "to", errors) ?? first.AddDays(27);
        if (errors.Count == 0 && (last < first || last.DayNumber - first.DayNumber >= MaxDays))
        {
            errors.Add(new FieldError("to", $"to must be on or after from, at most {MaxDays - 1} days later."));
        }
        if (errors.Count > 0)
        {
            return new VisitorVisits(null, errors);
        }
        if (await roster.GetVisitorAsync(visitorId, cancellationToken) is null)
        {
            return new VisitorVisits(null, [new FieldError("visitorId", $"No visitor '{visitorId}': check the id in visitors.csv.")], UnknownVisitor: true);
        }
        return new VisitorVisits(await FindAsync(new VisitFilter(first, last, VisitorId: visitorId), cancellationToken), []);
    }

    /// <summary>One visit with its target and visitors, or null when there is no such visit.</summary>
    public async Task<VisitView?> GetAsync(string visitId, CancellationToken cancellationToken = default)
    {
        if (await visits.GetVisitAsync(visitId, cancellationToken) is not { } visit)
        {
            return null;
        }
        var target = await roster.GetTargetAsync(visit.Grid, visit.TargetId, cancellationToken);
        var people = (await Task.WhenAll(visit.VisitorIds.Select(id => roster.GetVisitorAsync(id, cancellationToken)))).OfType<Visitor>().ToList();
        return new VisitView(visit, target, people);
    }

    public async Task<IReadOnlyList<VisitView>> FindAsync(VisitFilter filter, CancellationToken cancellationToken = default)
    {
        if (filter.To < filter.From)
        {
            throw new BadInputException(FormattableString.Invariant($"to {filter.To:yyyy-MM-dd} is before from {filter.From:yyyy-MM-dd}: swap them."));
        }
        var people = (await roster.GetVisitorsAsync(cancellationToken)).ToDictionary(v => v.Id, StringComparer.Ordinal);
        var grids = (await roster.GetGridsAsync(cancellationToken)).Select(g => g.Id).ToList();
        if (filter.Grid is { } onlyGrid)
        {
            if (!grids.Contains(onlyGrid, StringComparer.Ordinal))
            {
                throw new BadInputException($"Unknown grid '{onlyGrid}': use one of the imported grids ({string.Join(", ", grids.Take(10))}).");
            }
            grids = [onlyGrid];
        }

        var targets = new Dictionary<string, Target>(StringComparer.Ordinal);
        foreach (var grid in grids)
        {
            foreach (var target in await roster.GetTargetsAsync(grid, cancellationToken))
            {
                targets[target.Id] = target;
            }
        }

        IEnumerable<Visit> found;
        if (filter.VisitorId is { } visitorId)
        {
            if (!people.TryGetValue(visitorId, out var visitor))
            {
                throw new BadInputException($"Unknown visitor '{visitorId}': import them first, or check the id in visitors.csv.");
            }
            found = await visits.GetVisitorVisitsAsync(visitorId, visitor.Grids, filter.From, filter.To, cancellationToken);
            found = filter.Grid is null ? found : found.Where(v => v.Grid == filter.Grid);
        }
        else if (filter.TargetId is { } targetId)
        {
            if (!targets.TryGetValue(targetId, out var target))
            {
                throw new BadInputException($"Unknown target '{targetId}'{(filter.Grid is null ? "" : $" in grid {filter.Grid}")}: check the id in enterprises.csv or households.csv.");
            }
            found = (await visits.GetTargetVisitsAsync(target.Grid, targetId, cancellationToken)).Where(v => v.Date >= filter.From && v.Date <= filter.To);
        }
        else
        {
            var all = new List<Visit>();
            foreach (var grid in grids)
            {
                all.AddRange(await visits.GetGridVisitsAsync(grid, filter.From, filter.To, cancellationToken));
            }
            found = all;
        }

        return found
            .Where(v => filter.TargetId is null || v.TargetId == filter.TargetId)
            .OrderBy(v => v.Date).ThenBy(v => v.Grid, StringComparer.Ordinal).ThenBy(v => v.TargetId, StringComparer.Ordinal)
            .Select(v => new VisitView(v, targets.GetValueOrDefault(v.TargetId), v.VisitorIds.Select(id => people.GetValueOrDefault(id)).OfType<Visitor>().ToList()))
            .ToList();
    }
}
