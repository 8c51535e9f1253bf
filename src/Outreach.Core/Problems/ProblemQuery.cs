using Outreach.Input;

namespace Outreach.Problems;

/// <summary>The problem list's filters as a host receives them (an HTTP query, CLI options), before they are a <see cref="ProblemFilter"/>.</summary>
public sealed record ProblemQuery(string? Status = null, string? Grid = null, string? Department = null)
{
    /// <summary>The filter, or every bad value named by its field.</summary>
    public (ProblemFilter? Filter, IReadOnlyList<FieldError> Errors) ToFilter()
    {
        var errors = new List<FieldError>();
        ProblemStatus? status = null;
        if (!string.IsNullOrEmpty(Status))
        {
            if (ProblemStatuses.TryParse(Status, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors.Add(new FieldError("status", $"status '{Status}' is unknown: use {string.Join("|", Enum.GetValues<ProblemStatus>().Select(s => s.ToWire()))}."));
            }
        }
        var grid = QueryValues.Id(Grid, "grid", errors);
        var department = QueryValues.Id(Department, "department", errors);
        return errors.Count > 0 ? (null, errors) : (new ProblemFilter(status, grid, department), errors);
    }
}
