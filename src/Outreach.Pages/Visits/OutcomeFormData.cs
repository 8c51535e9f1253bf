using System.Globalization;
using Outreach.Calendar;
using Outreach.Outcomes;
using Outreach.Planning;

namespace Outreach.Pages.Visits;

/// <summary>
/// An outcome form as posted (or as first shown), in the API's own field names: <c>visitId</c>, <c>status</c>,
/// <c>visitedAt</c>, <c>notes</c>, <c>problems[i].category|description|urgency</c>, and <c>ifMatch</c> (the stored
/// outcome's ETag, for a correction). What was typed is kept, so that a form with errors comes back as it was.
/// </summary>
/// <param name="VisitedAt">China time as a <c>datetime-local</c> field holds it (<c>2026-12-08T10:30</c>), or as typed.</param>
/// <param name="More">The visitor asked for another problem row (without script, the server adds it).</param>
/// <param name="TimeIsDefault">
/// The time is the page's own "now", not one the visitor typed or a stored outcome's: the page's script replaces it
/// with the moment Save is tapped.
/// </param>
public sealed record OutcomeFormData(
    string VisitId,
    string? Status,
    string? VisitedAt,
    string? Notes,
    IReadOnlyList<ProblemInput> Problems,
    string? IfMatch,
    bool More = false,
    bool TimeIsDefault = false)
{
    private const string LocalMinute = "yyyy-MM-dd'T'HH:mm";

    /// <summary>
    /// The form a visit shows first: empty with the time now, or, once recorded, the stored outcome to correct
    /// (with its ETag, so that saving a change is a correction rather than a conflict).
    /// </summary>
    public static OutcomeFormData For(Visit visit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(visit);
        if (visit.Outcome is not { } outcome)
        {
            return new(visit.Id, null, Local(now), null, [], null, TimeIsDefault: true);
        }
        var problems = outcome.Problems.Select(p => new ProblemInput(p.Category, p.Description, p.Urgent ? "urgent" : "normal")).ToList();
        return new(visit.Id, outcome.Status.ToWire(), Local(outcome.VisitedAt), outcome.Notes, problems, visit.ETag);
    }

    /// <summary>
    /// Reads a posted form. Problem rows left empty (no category, no description) are dropped, so rows are numbered
    /// as the service sees them and its errors land next to the right row.
    /// </summary>
    public static OutcomeFormData Read(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var problems = new List<ProblemInput>();
        for (var i = 0; i < OutcomeRequest.MaxProblems * 2 && form.ContainsKey($"problems[{i}].description"); i++)
        {
            var category = NonEmpty(form.GetValueOrDefault($"problems[{i}].category"));
            var description = NonEmpty(form.GetValueOrDefault($"problems[{i}].description"));
            if (category is not null || description is not null)
            {
                problems.Add(new ProblemInput(category, description, form.GetValueOrDefault($"problems[{i}].urgency") == "urgent" ? "urgent" : "normal"));
            }
        }
        return new(
            form.GetValueOrDefault("visitId") ?? "",
            NonEmpty(form.GetValueOrDefault("status")),
            NonEmpty(form.GetValueOrDefault("visitedAt")),
            NonEmpty(form.GetValueOrDefault("notes")),
            problems,
            NonEmpty(form.GetValueOrDefault("ifMatch")),
            form.ContainsKey("more"));
    }

    /// <summary>
    /// The request <see cref="OutcomeService"/> validates, with the time read as China time when the form gives none
    /// (a <c>datetime-local</c> field has no offset; the API's own ISO time with an offset passes as it is).
    /// </summary>
    public OutcomeRequest ToRequest() => new(null, Status, WithOffset(VisitedAt), Notes, Problems);

    /// <summary>The same form with one more (empty) problem row, up to the service's limit.</summary>
    public OutcomeFormData WithAnotherProblem() =>
        this with { Problems = Problems.Count < OutcomeRequest.MaxProblems ? [.. Problems, Empty] : Problems };

    private static readonly ProblemInput Empty = new(null, null, null);

    private static string Local(DateTimeOffset at) => at.ToOffset(ChinaTime.Offset).ToString(LocalMinute, CultureInfo.InvariantCulture);

    private static string? WithOffset(string? text)
    {
        var formats = new[] { LocalMinute, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss" };
        return DateTime.TryParseExact(text?.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, ChinaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
            : text;
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
