using System.Text.RegularExpressions;

namespace Outreach.Adapters;

/// <summary>
/// Table names used by the stores. <see cref="TablePrefix"/> is prepended to every name so tests (and
/// side-by-side deployments) can share one account: prefix <c>t1a2b</c> gives <c>t1a2bgrids</c>.
/// </summary>
public sealed partial record TableStorageOptions
{
    public static TableStorageOptions Default { get; } = new();

    /// <summary>Letters and digits only, starting with a letter (Table Storage naming rules); empty by default.</summary>
    public string TablePrefix { get; init; } = "";

    public string Grids => Name("grids");

    public string Visitors => Name("visitors");

    public string Targets => Name("targets");

    public string Policies => Name("policies");

    public string Calendar => Name("calendar");

    public string Departments => Name("departments");

    public string Visits => Name("visits");

    /// <summary>SMS outbox rows and the deny list.</summary>
    public string Outbox => Name("outbox");

    /// <summary>The codes that stand for links where an SMS cannot carry one, and the counters of failed attempts.</summary>
    public string Codes => Name("codes");

    /// <summary>The generation of each target's request link (rotated to revoke it).</summary>
    public string RequestLinks => Name("requestlinks");

    /// <summary>Roster imports staged before they are applied (<c>ImportJournal</c>): empty but for one interrupted.</summary>
    public string Imports => Name("imports");

    /// <summary>The last failure of each queue message a function could not handle (plan-units, sms-inbound).</summary>
    public string QueueFailures => Name("queuefailures");

    /// <summary>The ways households earn points.</summary>
    public string PointsRules => Name("pointsrules");

    /// <summary>The goods households redeem points for, with their stock.</summary>
    public string PointsItems => Name("pointsitems");

    /// <summary>Every household's passbook: its entries and its balance, a partition each.</summary>
    public string Points => Name("points");

    /// <summary>Throws when the prefix would make an invalid table name.</summary>
    public TableStorageOptions Validate()
    {
        if (TablePrefix.Length > 0 && (!PrefixPattern().IsMatch(TablePrefix) || TablePrefix.Length > 40))
        {
            throw new ArgumentException(
                $"Table prefix '{TablePrefix}' is invalid: use up to 40 letters and digits, starting with a letter.",
                nameof(TablePrefix));
        }
        return this;
    }

    private string Name(string table) => TablePrefix + table;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex PrefixPattern();
}
