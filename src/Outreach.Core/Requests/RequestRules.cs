using System.Globalization;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Requests;

/// <summary>The rules of what a requester posts, pure: a request's fields and a verdict on a fix.</summary>
public static class RequestRules
{
    /// <summary>
    /// The report a request makes for <paramref name="target"/>, or every bad field: a category of the list, a description
    /// of at most <paramref name="maxDescription"/> characters, urgency <c>normal</c> or <c>urgent</c> (default normal), and
    /// an optional preferred time.
    /// </summary>
    public static (DirectReport? Report, IReadOnlyList<FieldError> Errors) Validate(RequestInput input, Target target, IReadOnlyList<string> categories, int maxDescription)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(categories);
        var errors = new List<FieldError>();
        var category = input.Category?.Trim();
        if (string.IsNullOrEmpty(category))
        {
            errors.Add(new("category", "category is required: choose one of the list.", FieldProblem.Required));
        }
        else if (!categories.Contains(category, StringComparer.Ordinal))
        {
            errors.Add(new("category", $"category '{category}' is not in the list: choose one of {string.Join(", ", categories)}."));
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length == 0)
        {
            errors.Add(new("description", "description is required: say what you need.", FieldProblem.Required));
        }
        else if (description.Length > maxDescription)
        {
            errors.Add(new("description", $"description has {description.Length} characters: shorten it to at most {maxDescription}.", FieldProblem.TooLong,
                maxDescription.ToString(CultureInfo.InvariantCulture)));
        }
        var urgency = ProblemUrgency.Normal;
        if (!string.IsNullOrEmpty(input.Urgency) && !ProblemUrgencies.TryParse(input.Urgency, out urgency))
        {
            errors.Add(new("urgency", $"urgency '{input.Urgency}' is unknown: use normal or urgent."));
        }
        var preferred = string.IsNullOrWhiteSpace(input.PreferredTime) ? null : input.PreferredTime.Trim();
        if (preferred?.Length > ProblemLimits.MaxPreferredTime)
        {
            errors.Add(new("preferredTime", $"preferredTime has {preferred.Length} characters: shorten it to at most {ProblemLimits.MaxPreferredTime}.", FieldProblem.TooLong,
                ProblemLimits.MaxPreferredTime.ToString(CultureInfo.InvariantCulture)));
        }
        return errors.Count > 0
            ? (null, errors)
            : (new DirectReport(target.Grid, target.Id, category!, description, urgency, RequestService.Actor, Request: true, preferred), errors);
    }

    /// <summary>
    /// The workflow command a verdict makes: <c>rate</c> with a rating of 1 to 5 and an optional comment (an evaluation
    /// marked as the requester's), or <c>reopen</c> with what is still wrong; or every bad field.
    /// </summary>
    public static (ProblemCommand? Command, IReadOnlyList<FieldError> Errors) Verdict(RatingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        ProblemCommand? command = input.Verdict switch
        {
            "rate" when int.TryParse(input.Rating, NumberStyles.None, CultureInfo.InvariantCulture, out var rating) => new Evaluate(rating, comment, Evaluator.Requester),
            "rate" => null,
            "reopen" => new Reopen(input.Reason?.Trim() ?? ""),
            _ => null,
        };
        if (command is null)
        {
            return (null, input.Verdict == "rate"
                ? [new FieldError("rating", $"rating is required: {ProblemLimits.MinRating} (poor) to {ProblemLimits.MaxRating} (very satisfied).", FieldProblem.Required)]
                : [new FieldError("verdict", $"verdict '{input.Verdict}' is unknown: use rate or reopen.")]);
        }
        // The page's field for what is still wrong is its own, not a department's return reason.
        var errors = command.Validate().Select(e => command is Reopen && e.Field == "reason" ? e with { Field = "notSolved" } : e).ToList();
        return errors.Count > 0 ? (null, errors) : (command, errors);
    }
}
