using Outreach.Planning;
using Outreach.Problems;
using Outreach.Roster;

namespace Outreach.Links;

/// <summary>What an SMS link opens: a visitor's visits, a department's problem, or why it opens nothing.</summary>
public abstract record LinkView;

/// <summary>
/// A visitor's visits: every visit of a day link's day, or the one visit of a visit link, in the order a visitor
/// walks them (grid, building, address).
/// </summary>
/// <param name="Visitor">Who the link was sent to.</param>
/// <param name="Day">The day of a day link; null for a visit link.</param>
/// <param name="Supervisor">Whom the visitor asks when something is wrong, when the roster names someone.</param>
public sealed record VisitsView(LinkGrant Grant, Visitor Visitor, DateOnly? Day, IReadOnlyList<FieldVisit> Visits, Contact? Supervisor) : LinkView
{
    /// <summary>The points rules a household's visit may award (<c>points-rules.csv</c>): none without a household visit or a points passbook.</summary>
    public IReadOnlyList<Points.PointsRule> Rules { get; init; } = [];
}

/// <summary>One visit with what a visitor wants to know at the door.</summary>
/// <param name="Visit">As stored, with its ETag: a correction names it.</param>
/// <param name="Target">Null when the target has left the roster since the plan.</param>
/// <param name="Team">Every visitor assigned, the link's own visitor among them (两人一组).</param>
/// <param name="Previous">The last earlier visit to the target with an outcome, looking back one cadence window.</param>
/// <param name="OpenProblems">The target's other problems still being worked on (those this visit raised are on its outcome).</param>
public sealed record FieldVisit(Visit Visit, Target? Target, IReadOnlyList<Visitor> Team, Visit? Previous, IReadOnlyList<Problem> OpenProblems);

/// <summary>A problem for the department it is with (or, read-only, for the supervisor's copy).</summary>
/// <param name="ETag">The stored row's ETag when read.</param>
/// <param name="CanAct">
/// Whether the link may take the department's steps now: a department's own link while the problem is still with that
/// department. A copy only reads, and so does a department's link once the problem has gone to another.
/// </param>
/// <param name="Deadline">When the current stage is due (accept, or resolve once accepted); past it, the problem is escalated (督办).</param>
/// <param name="Visit">The visit that raised it, when one did.</param>
/// <param name="Reporters">The visitors of that visit, or whoever reported it when found in the roster.</param>
/// <param name="Names">The names of the departments and people in its history, by id, to show instead of ids.</param>
/// <param name="Coordinator">The grid's supervisor: whom the department asks.</param>
public sealed record ProblemView(
    LinkGrant Grant,
    Problem Problem,
    string ETag,
    bool CanAct,
    DateTimeOffset? Deadline,
    Target? Target,
    Visit? Visit,
    IReadOnlyList<Visitor> Reporters,
    IReadOnlyDictionary<string, string> Names,
    Department? Department,
    Contact? Coordinator) : LinkView;

/// <summary>
/// A supervisor's people and their visits still waiting for an outcome as of <paramref name="Day"/> (the overdue
/// digest's link), read-only: whom to call about what.
/// </summary>
/// <param name="Members">Only those with such visits, each with the visits oldest first.</param>
public sealed record TeamView(LinkGrant Grant, Visitor Supervisor, DateOnly Day, IReadOnlyList<TeamMember> Members) : LinkView;

/// <summary>One of a supervisor's people and their visits without an outcome.</summary>
public sealed record TeamMember(Visitor Visitor, IReadOnlyList<LateVisit> Visits);

/// <summary>A visit past its day without an outcome, with its target (null when it left the roster).</summary>
public sealed record LateVisit(Visit Visit, Target? Target);

/// <summary>Why a link opens nothing, and whom to ask.</summary>
/// <param name="Grant">What the link was for, when its signature is ours (an expired link, a closed problem).</param>
/// <param name="Problem">The closed problem, for <see cref="LinkRefusal.Closed"/>.</param>
public sealed record RefusedView(LinkRefusal Reason, LinkGrant? Grant = null, Contact? AskWhom = null, Problem? Problem = null) : LinkView;

/// <summary>Why a link opens nothing.</summary>
public enum LinkRefusal
{
    /// <summary>Not a whole link: cut short when copied, or not one of ours.</summary>
    Incomplete,

    /// <summary>Its signature does not match: altered, or made up.</summary>
    Forged,

    /// <summary>Signed with a key the app no longer holds (rotated out, or another deployment's).</summary>
    OtherKey,

    /// <summary>Past its expiry: the window of its visits has closed, or a problem link's 30 days are over.</summary>
    Expired,

    /// <summary>What it names is gone: the visit moved in a re-plan, the visitor or problem left the roster.</summary>
    NotFound,

    /// <summary>The problem is resolved or evaluated: nothing is left for the link to do.</summary>
    Closed,

    /// <summary>The link is for another visit or problem than the one posted to.</summary>
    OutOfScope,

    /// <summary>The link only reads (a supervisor's copy or team view): it takes no step and records nothing.</summary>
    ReadOnly,

    /// <summary>The app could not answer just now (storage unreachable or refusing): try again later.</summary>
    Unavailable,

    /// <summary>A request link the coordinator has replaced with a new one (lost, or passed to the wrong people).</summary>
    Replaced,
}

/// <summary>A person to call: a supervisor, a grid coordinator.</summary>
/// <param name="Phone">E.164, when the roster has it.</param>
public sealed record Contact(string Name, string? Phone);

/// <summary>What posting through a link did: the service's result, or why the link could not post; and the link's grant when valid.</summary>
public sealed record LinkPost<T>(T? Result, RefusedView? Refused, LinkGrant? Grant = null)
    where T : class
{
    public static implicit operator LinkPost<T>(RefusedView refused) => new(null, refused, refused.Grant);
}
