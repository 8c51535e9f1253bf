using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Problems;
using Outreach.Reports;
using Outreach.Roster;

namespace Outreach.Core.Tests.Reports;

/// <summary>
/// December 2026 in two grids, computed by hand in the tests. Default policies: elderly-alone 7 days, key and
/// chain enterprises 14, other enterprises 30, households 90. Reported on 2027-01-05.
/// </summary>
internal static class ReportFixture
{
    public static readonly ReportPeriod December = new(D(12, 1), D(12, 31));
    public static readonly DateOnly AsOf = new(2027, 1, 5);
    public static readonly DateTimeOffset Now = new(2027, 1, 5, 9, 0, 0, ChinaTime.Offset);

    public static readonly Grid[] Grids = [new("g1", "仙山一网格", "仙山社区"), new("g2", "凯地家园一网格", "凯地家园"), new("g3", "凯地家园二网格", "凯地家园")];

    public static readonly Visitor[] Visitors =
    [
        new("v1", "王芳", "+8613800138001", "grid-member", ["g1"], 10, []),
        new("v2", "李强", "+8613800138002", "grid-member", ["g1", "g2"], 10, []),
        // On leave for the week of 14 December, and given nothing to do: not a laggard.
        new("v3", "赵敏", "+8613800138003", "party-member", ["g2"], 5, [new DateRange(D(12, 14), D(12, 20))]),
    ];

    public static readonly Target[] Targets =
    [
        Household("h1", "g1", "elderly-alone"),
        // Its visits straddle a week with no working day (as a holiday week would): 1 and 9 December, 8 days apart.
        Household("h2", "g1", "elderly-alone"),
        // In a grid nobody covers: never visited.
        Household("h3", "g3"),
        // Added mid-period: its first window is 15–28 December and its visit on the 22nd was not made.
        Enterprise("e1", "g2", "chain:农化植保"),
        Enterprise("e2", "g1", "key"),
        // Added after the period: not counted.
        Enterprise("e3", "g2", "chain:精细化工"),
        // Last visited 10 November (30-day interval); the December visit found nobody there.
        Enterprise("e4", "g1"),
        // Imported with the roster, but its first visit (a 90-day household) is past the plan's horizon: not planned yet.
        Household("h5", "g1"),
        // Added on 20 December: its first window (30 days) closes on 18 January, after the period: not due yet.
        Enterprise("e5", "g2"),
    ];

