using Outreach.Roster;

namespace Outreach.Reminders;

// What each template sees. Templates read these with Scriban's snake_case names
// (RecipientName is recipient_name); a name a template uses that is not here fails validation.
// Every model carries the signed Link (ACS sends it as it is) and the Code that stands for it where a message may not
// carry a link (the approved templates of the mainland gateways, IApprovedTemplates): a message has one or the other,
// the other being empty (Link) or null (Code, also null when the recipient has no mobile number to check it against).

/// <summary>One visit in a digest. <paramref name="Partner"/> is the other visitor of a team visit.</summary>
public sealed record DigestVisit(string TargetName, string ShortAddress, string? Partner, TargetKind Kind = TargetKind.Household) : IKindCounted;

/// <summary>The evening digest and the morning reminder: a visitor's visits on <paramref name="Date"/>.</summary>
public sealed record VisitDayModel(string RecipientName, DateOnly Date, IReadOnlyList<DigestVisit> Visits, string Link, string? Code = null);

/// <summary>A visit past due, to its visitor.</summary>
public sealed record OverdueNudgeModel(string RecipientName, string TargetName, string ShortAddress, DateOnly DueDate, int DaysOverdue, string Link, string? Code = null);

/// <summary>One overdue visit in a supervisor's digest.</summary>
public sealed record OverdueItem(string VisitorName, string TargetName, int DaysOverdue, TargetKind Kind = TargetKind.Household) : IKindCounted;

/// <summary>A supervisor's overdue visits on <paramref name="Date"/>.</summary>
public sealed record OverdueDigestModel(string RecipientName, DateOnly Date, IReadOnlyList<OverdueItem> Items, string Link, string? Code = null);

/// <summary>A problem dispatched to a department.</summary>
public sealed record DispatchNoticeModel(string DepartmentName, string Reference, string TargetName, string ShortAddress, string Summary, DateOnly DueDate, string Link, string? Code = null);

/// <summary>A problem escalated (督办) because the department has not closed it in time.</summary>
public sealed record EscalationNoticeModel(string DepartmentName, string Reference, string TargetName, string Summary, int DaysOpen, DateOnly DueDate, string Link, string? Code = null);

/// <summary>An escalation told to the grid's supervisor (抄送): the department still holds the problem.</summary>
public sealed record EscalationCopyModel(string RecipientName, string DepartmentName, string Reference, string TargetName, string Summary, int DaysOpen, DateOnly DueDate, string Link, string? Code = null);

/// <summary>
/// A resolved problem, to the target's contact: rate the fix 1 to 5, or say it is not solved, by <paramref name="RateBy"/>
/// (after it, 默认满意).
/// </summary>
public sealed record RatingRequestModel(string TargetName, string Category, string Resolution, DateOnly RateBy, string Link, string? Code = null);

/// <summary>
/// A representative model for every message kind: templates are validated against these, and previews use them.
/// </summary>
public static class MessageSamples
{
    private const string Link = "https://outreach.example.cn/v/7Kq2xP";

    /// <summary>The code the samples carry, as <see cref="Links.LinkCode"/> writes one.</summary>
    public const string Code = "K7QM-4TXA";

    public static object For(MessageKind kind) => kind switch
    {
        MessageKind.EveningDigest => new VisitDayModel("王芳", new DateOnly(2026, 12, 8), DigestVisits, Link, Code),
        MessageKind.MorningReminder => new VisitDayModel("王芳", new DateOnly(2026, 12, 8), DigestVisits, Link, Code),
        MessageKind.OverdueNudge => new OverdueNudgeModel("王芳", "赵大爷", "幸福里3号楼201", new DateOnly(2026, 12, 4), 3, Link, Code),
        MessageKind.OverdueDigest => new OverdueDigestModel("陈主任", new DateOnly(2026, 12, 8),
            [new OverdueItem("王芳", "赵大爷", 3), new OverdueItem("李明", "和盛化工", 1, TargetKind.Enterprise)], Link, Code),
        MessageKind.DispatchNotice => new DispatchNoticeModel("城管科", "P-20261207-014", "赵大爷", "幸福里3号楼201",
            "楼道堆放杂物，存在消防隐患", new DateOnly(2026, 12, 10), Link, Code),
        MessageKind.EscalationCopy => new EscalationCopyModel("陈主任", "城管科", "P-20261207-014", "赵大爷",
            "楼道堆放杂物，存在消防隐患", 5, new DateOnly(2026, 12, 10), Link, Code),
        MessageKind.EscalationNotice => new EscalationNoticeModel("城管科", "P-20261207-014", "赵大爷",
            "楼道堆放杂物，存在消防隐患", 5, new DateOnly(2026, 12, 10), Link, Code),
        MessageKind.RatingRequest => new RatingRequestModel("孙阿姨", "道路设施", "已更换楼道灯", new DateOnly(2026, 12, 15), Link, Code),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static readonly IReadOnlyList<DigestVisit> DigestVisits =
    [
        new("赵大爷", "幸福里3号楼201", null),
        new("孙阿姨", "和平路12号", "李明"),
        new("和盛化工", "", null, TargetKind.Enterprise),
    ];
}
