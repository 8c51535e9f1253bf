using System.Globalization;
using Outreach.Outcomes;
using Outreach.Roster;

namespace Outreach.Input;

/// <summary>
/// The values a query gives as text (an HTTP query string, a CLI option): a day, an id. One reading for every host, so
/// that a day the API takes the CLI takes too; each bad value is named by its field, with the fix.
/// </summary>
public static class QueryValues
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    /// <summary>A day as <c>yyyy-MM-dd</c> from <see cref="FirstYear"/> to <see cref="LastYear"/>; null when absent (an error if required) or bad.</summary>
    public static DateOnly? Day(string? text, string field, ICollection<FieldError> errors, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add(new FieldError(field, $"{field} is required: a day as YYYY-MM-DD, e.g. 2026-12-01.", FieldProblem.Required));
            }
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors.Add(new FieldError(field, $"{field} '{text}' is not a date: use YYYY-MM-DD, e.g. 2026-12-01."));
            return null;
        }
        if (day.Year is < FirstYear or > LastYear)
        {
            errors.Add(new FieldError(field, $"{field} '{text}' is outside the years {FirstYear} to {LastYear}."));
            return null;
        }
        return day;
    }

    /// <summary>An id (<see cref="Ids.Rule"/>); null when absent (an error if required) or bad.</summary>
    public static string? Id(string? text, string field, ICollection<FieldError> errors, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(new FieldError(field, $"{field} is required: {Ids.Rule}.", FieldProblem.Required));
            }
            return null;
        }
        if (!Ids.IsValid(text))
        {
            errors.Add(new FieldError(field, $"{field} '{text}' is not an id: {Ids.Rule}."));
            return null;
        }
        return text;
    }
}
