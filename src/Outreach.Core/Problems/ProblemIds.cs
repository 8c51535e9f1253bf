using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Outreach.Calendar;
using Outreach.Roster;

namespace Outreach.Problems;

/// <summary>
/// Public problem ids, <c>{grid}~{local}</c>: the grid is the Table Storage partition and the local part
/// the row, so an id finds its row without a query. Local ids are deterministic, so a retried write finds
/// the row it wrote before instead of adding another: <c>{yyyyMMdd}~{targetId}~{n}</c> for the n-th problem
/// (1-based) of the visit on that day, <c>{yyyyMMdd}~{targetId}~d{hash}</c> for one opened directly.
/// </summary>
public static class ProblemIds
{
    public const char Separator = '~';

    /// <summary>At most this many characters, so that an id stays a reasonable URL segment and key.</summary>
    public const int MaxLength = 200;

    public static string Format(string grid, string local) => $"{grid}{Separator}{local}";

    /// <summary>The local id of the <paramref name="number"/>-th (1-based) problem an outcome brought back.</summary>
    public static string FromVisit(DateOnly visitDate, string targetId, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{visitDate:yyyyMMdd}{Separator}{targetId}{Separator}{number}");

    /// <summary>
    /// The local id of a problem a coordinator opened directly: the China day and a hash of what was reported,
    /// not of the moment, so a retried request (or the same report twice that day) finds the problem it
    /// already opened instead of opening another.
    /// </summary>
    public static string Direct(string targetId, DateTimeOffset reportedAt, string category, string description) =>
        Hashed('d', targetId, reportedAt, category, description);

    /// <summary>
    /// The local id of a target's own request (<c>{yyyyMMdd}~{targetId}~r{hash}</c>): like <see cref="Direct"/>, so that a
    /// second tap on a slow line finds the request it already placed.
    /// </summary>
    public static string Request(string targetId, DateTimeOffset reportedAt, string category, string description) =>
        Hashed('r', targetId, reportedAt, category, description);

    private static string Hashed(char mark, string targetId, DateTimeOffset reportedAt, string category, string description)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{ChinaTime.DateOf(reportedAt):yyyyMMdd}\n{targetId}\n{category}\n{description}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
        return string.Create(CultureInfo.InvariantCulture, $"{ChinaTime.DateOf(reportedAt):yyyyMMdd}{Separator}{targetId}{Separator}{mark}{hash}");
    }

    /// <summary>
    /// Splits <c>{grid}~{local}</c>: every '~'-separated part a valid <see cref="Ids">id</see>, at least two
    /// parts; false for anything else.
    /// </summary>
    public static bool TryParse(string? id, out string grid, out string local)
    {
        grid = local = "";
        if (id is not { Length: > 0 and <= MaxLength })
        {
            return false;
        }
        var parts = id.Split(Separator);
        if (parts.Length < 2 || !parts.All(Ids.IsValid))
        {
            return false;
        }
        grid = parts[0];
        local = id[(grid.Length + 1)..];
        return true;
    }

    /// <summary>What a valid id looks like, for error messages.</summary>
    public const string Rule = "a problem id looks like GRID~yyyyMMdd~TARGET~N, as the list of problems shows it";
}