    public static readonly Visit[] Visits =
    [
        Done("h1", "g1", D(11, 27), "v2"), Done("h1", "g1", D(12, 3), "v1"), Done("h1", "g1", D(12, 10), "v2"),
        Done("h1", "g1", D(12, 17), "v1"), Done("h1", "g1", D(12, 24), "v2"), Done("h1", "g1", D(12, 31), "v1"),
        Done("h2", "g1", D(12, 1), "v1"), Done("h2", "g1", D(12, 9), "v1"), Done("h2", "g1", D(12, 15), "v2"),
        Done("h2", "g1", D(12, 22), "v1"), Done("h2", "g1", D(12, 29), "v2"),
        new Visit("e1", TargetKind.Enterprise, "g2", D(12, 22), ["v2"], 0, D(12, 15), D(12, 28), D(12, 22)),
        Done("e2", "g1", D(11, 20), "v1"), Done("e2", "g1", D(12, 2), "v1"), Done("e2", "g1", D(12, 16), "v2"), Done("e2", "g1", D(12, 29), "v1"),
        new Visit("e3", TargetKind.Enterprise, "g2", new DateOnly(2027, 1, 8), ["v2"], 0, new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 17), new DateOnly(2027, 1, 8)),
        Done("e4", "g1", D(11, 10), "v1"),
        new Visit("e4", TargetKind.Enterprise, "g1", D(12, 10), ["v1"], 4, D(11, 11), D(12, 10), D(12, 10), VisitStatus.NotReachable),
        new Visit("e4", TargetKind.Enterprise, "g1", new DateOnly(2027, 1, 8), ["v1"], 5, D(12, 11), new DateOnly(2027, 1, 9), new DateOnly(2027, 1, 8)),
        new Visit("e5", TargetKind.Enterprise, "g2", new DateOnly(2027, 1, 11), ["v2"], 0, D(12, 20), new DateOnly(2027, 1, 18), new DateOnly(2027, 1, 11)),
    ];

    public static readonly Problem[] Problems =
    [
        // Accepted 4 h after dispatch, resolved 48 h after the report, rated 5.
        Problem("g1~1", "g1", "h1", "用工", "v1", At(12, 3, 10)) with
        {
            Stage = ProblemStatus.Evaluated, Department = "hr", DispatchedAt = At(12, 3, 12), AcceptedAt = At(12, 3, 16),
            ResolvedAt = At(12, 5, 10), Rating = 5,
        },
        // Accepted 24 h after dispatch, past its deadline on 15 December and escalated.
        Problem("g1~2", "g1", "h2", "道路", "v1", At(12, 9, 9)) with
        {
            Stage = ProblemStatus.Accepted, Department = "urban", DispatchedAt = At(12, 9, 10), AcceptedAt = At(12, 10, 10),
            DueAt = At(12, 15, 10), Escalated = true, EscalatedAt = At(12, 16, 0),
            // Status reads "escalated in its stage" off the history, so the escalation is there too.
            History = [new ProblemEvent(At(12, 16, 0), ProblemWorkflow.TimerActor, ProblemAction.Escalate, ProblemStatus.Accepted, ProblemStatus.Accepted, "not resolved by 2026-12-15 10:00 +08:00")],
        },
        Problem("g2~1", "g2", "e1", "用工", "v2", At(12, 22, 15)),
        // Accepted 2 h after dispatch, resolved 96 h after the report, not rated yet.
        Problem("g1~3", "g1", "e2", "融资", "v2", At(12, 16, 8)) with
        {
            Stage = ProblemStatus.Resolved, Department = "finance", DispatchedAt = At(12, 16, 9), AcceptedAt = At(12, 16, 11), ResolvedAt = At(12, 20, 8),
        },
        // Reported in November: not counted, but still overdue now.
        Problem("g1~0", "g1", "e4", "用工", "v1", At(11, 20, 9)) with
        {
            Stage = ProblemStatus.Accepted, Department = "hr", DispatchedAt = At(11, 20, 10), AcceptedAt = At(11, 21, 10), DueAt = At(11, 30, 10),
        },
    ];

    public static ReportData Data(IReadOnlyList<Visit>? visits = null, IReadOnlyList<Problem>? problems = null) =>
        new(December, AsOf, Grids, Visitors, Targets, PolicyBook.Defaults, visits ?? Visits, problems ?? Problems);

    public static DateOnly D(int month, int day) => new(2026, month, day);

    private static DateTimeOffset At(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, ChinaTime.Offset);

    private static Target Household(string id, string grid, params string[] tags) => new(id, TargetKind.Household, id + "号", grid, tags);

    private static Target Enterprise(string id, string grid, params string[] tags) => new(id, TargetKind.Enterprise, id + "公司", grid, tags);

    private static Visit Done(string target, string grid, DateOnly day, string visitor) =>
        new(target, target.StartsWith('e') ? TargetKind.Enterprise : TargetKind.Household, grid, day, [visitor], 3, day, day, day, VisitStatus.Completed, day);

    private static Problem Problem(string id, string grid, string target, string category, string by, DateTimeOffset at) => new()
    {
        Id = id,
        Grid = grid,
        TargetId = target,
        Category = category,
        Description = category,
        ReportedAt = at,
        ReportedBy = by,
        Stage = ProblemStatus.Reported,
        History = [],
    };
}
