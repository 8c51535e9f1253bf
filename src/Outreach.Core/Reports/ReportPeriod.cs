using System.Globalization;

namespace Outreach.Reports;

/// <summary>The inclusive days a report covers, in China time.</summary>
public sealed record ReportPeriod
{
    /// <summary>The longest period a report reads: a year, so that one request cannot scan a table's whole history.</summary>
    public const int MaxDays = 366;

    public ReportPeriod(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new BadInputException(FormattableString.Invariant($"to {to:yyyy-MM-dd} is before from {from:yyyy-MM-dd}: swap them."));
        }
        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw new BadInputException(FormattableString.Invariant($"{from:yyyy-MM-dd} to {to:yyyy-MM-dd} is longer than {MaxDays} days: report a year at most."));
        }
        From = from;
        To = to;
    }

    /// <summary>
    /// A period from the days a host received as text (<c>from</c>, <c>to</c>: both required), or null with every bad
    /// value added to <paramref name="errors"/>, named by its field.
    /// </summary>
    public static ReportPeriod? Parse(string? from, string? to, ICollection<FieldError> errors, string fromField = "from", string toField = "to")
    {
        ArgumentNullException.ThrowIfNull(errors);
        var first = Input.QueryValues.Day(from, fromField, errors, required: true);
        var last = Input.QueryValues.Day(to, toField, errors, required: true);
        if (first is not { } start || last is not { } end)
        {
            return null;
        }
        if (end < start)
        {
            errors.Add(new FieldError(toField, FormattableString.Invariant($"{toField} {end:yyyy-MM-dd} is before {fromField} {start:yyyy-MM-dd}: swap them.")));
            return null;
        }
        if (end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            errors.Add(new FieldError(toField, FormattableString.Invariant($"{start:yyyy-MM-dd} to {end:yyyy-MM-dd} is longer than {MaxDays} days: report a year at most.")));
            return null;
        }
        return new ReportPeriod(start, end);
    }

    public DateOnly From { get; }

    public DateOnly To { get; }

    public int Days => To.DayNumber - From.DayNumber + 1;

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>"2026年12月" for a whole calendar month, else "2026-12-01至2026-12-31".</summary>
    public string Label() =>
        From.Day == 1 && To == From.AddMonths(1).AddDays(-1)
            ? string.Create(CultureInfo.InvariantCulture, $"{From.Year}年{From.Month}月")
            : string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}至{To:yyyy-MM-dd}");
}
