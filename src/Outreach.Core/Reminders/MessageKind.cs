namespace Outreach.Reminders;

/// <summary>The SMS the product sends; each has one template per culture, named by <see cref="MessageKinds.TemplateName"/>.</summary>
public enum MessageKind
{
    /// <summary>The evening before a visit day: one SMS per visitor listing tomorrow's visits.</summary>
    EveningDigest,

    /// <summary>The morning of a visit day, when the policy asks for it.</summary>
    MorningReminder,

    /// <summary>To a visitor whose visit is past due.</summary>
    OverdueNudge,

    /// <summary>To a supervisor: the overdue visits of their visitors.</summary>
    OverdueDigest,

    /// <summary>To a department: a problem was dispatched to it.</summary>
    DispatchNotice,

    /// <summary>To a department: a problem it holds was escalated (督办).</summary>
    EscalationNotice,

    /// <summary>To the grid's supervisor: a copy (抄送) of an escalation, naming the department that holds the problem.</summary>
    EscalationCopy,

    /// <summary>To an enterprise's or household's contact: a problem about them was resolved; rate the fix (评价反馈).</summary>
    RatingRequest,
}

/// <summary>Every <see cref="MessageKind"/> and its template name.</summary>
public static class MessageKinds
{
    public static IReadOnlyList<MessageKind> All { get; } = Enum.GetValues<MessageKind>();

    /// <summary>The kebab-case template name: <c>EveningDigest</c> is <c>evening-digest</c>.</summary>
    public static string TemplateName(this MessageKind kind) => kind switch
    {
        MessageKind.EveningDigest => "evening-digest",
        MessageKind.MorningReminder => "morning-reminder",
        MessageKind.OverdueNudge => "overdue-nudge",
        MessageKind.OverdueDigest => "overdue-digest",
        MessageKind.DispatchNotice => "dispatch-notice",
        MessageKind.EscalationNotice => "escalation-notice",
        MessageKind.EscalationCopy => "escalation-copy",
        MessageKind.RatingRequest => "rating-request",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
