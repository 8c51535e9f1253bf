using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Core.Tests.Planning;

/// <summary>Builds planner inputs that read like the situation they describe.</summary>
internal sealed class Scenario
{
    public static readonly DateOnly Monday = new(2026, 3, 2);

    public List<Visitor> Roster { get; } = new();
    public List<Target> Targets { get; } = new();
    public List<Visit> Existing { get; } = new();
    public PolicyBook Policies { get; set; } = PolicyBook.Defaults;
    public WorkingCalendar Calendar { get; set; } = WorkingCalendar.WeekdaysOnly;
    public DateOnly Today { get; set; } = Monday;

    public Scenario Visitor(string id, string grid = "g1", int capacity = 10, string role = "grid-member", params DateRange[] leave)
    {
        Roster.Add(new Visitor(id, id, "+8613800000000", role, grid.Split(';'), capacity, leave));
        return this;
    }

    public Scenario Visitors(int count, string grid = "g1", int capacity = 10, string prefix = "v")
    {
        for (var i = 1; i <= count; i++)
        {
            Visitor($"{prefix}{i}", grid, capacity);
        }
        return this;
    }

    public Scenario Household(string id, string grid = "g1", params string[] tags)
    {
        Targets.Add(new Target(id, TargetKind.Household, id, grid, tags));
        return this;
    }

    public Scenario Households(int count, string grid = "g1", params string[] tags)
    {
        for (var i = 0; i < count; i++)
        {
            Household($"{grid}-h{Targets.Count + 1}", grid, tags);
        }
        return this;
    }

    public Scenario Enterprise(string id, string grid = "g1", params string[] tags)
    {
        Targets.Add(new Target(id, TargetKind.Enterprise, id, grid, tags));
        return this;
    }

    public Scenario Policy(TargetKind kind, int intervalDays, int visitorsPerVisit = 1, string tags = "", string roles = "")
    {
        var split = (string s) => s.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var existing = ReferenceEquals(Policies, PolicyBook.Defaults) ? [] : Policies.Policies;
        Policies = new PolicyBook(existing.Append(new VisitPolicy($"p{existing.Count + 1}", kind, split(tags), intervalDays, visitorsPerVisit, split(roles))));
        return this;
    }

    public PlanRequest Request(DateOnly from, DateOnly to) =>
        new(from, to, Today, Roster.ToList(), Targets.ToList(), Policies, Calendar, Existing.ToList());

    public PlanResult Plan(DateOnly from, DateOnly to) => RotationPlanner.Plan(Request(from, to));

    public PlanResult PlanWeeks(int weeks) => Plan(Monday, Monday.AddDays(7 * weeks - 1));
}
