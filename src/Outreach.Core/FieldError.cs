namespace Outreach;

/// <summary>What kind of wrong a <see cref="FieldError"/> is, so that each host can word it in its own language.</summary>
public enum FieldProblem
{
    /// <summary>Not a value of the field's form (a date that is not a date, a status that is not an outcome).</summary>
    Invalid,

    /// <summary>Missing or blank.</summary>
    Required,

    /// <summary>Longer than <see cref="FieldError.Limit"/> characters.</summary>
    TooLong,

    /// <summary>More items than <see cref="FieldError.Limit"/>.</summary>
    TooMany,

    /// <summary>A time ahead of the server's clock (a phone's clock set wrong).</summary>
    InFuture,

    /// <summary>A time before the visit's cadence window opened, on <see cref="FieldError.Limit"/> (yyyy-MM-dd).</summary>
    BeforeWindow,
}

/// <summary>One bad field of a request: what is wrong and how to fix it.</summary>
/// <param name="Message">For the API and the CLI, in English, naming the fix.</param>
/// <param name="Problem">The kind of wrong, for a host that words it itself (the pages, in Chinese).</param>
/// <param name="Limit">The bound the value broke, when <paramref name="Problem"/> has one.</param>
public sealed record FieldError(string Field, string Message, FieldProblem Problem = FieldProblem.Invalid, string? Limit = null);
