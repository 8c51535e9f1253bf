namespace Outreach.Problems;

/// <summary>
/// Where a problem stands, serialised as <c>reported</c>, <c>dispatched</c>, … A problem's
/// <see cref="Problem.Stage"/> is never <see cref="Escalated"/>: escalation is a flag on an open stage,
/// and <see cref="Problem.Status"/> shows <see cref="Escalated"/> while that flag is set and the problem
/// is open.
/// </summary>
public enum ProblemStatus
{
    /// <summary>问题上报: raised by a visit or opened by a coordinator, waiting to be dispatched.</summary>
    Reported,

    /// <summary>接收分流: sent to a department, waiting for it to accept.</summary>
    Dispatched,

    /// <summary>部门接单: the department has accepted it; its SLA clock runs.</summary>
    Accepted,

    /// <summary>退单: the department sent it back to the coordinator with a reason.</summary>
    Returned,

    /// <summary>The department says it is fixed, waiting for the reporter's rating.</summary>
    Resolved,

    /// <summary>评价反馈: rated by the enterprise or household. Final.</summary>
    Evaluated,

    /// <summary>督办: an open problem that went past its deadline. Only ever a <see cref="Problem.Status"/>.</summary>
    Escalated,
}

/// <summary>How pressing a problem is, serialised as <c>normal</c> or <c>urgent</c>.</summary>
public enum ProblemUrgency
{
    /// <summary>The default.</summary>
    Normal,

    /// <summary>Flagged by the reporter as needing quick attention.</summary>
    Urgent,
}

/// <summary>What a history entry records, serialised as <c>report</c>, <c>dispatch</c>, …</summary>
public enum ProblemAction
{
    /// <summary>The problem was opened.</summary>
    Report,

    /// <summary>Sent to a department (again, after a return).</summary>
    Dispatch,

    /// <summary>The department took it on (签收).</summary>
    Accept,

    /// <summary>The department sent it back (退单).</summary>
    Return,

    /// <summary>The department fixed it.</summary>
    Resolve,

    /// <summary>The reporter rated the fix (回访).</summary>
    Evaluate,

    /// <summary>The escalation timer marked it overdue (督办).</summary>
    Escalate,

    /// <summary>The requester said the fix did not solve it (不满意): back to the coordinator, returned.</summary>
    Reopen,
}

/// <summary>Where a problem came from, serialised as <c>visit</c>, <c>direct</c> or <c>request</c>.</summary>
public enum ProblemSource
{
    /// <summary>Opened by a coordinator (12345 hotline, walk-in).</summary>
    Direct,

    /// <summary>Found on a visit.</summary>
    Visit,

    /// <summary>Asked for by the enterprise or household itself through its request link (企业下单、居民点单).</summary>
    Request,
}

/// <summary>Who evaluated a resolved problem, serialised as <c>requester</c>, <c>coordinator</c> or <c>default</c>.</summary>
public enum Evaluator
{
    /// <summary>A coordinator, on the requester's behalf (回访 by phone).</summary>
    Coordinator,

    /// <summary>The target's contact, through the link in the rating SMS.</summary>
    Requester,

    /// <summary>Nobody answered in time: 默认满意, as the 12345 practice counts it.</summary>
    Default,
}

/// <summary>Wire names of <see cref="ProblemSource"/> and <see cref="Evaluator"/>.</summary>
public static class ProblemSources
{
    /// <summary>The JSON and Table Storage value.</summary>
    public static string ToWire(this ProblemSource source) => source switch
    {
        ProblemSource.Direct => "direct",
        ProblemSource.Visit => "visit",
        ProblemSource.Request => "request",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    /// <summary>The JSON and Table Storage value.</summary>
    public static string ToWire(this Evaluator evaluator) => evaluator switch
    {
        Evaluator.Coordinator => "coordinator",
        Evaluator.Requester => "requester",
        Evaluator.Default => "default",
        _ => throw new ArgumentOutOfRangeException(nameof(evaluator), evaluator, null),
    };

    /// <summary>Parses a wire name exactly; false for anything else.</summary>
    public static bool TryParse(string? text, out ProblemSource source) => WireNames.TryParse(text, ToWire, out source);

    /// <summary>Parses a wire name exactly; false for anything else.</summary>
    public static bool TryParse(string? text, out Evaluator evaluator) => WireNames.TryParse(text, ToWire, out evaluator);
}

/// <summary>Wire names of <see cref="ProblemStatus"/>.</summary>
public static class ProblemStatuses
{
    /// <summary>The stages a problem can still move on from; <see cref="ProblemWorkflow"/> escalates only these.</summary>
    public static bool IsOpen(this ProblemStatus stage) =>
        stage is ProblemStatus.Reported or ProblemStatus.Dispatched or ProblemStatus.Accepted or ProblemStatus.Returned;

    /// <summary>The JSON and Table Storage value.</summary>
    public static string ToWire(this ProblemStatus status) => status switch
    {
        ProblemStatus.Reported => "reported",
        ProblemStatus.Dispatched => "dispatched",
        ProblemStatus.Accepted => "accepted",
        ProblemStatus.Returned => "returned",
        ProblemStatus.Resolved => "resolved",
        ProblemStatus.Evaluated => "evaluated",
        ProblemStatus.Escalated => "escalated",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parses a wire name exactly (case-sensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out ProblemStatus status) => WireNames.TryParse(text, ToWire, out status);
}

/// <summary>Wire names of <see cref="ProblemUrgency"/>.</summary>
public static class ProblemUrgencies
{
    /// <summary>The JSON and Table Storage value.</summary>
    public static string ToWire(this ProblemUrgency urgency) => urgency switch
    {
        ProblemUrgency.Normal => "normal",
        ProblemUrgency.Urgent => "urgent",
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, null),
    };

    /// <summary>Parses a wire name exactly (case-sensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out ProblemUrgency urgency) => WireNames.TryParse(text, ToWire, out urgency);
}

/// <summary>Wire names of <see cref="ProblemAction"/>; also the last segment of <c>POST /api/problems/{id}/{action}</c>.</summary>
public static class ProblemActions
{
    /// <summary>The JSON and Table Storage value.</summary>
    public static string ToWire(this ProblemAction action) => action switch
    {
        ProblemAction.Report => "report",
        ProblemAction.Dispatch => "dispatch",
        ProblemAction.Accept => "accept",
        ProblemAction.Return => "return",
        ProblemAction.Resolve => "resolve",
        ProblemAction.Evaluate => "evaluate",
        ProblemAction.Escalate => "escalate",
        ProblemAction.Reopen => "reopen",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>Parses a wire name exactly (case-sensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out ProblemAction action) => WireNames.TryParse(text, ToWire, out action);
}

/// <summary>Reads an enum back from its wire name, the one lookup the problem enums share.</summary>
internal static class WireNames
{
    public static bool TryParse<T>(string? text, Func<T, string> toWire, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(toWire(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
