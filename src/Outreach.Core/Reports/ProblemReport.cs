using System.Globalization;
using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Reports;

/// <summary>How many problems share a status, department or category.</summary>
public sealed record NamedCount(string Name, int Count);

/// <summary>A problem a supervisor must chase.</summary>
/// <param name="DaysOverdue">Whole days since its deadline passed; null when it has no deadline (never accepted).</param>
public sealed record ProblemItem(string Id, string Grid, string TargetId, string Category, string Status, string? Department, DateTimeOffset ReportedAt, DateTimeOffset? DueAt, int? DaysOverdue);

/// <summary>
/// Problems reported during the period: counts by status (as they stand now), department and category; the
/// median hours from dispatch to acceptance (签收) and from report to resolution; the average rating (评价); and
/// the problems to chase now in the reported grids, whenever they were reported: open ones past their deadline,
/// and escalated ones (督办).
/// </summary>
/// <param name="Headline">One line in the campaign's voice: 2026年12月走访企业N家，发现问题M个，已解决K个.</param>
/// <param name="EnterprisesVisited">Distinct enterprises with a completed visit made during the period.</param>
/// <param name="Resolved">Of the problems reported, those resolved (or resolved and rated) by now.</param>
public sealed record ProblemReport(
    DateOnly From,
    DateOnly To,
    string Headline,
    int EnterprisesVisited,
    int HouseholdsVisited,
    int Reported,
    int Resolved,
    IReadOnlyList<NamedCount> ByStatus,
    IReadOnlyList<NamedCount> ByDepartment,
    IReadOnlyList<NamedCount> ByCategory,
    double? MedianHoursToAccept,
    double? MedianHoursToResolve,
    double? AverageRating,
    int Rated,
    IReadOnlyList<ProblemItem> Overdue,
    IReadOnlyList<ProblemItem> Escalated)
{
    public static ProblemReport Compute(ReportData data, DateTimeOffset now)
    {
        var period = data.Period;
        var reported = data.Problems.Where(p => period.Contains(ChinaTime.DateOf(p.ReportedAt))).ToList();
        var visited = data.Visits
            .Where(v => v.Status == VisitStatus.Completed && period.Contains(v.CompletedOn ?? v.Date))
            .DistinctBy(v => v.TargetId)
            .ToList();
        var enterprises = visited.Count(v => v.TargetKind == TargetKind.Enterprise);
        var households = visited.Count(v => v.TargetKind == TargetKind.Household);
        var resolved = reported.Count(p => p.Stage is ProblemStatus.Resolved or ProblemStatus.Evaluated);
        var ratings = reported.Where(p => p.Rating is not null).Select(p => (double)p.Rating!.Value).ToList();

        var headline = string.Create(CultureInfo.InvariantCulture,
            $"{period.Label()}走访企业{enterprises}家{(households > 0 ? $"、居民{households}户" : "")}，发现问题{reported.Count}个，已解决{resolved}个");
        var overdue = data.Problems.Where(p => p.IsOpen && p.DueAt < now).OrderBy(p => p.DueAt).Select(p => Item(p, now)).ToList();
        var escalated = data.Problems.Where(p => p.Status == ProblemStatus.Escalated).OrderBy(p => p.EscalatedAt).Select(p => Item(p, now)).ToList();
        return new ProblemReport(
            period.From, period.To, headline, enterprises, households, reported.Count, resolved,
            Counts(reported.Select(p => p.Status.ToWire())),
            Counts(reported.Where(p => p.Department is not null).Select(p => p.Department!)),
            Counts(reported.Select(p => p.Category)),
            Median(reported.Where(p => p is { DispatchedAt: not null, AcceptedAt: not null }).Select(p => (p.AcceptedAt!.Value - p.DispatchedAt!.Value).TotalHours)),
            Median(reported.Where(p => p.ResolvedAt is not null).Select(p => (p.ResolvedAt!.Value - p.ReportedAt).TotalHours)),
            ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2),
            ratings.Count,
            overdue,
            escalated);
    }

    /// <summary>The middle value, or the mean of the two middle ones; null for none. Rounded to a tenth of an hour.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var mid = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return Math.Round(median, 1);
    }

    private static List<NamedCount> Counts(IEnumerable<string> names) =>
        names.GroupBy(n => n, StringComparer.Ordinal)
            .Select(g => new NamedCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>A problem as the chase lists show it, with its days past the deadline at <paramref name="now"/>.</summary>
    public static ProblemItem Item(Problem p, DateTimeOffset now) => new(
        p.Id, p.Grid, p.TargetId, p.Category, p.Status.ToWire(), p.Department, p.ReportedAt, p.DueAt,
        p.DueAt is { } due && due < now ? (int)(now - due).TotalDays : null);
}
