using System.Globalization;
using Outreach.Outcomes;
using Outreach.Roster;

namespace Outreach.Planning;

/// <summary>
/// The JSON shape of a visit, shared by the HTTP API and <c>visits --format json</c>. Wire types live in Core (here and
/// <see cref="Problems.ProblemDocument"/>) because both hosts print them: one definition keeps the two the same.
/// </summary>
public sealed record VisitDocument(
    string Id,
    string TargetId,
    string TargetKind,
    string? TargetName,
    string? Address,
    string Grid,
    string Date,
    IReadOnlyList<string> VisitorIds,
    IReadOnlyList<string> VisitorNames,
    int Cycle,
    string Status,
    string WindowStart,
    string WindowEnd,
    string DueDate,
    OutcomeDocument? Outcome)
{
    public static VisitDocument From(VisitView view)
    {
        var v = view.Visit;
        return new VisitDocument(v.Id, v.TargetId, v.TargetKind.ToWire(), view.Target?.Name, view.Target?.Address, v.Grid, Day(v.Date),
            v.VisitorIds, view.Visitors.Select(p => p.Name).ToList(), v.Cycle, v.Status.ToWire(), Day(v.WindowStart), Day(v.WindowEnd),
            Day(v.DueDate), v.Outcome is null ? null : OutcomeDocument.From(v.Id, v.Outcome));
    }

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The JSON shape of a recorded outcome.</summary>
public sealed record OutcomeDocument(
    string VisitId,
    string VisitorId,
    string Status,
    string VisitedAt,
    string? Notes,
    IReadOnlyList<ReportedProblemDocument> Problems,
    string RecordedAt)
{
    public static OutcomeDocument From(string visitId, VisitOutcome outcome) =>
        new(visitId, outcome.VisitorId, outcome.Status.ToWire(), outcome.VisitedAt.ToString("O", CultureInfo.InvariantCulture), outcome.Notes,
            outcome.Problems.Select(p => new ReportedProblemDocument(p.Category, p.Description, p.Urgent ? "urgent" : "normal")).ToList(),
            outcome.RecordedAt.ToString("O", CultureInfo.InvariantCulture));
}

/// <summary>A problem as the visitor reported it in an outcome (the workflow's problem is <see cref="Problems.ProblemDocument"/>).</summary>
public sealed record ReportedProblemDocument(string Category, string Description, string Urgency);
