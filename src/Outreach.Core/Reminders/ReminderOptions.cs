using System.ComponentModel.DataAnnotations;

namespace Outreach.Reminders;

/// <summary>Reminder policy (<c>ReminderOptions__*</c>); times of day are China time.</summary>
public sealed class ReminderOptions : IValidatableObject
{
    /// <summary>Digests longer than this are shortened ("+N more" and the link).</summary>
    [Range(1, 10)]
    public int MaxSegments { get; set; } = 3;

    /// <summary>Across the sender; 200 is the ACS toll-free limit.</summary>
    [Range(1, 10000)]
    public int MessagesPerMinute { get; set; } = 200;

    /// <summary>After this many failed attempts a row is dead.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Waits before retry n are <c>RetryBaseMinutes × 2^(n-1)</c>.</summary>
    [Range(1, 240)]
    public int RetryBaseMinutes { get; set; } = 5;

    /// <summary>
    /// How long one drain may send before it leaves the rest for the next one: under the five-minute
    /// <c>DrainSchedule</c> and the Functions host's timeout (five minutes on the Consumption plan).
    /// </summary>
    [Range(1, 30)]
    public int DrainBudgetMinutes { get; set; } = 4;

    /// <summary>Outbox rows in a final state are deleted once their date is more than this many days ago.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>
    /// Whether every visitor also gets a reminder at 07:30 on a visit day. Off, only visitors with a visit whose policy
    /// asks for one (<c>morning_reminder</c> in policies.csv) get it.
    /// </summary>
    public bool MorningReminder { get; set; }

    /// <summary>How far back the overdue messages look for visits without an outcome.</summary>
    [Range(1, 90)]
    public int OverdueLookbackDays { get; set; } = 14;

    /// <summary>
    /// Prefix of the links in SMS, the signed token appended: the Functions app's <c>/v/</c> route (pages for the
    /// visitor's day, the department's problem, …). The default is the app run locally (<c>npm start</c>); a deployed app
    /// sets its own address (infra does).
    /// </summary>
    [Required, Url]
    public string LinkBaseUrl { get; set; } = "http://localhost:7071/v/";

    /// <summary>What is wrong with a link base, or null: it must be an absolute http(s) URL ending in the app's <c>/v/</c> route.</summary>
    public static string? LinkBaseProblem(string? linkBase) =>
        !Uri.TryCreate(linkBase, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            ? $"'{linkBase}' is not an absolute http(s) URL: use the app's address and its page route, e.g. https://outreach.example.cn/v/."
            : !uri.AbsolutePath.EndsWith("/v/", StringComparison.Ordinal) || uri.Query.Length > 0
                ? $"'{linkBase}' must end in /v/, the route of the app's link pages (e.g. https://{uri.Authority}/v/): the token is appended to it."
                : null;

    /// <summary>zh-CN or en-US.</summary>
    [Required]
    public string Culture { get; set; } = "zh-CN";

    /// <summary>The culture and the link base, checked with the ranges above by every host.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Culture is not ("zh-CN" or "en-US"))
        {
            yield return new ValidationResult($"ReminderOptions:Culture '{Culture}' must be zh-CN or en-US.", [nameof(Culture)]);
        }
        if (LinkBaseProblem(LinkBaseUrl) is { } problem)
        {
            yield return new ValidationResult($"ReminderOptions:LinkBaseUrl {problem}", [nameof(LinkBaseUrl)]);
        }
    }

    public static TimeOnly EveningDigestAt { get; } = new(18, 0);

    public static TimeOnly MorningReminderAt { get; } = new(7, 30);

    /// <summary>Reminders about a day (the evening digest, the morning reminder) are useless once its visits should be under way.</summary>
    public static TimeOnly DayRemindersExpireAt { get; } = new(12, 0);

    public static TimeOnly OverdueAt { get; } = new(9, 0);

    public static TimeOnly QuietFrom { get; } = new(21, 0);

    public static TimeOnly QuietUntil { get; } = new(8, 0);
}
