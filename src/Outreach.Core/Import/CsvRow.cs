using System.Globalization;
using Outreach.Roster;

namespace Outreach.Import;

/// <summary>
/// One data row. Each accessor validates its column, logs what is wrong with the fix, and returns a usable
/// placeholder so the rest of the row is still checked; <see cref="HasErrors"/> says whether to keep the row.
/// A value longer than its column's limit is an error, and is cut to the limit for the checks that follow.
/// </summary>
internal sealed class CsvRow(int line, string[] fields, IReadOnlyDictionary<string, int> index, IReadOnlyDictionary<string, int> limits, IssueLog log)
{
    public const string DateFormat = "yyyy-MM-dd";

    private readonly HashSet<string> _tooLong = new(StringComparer.OrdinalIgnoreCase);
    private int _errors;

    public int Line { get; } = line;

    public bool HasErrors => _errors > 0;

    public void Error(string? column, string message)
    {
        _errors++;
        log.Error(Line, column, message);
    }

    public void Warning(string? column, string message) => log.Warning(Line, column, message);

    /// <summary>The trimmed value, or null when the column is absent or the value empty.</summary>
    public string? Optional(string column)
    {
        if (!index.TryGetValue(column, out var i) || i >= fields.Length)
        {
            return null;
        }
        var value = fields[i].Trim();
        // Characters as a person counts them: a rare character (CJK Extension B, in some names) is one, not two UTF-16 units.
        if (limits.TryGetValue(column, out var max) && value.Length > max && value.EnumerateRunes().Count() is var length && length > max)
        {
            if (_tooLong.Add(column))
            {
                Error(column, FormattableString.Invariant($"{column} has {length:N0} characters, more than the {max} it may hold: shorten it"));
            }
            return string.Concat(value.EnumerateRunes().Take(max));
        }
        return value.Length == 0 ? null : value;
    }

    public string Required(string column, string fix)
    {
        var value = Optional(column);
        if (value is null)
        {
            Error(column, $"{column} is empty: {fix}");
            return "";
        }
        return value;
    }

    /// <summary>A required identifier that obeys <see cref="Ids.Rule"/>.</summary>
    public string Id(string column, string noun)
    {
        var value = Required(column, $"give every {noun} an id ({Ids.Rule})");
        if (value.Length > 0 && !Ids.IsValid(value))
        {
            Error(column, $"{column} '{value}' is not a valid id: {Ids.Rule}");
        }
        return value;
    }

    /// <summary>A <c>;</c>-separated list: trimmed, empty items dropped, duplicates dropped, order kept.</summary>
    public IReadOnlyList<string> List(string column) => SplitList(Optional(column));

    public static IReadOnlyList<string> SplitList(string? value)
    {
        if (value is null)
        {
            return [];
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var items = new List<string>();
        foreach (var part in value.Split(';'))
        {
            var item = part.Trim();
            if (item.Length > 0 && seen.Add(item))
            {
                items.Add(item);
            }
        }
        return items;
    }

    /// <summary>yes/no, true/false, 1/0 or 是/否 (any case); empty is no.</summary>
    public bool YesNo(string column)
    {
        switch (Optional(column)?.ToLowerInvariant())
        {
            case null or "no" or "false" or "0" or "否":
                return false;
            case "yes" or "true" or "1" or "是":
                return true;
            case var other:
                Error(column, $"{column} '{other}' is not yes or no: write yes (or 是), no (or 否), or leave it empty for no");
                return false;
        }
    }

    public int Int(string column, int min, int max, string fix, int? whenEmpty = null)
    {
        var text = Optional(column);
        if (text is null)
        {
            if (whenEmpty is { } fallback)
            {
                return fallback;
            }
            Error(column, $"{column} is empty: {fix}");
            return min;
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(column, $"{column} '{text}' is not a whole number: {fix}");
            return min;
        }
        if (value < min || value > max)
        {
            Error(column, $"{column} {value} is out of range: {fix}");
            return min;
        }
        return value;
    }

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>
    /// A phone number normalised to E.164. Visitors need a mobile number (they get SMS); contacts may give a
    /// fixed line.
    /// </summary>
    /// <param name="who">Whose mobile it is, for the fix: "the visitor's", "the duty officer's".</param>
    public string? Phone(string column, bool required, bool mobileOnly, string who = "the visitor's")
    {
        var text = required ? Required(column, $"write a mobile number in E.164 form, e.g. {Phones.Example}") : Optional(column);
        if (text is null || text.Length == 0)
        {
            return null;
        }
        if (Phones.TryNormalize(text, mobileOnly, out var e164))
        {
            return e164;
        }
        if (mobileOnly && Phones.TryNormalize(text, mobileOnly: false, out _))
        {
            Error(column, $"phone '{text}' is not a mobile number and cannot receive SMS: write {who} mobile number, e.g. {Phones.Example}");
        }
        else
        {
            var what = mobileOnly ? "a valid mobile number" : "a valid phone number";
            var example = mobileOnly ? Phones.Example : $"{Phones.Example} or a landline with its area code, e.g. 010-65529988";
            Error(column, $"phone '{text}' is not {what}: write it in E.164 form, e.g. {example}");
        }
        return null;
    }
}
