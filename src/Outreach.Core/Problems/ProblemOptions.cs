using System.ComponentModel.DataAnnotations;

namespace Outreach.Problems;

/// <summary>
/// How long a problem may wait at each open stage before the escalation timer marks it (督办). Bound from
/// the <c>ProblemOptions</c> configuration section (environment: <c>ProblemOptions__TriageHours</c>).
/// An accepted problem waits until its own <see cref="Problem.DueAt"/>.
/// </summary>
public sealed class ProblemOptions
{
    /// <summary>Hours a reported or returned problem may wait to be dispatched.</summary>
    [Range(1, 8760)]
    public int TriageHours { get; set; } = 48;

    /// <summary>Hours a dispatched problem may wait for the department to accept it.</summary>
    [Range(1, 8760)]
    public int AcceptHours { get; set; } = 24;

    /// <summary>
    /// The categories field staff choose from when they report a problem on the visit page, separated by <c>;</c>
    /// (<c>ProblemOptions__Categories</c>), in the order shown. The API and the CLI take any category.
    /// </summary>
    [Required]
    [CustomValidation(typeof(ProblemOptions), nameof(ValidateCategories))]
    public string Categories { get; set; } = "用工招聘;融资信贷;政策咨询;审批手续;安全生产;环境卫生;道路设施;矛盾纠纷;生活困难;其他";

    /// <summary>At most this many categories: a list a visitor scrolls on a phone.</summary>
    public const int MaxCategories = 30;

    /// <summary>1 to <see cref="MaxCategories"/> categories, each as long as a problem's category may be.</summary>
    public static ValidationResult? ValidateCategories(string? categories)
    {
        var list = (categories ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return list.Length is >= 1 and <= MaxCategories && list.All(c => c.Length <= ProblemLimits.MaxCategory)
            ? ValidationResult.Success
            : new ValidationResult($"ProblemOptions:Categories must list 1 to {MaxCategories} categories of at most {ProblemLimits.MaxCategory} characters, separated by ';', e.g. 用工;融资;其他.");
    }

    /// <summary><see cref="Categories"/> as a list.</summary>
    public IReadOnlyList<string> CategoryList =>
        Categories.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
