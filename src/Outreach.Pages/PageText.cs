using System.Globalization;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Requests;
using Outreach.Roster;

namespace Outreach.Pages;

/// <summary>
/// Every word the pages show, Chinese first with the English beside it, so that a reader checks both at once.
/// Chinese is the default; English is for <c>?lang=en</c> or a browser that prefers it.
/// </summary>
public sealed partial class PageText
{
    public static readonly PageText Chinese = new(zh: true);
    public static readonly PageText English = new(zh: false);

    private readonly bool _zh;

    private PageText(bool zh) => _zh = zh;

    /// <summary>
    /// The language a request asks for: <c>?lang=en|zh</c> first, else the first language of <c>Accept-Language</c>
    /// that we speak, else Chinese.
    /// </summary>
    public static PageText For(string? lang, string? acceptLanguage)
    {
        if (lang is { Length: > 0 })
        {
            return lang.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Chinese;
        }
        foreach (var part in (acceptLanguage ?? "").Split(','))
        {
            var tag = part.Split(';')[0].Trim();
            if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            {
                return Chinese;
            }
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return English;
            }
        }
        return Chinese;
    }

    public string Lang => T("zh-CN", "en");

    /// <summary>
    /// Text for the one place that cannot isolate it (the window title): without the bidi controls that could
    /// reorder it. Everywhere else such characters stay, shown literally inside elements that isolate them.
    /// </summary>
    public static string WithoutBidiControls(string text) =>
        string.Concat(text.Where(c => c is not ('\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))));

    /// <summary>The <c>?lang=</c> value of the other language, and its name.</summary>
    public (string Query, string Name) Other => _zh ? ("en", "English") : ("zh", "中文");

    // Visits
    public string DayTitle(DateOnly day) => T($"{Day(day)}的走访", $"Visits on {Day(day)}");
    public string VisitTitle => T("走访登记", "Your visit");
    public string Summary(int visits, int recorded) => T($"共 {visits} 次走访，已登记 {recorded} 次", $"{visits} visit{(visits == 1 ? "" : "s")}, {recorded} recorded");
    public string NoVisits => T("这一天没有给您安排走访。", "You have no visits planned on this day.");
    public string With(string names) => T($"同行：{names}", $"With {names}");
    public string Contact => T("联系人", "Contact");
    public string Call => T("拨打", "Call");
    public string Previous => T("上次走访", "Last visit");
    public string OpenProblems => T("未办结的问题", "Open problems");
    public string Recorded => T("已登记", "Recorded");
    public string Record => T("登记走访结果", "Record the outcome");
    public string Correct => T("更正登记", "Correct it");
    public string OutcomeLegend => T("走访结果", "Outcome");
    public string VisitedAt => T("走访时间", "Time of the visit");
    public string Notes => T("情况记录", "Notes");
    public string ProblemLegend(int number) => T($"问题 {number}（无则不填）", $"Problem {number} (if any)");
    public string ProblemLegendTemplate => ProblemLegend(0).Replace("0", "{n}", StringComparison.Ordinal);
    public string Category => T("类别", "Category");
    public string Description => T("描述", "Description");
    public string Urgent => T("紧急", "Urgent");
    public string AddProblem => T("报一个问题", "Report a problem");
    public string Save => T("保存", "Save");
    public string SaveCorrection => T("确认更正", "Save the correction");
    public string Saved(string name) => T($"已保存：{name}", $"Saved: {name}");
    public string FixFields(int count) => T($"有 {count} 处需要修改，见红字。", $"{count} field{(count == 1 ? "" : "s")} to fix, marked in red.");
    public string Busy => T("这次走访刚被更新，请再保存一次。", "This visit changed just now: save again.");
    public string Conflict(string stored) => T(
        $"这次走访已有另一条登记：{stored}。如要改成下面填写的内容，请点“{SaveCorrection}”。",
        $"This visit already has another outcome: {stored}. To replace it with what is below, tap “{SaveCorrection}”.");
    public string Waiting => T("{n} 条登记等待信号，恢复后自动发送（请保持本页打开）：", "{n} waiting for a signal, sent when it returns (keep this page open): ");
    public string SentLater => T("离线登记已发送：", "Sent once the signal returned: ");
    public string NotSent => T("未能保存，请打开该走访重新登记：", "Not saved, record it again: ");
    public string AskWhom => T("有疑问请联系", "Questions? Ask");
    public string TeamTitle(DateOnly day) => T($"截至{Day(day)}未登记的走访", $"Visits without an outcome, as of {Day(day)}");
    public string TeamSummary(int people, int visits) => T($"{people} 人，{visits} 次", $"{people} {(people == 1 ? "person" : "people")}, {visits} visit{(visits == 1 ? "" : "s")}");
    public string TeamAllRecorded => T("您负责的人员都已登记，谢谢！", "Everyone you supervise has recorded their visits. Thank you!");
    public string DaysLate(int days) => T($"逾期 {days} 天", $"{days} day{(days == 1 ? "" : "s")} late");
    public string TooLarge => T("提交的内容太长：请缩短情况记录或问题描述后再保存。", "Too much text: shorten the notes or the problems and save again.");

    public string OutcomeWord(VisitStatus status) => status switch
    {
        VisitStatus.Completed => T("已走访", "Visited"),
        VisitStatus.NotReachable => T("无人在家", "Nobody there"),
        VisitStatus.Refused => T("拒绝走访", "Refused"),
        VisitStatus.Rescheduled => T("改期", "Rescheduled"),
        VisitStatus.Overdue => T("已逾期", "Overdue"),
        _ => T("待走访", "Planned"),
    };

    /// <summary>A target's tags in words (独居老人, 重点企业, 产业链); unknown tags as they are.</summary>
    public string Tag(string tag) => tag switch
    {
        "key" => T("重点企业", "Key enterprise"),
        "tier:100m" => T("营收过亿", "Revenue over ¥100m"),
        "tier:1b" => T("营收过十亿", "Revenue over ¥1bn"),
        "risk:high" => T("高风险", "High risk"),
        "elderly-alone" => T("独居老人", "Elderly, living alone"),
        "disabled" => T("残疾人", "Disabled"),
        "low-income" => T("低收入", "Low income"),
        "veteran" => T("退役军人", "Veteran"),
        _ when tag.StartsWith("chain:", StringComparison.Ordinal) => T($"产业链·{tag[6..]}", $"Chain: {tag[6..]}"),
        _ => tag,
    };

    /// <summary>What a bad field needs, next to it; <see cref="FieldError.Message"/> is the API's English.</summary>
    public string Error(FieldError error)
    {
        if (!_zh)
        {
            return error.Message;
        }
        var field = error.Field[(error.Field.LastIndexOf('.') + 1)..];
        return (field, error.Problem) switch
        {
            ("status", _) => "请选择走访结果",
            ("visitedAt", FieldProblem.Required) => "请填写走访时间",
            ("visitedAt", FieldProblem.InFuture) => "时间晚于现在，请检查手机的时间",
            ("visitedAt", FieldProblem.BeforeWindow) => $"早于这一轮走访（{error.Limit} 开始），请检查日期",
            ("visitedAt", _) => "时间格式不对，请按“年-月-日 时:分”填写",
            ("problems", _) => $"一次最多报 {error.Limit} 个问题",
            ("category", FieldProblem.Required) => "请选择问题类别",
            ("description", FieldProblem.Required) => "请描述问题",
            ("reason", FieldProblem.Required) => "请写明退回原因",
            ("category", FieldProblem.Invalid) => "请从列表中选择类别",
            ("rating", _) => "请选择评分（1-5分）",
            ("notSolved", FieldProblem.Required) => "请写明还有什么没有解决",
            ("resolution", FieldProblem.Required) => "请写明办理结果",
            (_, FieldProblem.TooLong) => $"最多 {error.Limit} 个字",
            _ => "请检查这一项",
        };
    }

    // Problems
    public string Reference => T("编号", "Reference");
    public string Target => T("走访对象", "Target");
    public string Source => T("来源", "Reported from");
    public string FromVisit(DateOnly day, string names) => T($"{Day(day)}走访（{names}）", $"the visit of {Day(day)} ({names})");
    public string Direct(string by) => T($"直接受理（{by}）", $"reported directly ({by})");
    public string FromRequest(TargetKind kind) => kind == TargetKind.Enterprise ? T("企业下单", "the enterprise's own request") : T("居民点单", "the household's own request");
    public string PreferredTimeShort => T("希望上门时间", "Preferred time");
    public string ReportedAt => T("上报时间", "Reported");
    public string Department => T("承办部门", "Department");
    public string Due => T("期限", "Due");
    public string ResolveWithin(int days) => T($"签收后 {days} 天内办结", $"resolve within {days} day{(days == 1 ? "" : "s")} of accepting");
    public string Left(TimeSpan span) => T($"剩余 {Span(span)}", $"{Span(span)} left");
    public string Late(TimeSpan span) => T($"已超期 {Span(span)}", $"{Span(span)} overdue");
    public string History => T("办理记录", "History");
    public string Urgency => T("紧急", "Urgent");
    public string Accept => T("签收", "Accept");
    public string AcceptHint => T("签收后开始计算办理期限。", "Accepting starts the clock for resolving it.");
    public string Return => T("退回", "Return");
    public string ReturnReason => T("退回原因（例如不属于本部门职责）", "Why you return it (e.g. not your department's)");
    public string Resolve => T("办结", "Resolve");
    public string Resolution => T("办理结果", "What was done");
    public string Copy(string department) => T($"抄送（只读）：此问题由 {department} 办理，本链接只能查看。", $"A copy, read-only: {department} handles this problem.");
    public string Done(string action) => action switch
    {
        "accept" => T("已签收，请在期限内办结。", "Accepted: resolve it before the due time."),
        "return" => T("已退回，协调人会重新派单。", "Returned: the coordinator will dispatch it again."),
        _ => T("已办结，谢谢！", "Resolved. Thank you!"),
    };
    public string StepRefused(ProblemStatus status) => T($"这一步现在不能做：问题目前{StatusWord(status)}。", $"This step is not possible now: the problem is {StatusWord(status).ToLowerInvariant()}.");
    public string NowWith(string department) => T($"该问题已转给 {department}，不再由您办理。", $"This problem is now with {department}, not with you.");
    public string Changed => T("问题刚被更新，请看最新状态后再操作。", "The problem just changed: check it again before you act.");

    public string StatusWord(ProblemStatus status) => status switch
    {
        ProblemStatus.Reported => T("待派单", "Waiting for dispatch"),
        ProblemStatus.Dispatched => T("待签收", "Waiting to be accepted"),
        ProblemStatus.Accepted => T("办理中", "In progress"),
        ProblemStatus.Returned => T("已退回", "Returned"),
        ProblemStatus.Resolved => T("已办结", "Resolved"),
        ProblemStatus.Evaluated => T("已评价", "Rated"),
        _ => T("督办中", "Escalated"),
    };

    /// <summary>Who took a step, by name where the roster knows them.</summary>
    public string Actor(string id, IReadOnlyDictionary<string, string> names) =>
        names.TryGetValue(id, out var name) ? name
        : id switch
        {
            "coordinator" => T("协调人", "coordinator"),
            "department" => T("部门", "department"),
            RequestService.Actor => T("诉求人", "the requester"),
            EscalationService.RatingTimerActor => T("系统", "the app"),
            _ => id,
        };

    /// <summary>
    /// What a history entry adds: the reason, resolution or comment people wrote. The workflow's own notes are English
    /// (department ids, deadlines); the Chinese page leaves them out, as the page says the same above.
    /// </summary>
    public string? Detail(ProblemEvent step) =>
        step.Action is ProblemAction.Return or ProblemAction.Resolve or ProblemAction.Reopen || !_zh ? NonEmpty(step.Detail)
        : step.Action == ProblemAction.Evaluate && step.Actor == EscalationService.RatingTimerActor ? "默认满意"
        : step.Action == ProblemAction.Evaluate ? NonEmpty(step.Detail.Replace("rating", "评分", StringComparison.Ordinal))
        : null;

    public string ActionWord(ProblemAction action) => action switch
    {
        ProblemAction.Report => T("上报", "reported"),
        ProblemAction.Dispatch => T("派单", "dispatched"),
        ProblemAction.Accept => T("签收", "accepted"),
        ProblemAction.Return => T("退回", "returned"),
        ProblemAction.Resolve => T("办结", "resolved"),
        ProblemAction.Evaluate => T("评价", "rated"),
        ProblemAction.Reopen => T("评价为未解决", "said not solved"),
        _ => T("督办", "escalated"),
    };

    // Requests and ratings (企业下单、居民点单, 评价反馈)
    public string RequestTitle(TargetKind kind) => kind == TargetKind.Enterprise ? T("企业下单", "Ask us (enterprise)") : T("居民点单", "Ask us (household)");
    public string NewRequest => T("提出新的诉求", "Ask for something");
    public string RequestIntro => T("有困难、有需求，请在这里告诉我们，网格员会尽快与您联系。", "Tell us what you need here: your grid worker will be in touch soon.");
    public string Need => T("需求描述", "What you need");
    public string PreferredTime => T("希望上门时间（可不填）", "Preferred time (optional)");
    public string PreferredExample => T("例如：工作日上午", "e.g. weekday mornings");
    public string PlacedToday(int placed, int cap, int maxLength) => T(
        $"今天已提交 {placed}/{cap} 条；每条最多 {maxLength} 个字。",
        $"{placed} of {cap} placed today; at most {maxLength} characters each.");
    public string Submit => T("提交", "Send");
    public string Placed => T("已提交，网格员会尽快与您联系。", "Sent: your grid worker will be in touch soon.");
    public string Capped(int cap) => T(
        $"今天已提交 {cap} 条诉求，达到每日上限，这一条没有提交。请明天再提交；急事请直接打电话给下方的网格负责人。",
        $"You have placed {cap} requests today, the daily limit, so this one was not sent. Send it tomorrow; if it is urgent, call the coordinator below.");
    public string MyRequests => T("我的诉求", "Your requests");
    public string Colon => T("：", ": ");
    public string NoRequests => T("还没有提交过诉求。", "Nothing asked yet.");
    public string RequestStatus(ProblemStatus status) => status switch
    {
        ProblemStatus.Reported => T("已受理", "Received"),
        ProblemStatus.Dispatched => T("已派单", "Sent to a department"),
        ProblemStatus.Accepted => T("办理中", "Being handled"),
        ProblemStatus.Returned => T("重新派单中", "Being sent again"),
        ProblemStatus.Resolved => T("已办结，待您评价", "Resolved: please rate it"),
        ProblemStatus.Evaluated => T("已评价", "Rated"),
        _ => T("督办中", "Chased (督办)"),
    };
    public string RatingTitle => T("评价办理结果", "Rate the fix");
    public string RateLegend => T("您对办理结果满意吗？", "Are you satisfied with what was done?");
    public string Stars(int rating) => rating switch
    {
        5 => T("5分 · 很满意", "5 · very satisfied"),
        4 => T("4分 · 满意", "4 · satisfied"),
        3 => T("3分 · 一般", "3 · so-so"),
        2 => T("2分 · 不太满意", "2 · not quite"),
        _ => T("1分 · 不满意", "1 · poor"),
    };
    public string CommentLabel => T("意见建议（可不填）", "Comment (optional)");
    public string Rate => T("提交评价", "Send the rating");
    public string RateBy(DateTimeOffset at) => T($"请于 {When(at)} 前评价，逾期视为满意。", $"Rate it by {When(at)}; after that it counts as satisfied.");
    public string NotSolvedLabel => T("问题没有解决？请写明还有什么没解决：", "Not solved? Say what is still wrong:");
    public string NotSolved => T("问题没有解决", "It is not solved");
    public string Rated => T("已收到您的评价，谢谢！", "Thank you for your rating!");
    public string Reopened => T("已收到，问题已退回重新办理，我们会再与您联系。", "Noted: the problem goes back to be handled again; we will be in touch.");
    public string NotWaiting => T("这个问题现在不需要评价。", "This problem does not wait for a rating now.");

    /// <summary>Where a problem's rating stands, for its requester.</summary>
    public string RatingState(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem switch
        {
            { Stage: ProblemStatus.Evaluated, EvaluatedBy: Evaluator.Default } => T("逾期未评价，已按默认满意处理。", "Not rated in time: counted as satisfied."),
            { Stage: ProblemStatus.Evaluated, EvaluatedBy: Evaluator.Requester, Rating: { } rating } => T($"您已评价 {rating} 分，谢谢！", $"You rated it {rating}. Thank you!"),
            { Stage: ProblemStatus.Evaluated, Rating: { } rating } => T($"协调人回访评价 {rating} 分。", $"Rated {rating} by the coordinator on your behalf."),
            { Stage: ProblemStatus.Evaluated } => T("已评价。", "Rated."),
            { Dissatisfied: > 0 } => T($"您反映问题未解决，正在重新办理（{RequestStatus(problem.Status)}）。", $"You said it was not solved: it is being handled again ({RequestStatus(problem.Status)})."),
            _ => RequestStatus(problem.Status),
        };
    }

    // Links that open nothing
    public (string Title, string Body) Refusal(LinkRefusal reason, bool problem, DateTimeOffset? expiredAt, bool requests = false) => reason switch
    {
        LinkRefusal.Replaced => (T("二维码已更换", "This link has been replaced"),
            T("网格负责人已为您更换了新的二维码（链接），这个旧的不能再用。请向下方的网格负责人索取新的。", "The coordinator has replaced this QR code (link) with a new one, so this one no longer works. Ask the coordinator below for the new one.")),
        LinkRefusal.NotFound when requests => (T("找不到这个单位或住户", "No such enterprise or household"),
            T("这个二维码对应的单位或住户已不在名单中。请联系下方的网格负责人。", "The enterprise or household of this QR code is no longer on the list. Ask the coordinator below.")),
        LinkRefusal.Incomplete => (T("链接不完整", "The link is incomplete"),
            T("这个链接缺了一部分，可能是复制时没有复制全。请直接点开短信里的链接。", "Part of this link is missing, perhaps it was cut when copied. Open the link in the SMS itself.")),
        LinkRefusal.Forged => (T("链接无效", "The link is not valid"),
            T("这个链接被改动过，无法打开。请使用短信里的原链接。", "This link has been altered and cannot be opened. Use the link exactly as the SMS has it.")),
        LinkRefusal.OtherKey => (T("链接已失效", "The link no longer works"),
            T("系统已更换安全密钥，这个旧链接不能再用。请使用最新短信里的链接。", "The app's security key has changed since this link was sent. Use the link in your latest SMS.")),
        LinkRefusal.Expired => (T("链接已过期", "The link has expired"),
            T($"这个链接的有效期到 {When(expiredAt)} 为止。请使用最新短信里的链接。", $"This link was valid until {When(expiredAt)}. Use the link in your latest SMS.")),
        LinkRefusal.NotFound when problem => (T("找不到这个问题", "No such problem"),
            T("这个问题已不在系统中。", "This problem is no longer in the system.")),
        LinkRefusal.NotFound => (T("找不到这次走访", "This visit is no longer planned"),
            T("走访安排已调整（改期或改派给别人）。请看最新短信里的安排。", "The plan has changed (another day, or another visitor). See your latest SMS.")),
        LinkRefusal.Closed => (T("问题已办结", "The problem is closed"),
            T("这个问题已经办结，链接不需要再操作。", "This problem is closed: there is nothing left to do with this link.")),
        LinkRefusal.ReadOnly => (T("这个链接只能查看", "This link only reads"),
            T("这是一份抄送，只能查看，不能办理或登记。", "This is a copy: it shows, but takes no step and records nothing.")),
        LinkRefusal.Unavailable => (T("暂时打不开", "Not available just now"),
            T("系统暂时无法处理，请稍后再点开链接。如果刚才提交了内容，请稍后再提交一次。", "The app cannot answer just now. Open the link again in a little while; if you were saving something, save it again then.")),
        _ => (T("这个链接不能做这件事", "This link cannot do that"),
            T("每个链接只对应一次走访或一个问题。请使用对应短信里的链接。", "Each link is for one visit or one problem. Use the link from that SMS.")),
    };

    // The entry page, where a code from an SMS that could not carry a link is typed

    public string CodeTitle => T("输入短信里的登记码", "Enter the code from your SMS");

    public string CodeIntro => T("短信里没有链接时，会附一个8位登记码。输入登记码和收到短信的手机号后四位，即可打开对应的页面。",
        "Where an SMS cannot carry a link it carries an 8-character code. Type it with the last four digits of the phone that received the SMS to open its page.");

    public string CodeLabel => T("登记码", "Code");

    public string CodeExample => T("例如 K7QM-4TXA，不区分大小写", "e.g. K7QM-4TXA; capitals or not");

    public string DigitsLabel => T("手机号后四位", "Last four digits of your phone");

    public string CodeSubmit => T("打开", "Open");

    /// <summary>Why a typed code opened nothing; null when it opened.</summary>
    public string? CodeRefused(CodeRefusal refusal, DateTimeOffset? expiredAt) => refusal switch
    {
        CodeRefusal.Malformed => T("登记码是8位字母和数字，手机尾号是4位数字，请检查后重新输入。", "A code has 8 letters and digits, and the phone's ending 4 digits: check them and try again."),
        CodeRefusal.Wrong => T("登记码或手机尾号不对，请对照短信重新输入。", "The code or the digits are not right: check them against the SMS and try again."),
        CodeRefusal.Expired => T($"这个登记码的有效期到 {When(expiredAt)} 为止。请使用最新短信里的登记码。", $"This code was valid until {When(expiredAt)}. Use the code in your latest SMS."),
        CodeRefusal.Locked => T("这个登记码输错次数太多，已经锁定。请联系给您发短信的网格负责人。", "Too many wrong tries were made with this code, so it is locked. Ask the grid coordinator who sent you the SMS."),
        CodeRefusal.TooManyTries => T("输错次数太多，请一小时后再试。", "Too many wrong tries: try again in an hour."),
        _ => null,
    };

    public string AskForHelp => T("如需帮助，请联系给您发短信的网格负责人。", "For help, ask the grid coordinator who sent you the SMS.");

    /// <summary>A phone number as people read it: a mainland mobile as <c>138 0013 8000</c>, anything else as stored.</summary>
    public static string Phone(string e164) =>
        e164 is ['+', '8', '6', '1', ..] && e164.Length == 14 && e164[3..].All(char.IsAsciiDigit)
            ? $"{e164[3..6]} {e164[6..10]} {e164[10..]}"
            : e164;

    public string Day(DateOnly day) => _zh
        ? string.Create(CultureInfo.InvariantCulture, $"{day.Month}月{day.Day}日（{"日一二三四五六"[(int)day.DayOfWeek]}）")
        : day.ToString("ddd d MMM", CultureInfo.InvariantCulture);

    public string When(DateTimeOffset? at)
    {
        if (at is not { } moment)
        {
            return "";
        }
        var local = moment.ToOffset(ChinaTime.Offset);
        return _zh
            ? string.Create(CultureInfo.InvariantCulture, $"{local.Month}月{local.Day}日 {local:HH:mm}")
            : local.ToString("d MMM HH:mm", CultureInfo.InvariantCulture);
    }

    private string Span(TimeSpan span)
    {
        var (days, hours) = ((int)span.TotalDays, span.Hours);
        return _zh
            ? days > 0 ? $"{days} 天 {hours} 小时" : $"{hours} 小时 {span.Minutes} 分"
            : days > 0 ? $"{days} d {hours} h" : $"{hours} h {span.Minutes} min";
    }

    private string T(string zh, string en) => _zh ? zh : en;

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
