using System.Globalization;
using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Roster;

namespace Outreach.Outcomes;

/// <summary>A problem as posted, before validation.</summary>
public sealed record ProblemInput(string? Category, string? Description, string? Urgency);

/// <summary>An outcome as posted (HTTP body or CLI options), before validation.</summary>
public sealed record OutcomeRequest(string? VisitorId, string? Status, string? VisitedAt, string? Notes, IReadOnlyList<ProblemInput>? Problems)
{
    public const int MaxNotes = 2000;
    public const int MaxDescription = 2000;
    public const int MaxCategory = 64;
    public const int MaxProblems = 20;

    /// <summary>How far ahead of our clock a phone's clock may run.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(10);

    private static readonly VisitStatus[] Outcomes = [VisitStatus.Completed, VisitStatus.NotReachable, VisitStatus.Refused, VisitStatus.Rescheduled];

    /// <summary>Checks every field against the visit and the clock; the outcome, or every bad field.</summary>
    public (VisitOutcome? Outcome, IReadOnlyList<FieldError> Errors) Validate(Visit visit, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (!Ids.IsValid(VisitorId))
        {
            errors.Add(new("visitorId", $"visitorId is required: {Ids.Rule}.", FieldProblem.Required));
        }
        var status = VisitStatus.Planned;
        var statuses = string.Join("|", Outcomes.Select(s => s.ToWire()));
        if (!VisitStatuses.TryParse(Status, out status) || !Outcomes.Contains(status))
        {
            errors.Add(new("status", $"status '{Status}' is not an outcome: use {statuses}.", string.IsNullOrEmpty(Status) ? FieldProblem.Required : FieldProblem.Invalid));
        }
        DateTimeOffset visitedAt = default;
        if (!TryParseMoment(VisitedAt, out visitedAt))
        {
            errors.Add(new("visitedAt", $"visitedAt '{VisitedAt}' is not an ISO 8601 time with an offset, e.g. 2026-12-07T10:30:00+08:00.",
                string.IsNullOrWhiteSpace(VisitedAt) ? FieldProblem.Required : FieldProblem.Invalid));
        }
        else if (visitedAt > now + FutureTolerance)
        {
            errors.Add(new("visitedAt", FormattableString.Invariant($"visitedAt {visitedAt:O} is in the future (now {now.ToOffset(ChinaTime.Offset):yyyy-MM-ddTHH:mm}+08:00): check the phone's clock."), FieldProblem.InFuture));
        }
        else if (ChinaTime.DateOf(visitedAt) < visit.WindowStart)
        {
            errors.Add(new("visitedAt", FormattableString.Invariant($"visitedAt {visitedAt:O} is before this visit's window, which opens on {visit.WindowStart:yyyy-MM-dd}."),
                FieldProblem.BeforeWindow, visit.WindowStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        if (Notes is { Length: > MaxNotes })
        {
            errors.Add(new("notes", $"notes has {Notes.Length} characters: keep it to {MaxNotes}.", FieldProblem.TooLong, Limit(MaxNotes)));
        }
        var problems = new List<ReportedProblem>();
        var list = Problems ?? [];
        if (list.Count > MaxProblems)
        {
            errors.Add(new("problems", $"{list.Count} problems in one outcome: report at most {MaxProblems}.", FieldProblem.TooMany, Limit(MaxProblems)));
        }
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i];
            var at = $"problems[{i}]";
            if (p is null)
            {
                errors.Add(new(at, "each problem is an object with category, description and urgency."));
                continue;
            }
            if (string.IsNullOrWhiteSpace(p.Category) || p.Category.Length > MaxCategory)
            {
                errors.Add(new($"{at}.category", $"category is required, at most {MaxCategory} characters, e.g. 用工 or 融资.",
                    string.IsNullOrWhiteSpace(p.Category) ? FieldProblem.Required : FieldProblem.TooLong, Limit(MaxCategory)));
            }
            if (string.IsNullOrWhiteSpace(p.Description) || p.Description.Length > MaxDescription)
            {
                errors.Add(new($"{at}.description", $"description is required, at most {MaxDescription} characters.",
                    string.IsNullOrWhiteSpace(p.Description) ? FieldProblem.Required : FieldProblem.TooLong, Limit(MaxDescription)));
            }
            var urgent = p.Urgency is null or "normal" ? false : p.Urgency == "urgent" ? true : (bool?)null;
            if (urgent is null)
            {
                errors.Add(new($"{at}.urgency", $"urgency '{p.Urgency}' is unknown: use normal|urgent."));
            }
            problems.Add(new ReportedProblem(p.Category?.Trim() ?? "", p.Description?.Trim() ?? "", urgent ?? false));
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new VisitOutcome(VisitorId!, status, visitedAt, string.IsNullOrWhiteSpace(Notes) ? null : Notes, problems, now), []);
    }

    private static string Limit(int limit) => limit.ToString(CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 with an explicit offset (or Z): a time without one is ambiguous across phones.</summary>
    private static bool TryParseMoment(string? text, out DateTimeOffset moment)
    {
        moment = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 20)
        {
            return false;
        }
        var tail = text[19..];
        var hasOffset = tail.EndsWith('Z') || tail.Contains('+') || tail.Contains('-');
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out moment);
    }
}
