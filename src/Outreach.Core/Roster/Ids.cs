using System.Text.RegularExpressions;

namespace Outreach.Roster;

/// <summary>
/// Identifiers become Table Storage keys and URL segments, so they are restricted to letters, digits,
/// '-', '_' and '.'; '~' is reserved as the separator inside composite keys.
/// </summary>
public static partial class Ids
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(id);

    public const string Rule = "use 1-64 letters, digits, '-', '_' or '.'";

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex Pattern();
}
