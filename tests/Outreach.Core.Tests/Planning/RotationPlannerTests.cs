using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Core.Tests.Planning;

public class RotationPlannerTests
{
    private static readonly DateOnly Monday = Scenario.Monday;

    [Fact]
    public void Elderly_living_alone_are_visited_every_week_on_working_days()
    {
        var scenario = new Scenario().Visitors(2).Household("h1", tags: "elderly-alone");

        var plan = scenario.PlanWeeks(4);

        var days = plan.Visits.Select(v => v.Date).ToList();
        Assert.Equal(4, days.Count);
        Assert.All(days, d => Assert.True(scenario.Calendar.IsWorkingDay(d)));
        Assert.All(days.Zip(days.Skip(1)), pair => Assert.Equal(7, pair.Second.DayNumber - pair.First.DayNumber));
        Assert.Empty(plan.Shortfalls);
    }

    [Fact]
    public void Rotation_never_repeats_a_visitor_when_two_are_eligible()
    {
        var scenario = new Scenario().Visitors(2).Household("h1", tags: "elderly-alone");

        var plan = scenario.PlanWeeks(6);

        var visitors = plan.Visits.Select(v => v.VisitorIds.Single()).ToList();
        Assert.Equal(6, visitors.Count);
        Assert.All(visitors.Zip(visitors.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void Over_three_cycles_three_eligible_visitors_each_visit_once()
    {
        var scenario = new Scenario().Visitors(3).Household("h1", tags: "elderly-alone");

        var plan = scenario.PlanWeeks(3);

        Assert.Equal(3, plan.Visits.SelectMany(v => v.VisitorIds).Distinct().Count());
    }

    [Fact]
    public void Public_holidays_are_skipped_and_adjusted_workdays_are_used()
    {
        // Labour Day 2026: 1–5 May off, Saturday 9 May a working day.
        var scenario = new Scenario { Calendar = WorkingCalendar.WithShipped([]), Today = new DateOnly(2026, 4, 27) }
            .Visitor("v1", capacity: 50)
            .Households(40, tags: "elderly-alone");

        var plan = scenario.Plan(new DateOnly(2026, 4, 27), new DateOnly(2026, 5, 10));

        Assert.DoesNotContain(plan.Visits, v => v.Date >= new DateOnly(2026, 5, 1) && v.Date <= new DateOnly(2026, 5, 5));
        Assert.Contains(plan.Visits, v => v.Date == new DateOnly(2026, 5, 9));
        Assert.DoesNotContain(plan.Visits, v => v.Date == new DateOnly(2026, 5, 10));
    }

    [Fact]
    public void Nothing_is_planned_on_leave()
    {
        var leave = new DateRange(Monday, Monday.AddDays(13));
        var scenario = new Scenario().Visitor("v1", leave: leave).Visitor("v2").Households(5, tags: "elderly-alone");

        var plan = scenario.PlanWeeks(3);

        Assert.DoesNotContain(plan.Visits, v => v.VisitorIds.Contains("v1") && leave.Contains(v.Date));
        Assert.Contains(plan.Visits, v => v.VisitorIds.Contains("v1"));
    }

    [Fact]
    public void Weekly_capacity_is_never_exceeded_and_the_rest_is_reported()
    {
        var scenario = new Scenario().Visitor("v1", capacity: 3).Households(5, tags: "elderly-alone");

        var plan = scenario.PlanWeeks(2);

        Assert.All(plan.Visits.GroupBy(v => ChinaTime.WeekStart(v.Date)), week => Assert.Equal(3, week.Count()));
        Assert.Equal(4, plan.Shortfalls.Count);
        Assert.All(plan.Shortfalls, s => Assert.Equal(ShortfallReason.NoCapacity, s.Reason));
        Assert.All(plan.Shortfalls, s => Assert.Contains("raise weekly capacity or add a visitor", s.Detail));
    }

    [Fact]
    public void A_target_no_policy_matches_is_a_shortfall_not_silence()
    {
        var scenario = new Scenario().Visitor("v1").Household("h1").Policy(TargetKind.Enterprise, 30);

        var plan = scenario.PlanWeeks(4);

        var shortfall = Assert.Single(plan.Shortfalls);
        Assert.Equal(("h1", ShortfallReason.NoPolicy), (shortfall.TargetId, shortfall.Reason));
        Assert.Empty(plan.Visits);
    }

    [Fact]
    public void A_grid_nobody_covers_is_a_shortfall()
    {
        var scenario = new Scenario().Visitor("v1", grid: "g1").Household("h1", grid: "g2");

        var plan = scenario.PlanWeeks(4);

        Assert.Equal(ShortfallReason.NoEligibleVisitor, Assert.Single(plan.Shortfalls).Reason);
    }

    [Fact]
    public void Team_visits_send_two_different_visitors_of_an_eligible_role()
    {
        var scenario = new Scenario()
            .Visitor("a", role: "party-affairs").Visitor("b", role: "party-affairs").Visitor("c", role: "volunteer")
            .Enterprise("e1", tags: "tier:1b")
            .Policy(TargetKind.Enterprise, 14, visitorsPerVisit: 2, tags: "tier:1b", roles: "party-affairs");

        var plan = scenario.PlanWeeks(4);

        Assert.Equal(2, plan.Visits.Count);
        Assert.All(plan.Visits, v => Assert.Equal(["a", "b"], v.VisitorIds.Order()));
    }

    [Fact]
    public void First_visits_are_spread_over_the_cycle_not_piled_on_monday()
    {
        var scenario = new Scenario().Visitors(30, capacity: 100).Households(3000).Policy(TargetKind.Household, 28);

        var plan = scenario.PlanWeeks(4);

        var perDay = plan.Visits.GroupBy(v => v.Date).Select(g => g.Count()).ToList();
        Assert.Equal(3000, plan.Visits.Count);
        Assert.Equal(20, perDay.Count);
        Assert.True(perDay.Max() <= 1.3 * perDay.Average(), $"busiest day {perDay.Max()} vs mean {perDay.Average():F0}");
    }

    [Fact]
    public void Nothing_is_planned_before_today()
    {
        var scenario = new Scenario { Today = Monday.AddDays(9) }.Visitors(2).Households(10, tags: "elderly-alone");

        var plan = scenario.PlanWeeks(4);

        Assert.NotEmpty(plan.Visits);
        Assert.All(plan.Visits, v => Assert.True(v.Date >= scenario.Today));
    }

    [Fact]
    public void Replanning_the_same_range_changes_nothing()
    {
        var scenario = new Scenario().Visitors(3).Households(20).Households(5, "g1", "elderly-alone");
        var first = scenario.PlanWeeks(4);

        scenario.Existing.AddRange(first.Visits);
        var again = scenario.PlanWeeks(4);

        Assert.Empty(again.Upserts);
        Assert.Empty(again.Deletes);
        Assert.Equal(first.Visits.Select(v => v.Id), again.Visits.Select(v => v.Id));
    }

    [Fact]
    public void Extending_the_horizon_keeps_every_published_visit()
    {
        var scenario = new Scenario().Visitors(3).Households(30).Households(5, "g1", "elderly-alone");
        var first = scenario.PlanWeeks(4);

        scenario.Existing.AddRange(first.Visits);
        var longer = scenario.PlanWeeks(8);

        Assert.Empty(longer.Deletes);
        Assert.All(first.Visits, v => Assert.Contains(longer.Visits, w => w.SameAs(v)));
        Assert.DoesNotContain(longer.Upserts, u => first.Visits.Any(v => v.Id == u.Id));
    }

    /// <summary>
    /// Found by CsCheck (seed 7lfbn-H0kf52 of <see cref="PlannerGuaranteeTests.Extending_the_horizon_moves_no_published_visit"/>),
    /// reduced to the targets, visitors and days it needs: v0 and v3 on leave in one week, pair visits every five
    /// days and five daily visits. Filling t7's pair window, one augmenting path went through both visitor-weeks of
    /// t16's pair visit: it gave one member to v0 on Wednesday (back from leave), then the other member to v2 back
    /// on Tuesday, judged against the visit as it stood before the first move, so v0 went along onto the last day
    /// of their leave. The next plan found that published visit infeasible and deleted it.
    /// </summary>
    [Fact]
    public void A_repair_path_never_moves_one_pair_visit_twice_so_extending_the_horizon_deletes_nothing()
    {
        var from = new DateOnly(2026, 2, 13);
        var scenario = new Scenario
        {
            Today = from,
            Policies = new PolicyBook([]),
            Calendar = new WorkingCalendar([],
            [
                new CalendarEntry(new DateOnly(2026, 2, 15), DayKind.Workday),
                new CalendarEntry(new DateOnly(2026, 2, 17), DayKind.Holiday),
                new CalendarEntry(new DateOnly(2026, 2, 19), DayKind.Holiday),
                new CalendarEntry(new DateOnly(2026, 3, 7), DayKind.Workday),
            ]),
        };
        scenario
            .Visitor("v0", capacity: 9, leave: new DateRange(new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 10)))
            .Visitor("v1", capacity: 1)
            .Visitor("v2", capacity: 4)
            .Visitor("v3", capacity: 10, leave: new DateRange(new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 19)))
            .Visitor("v4", capacity: 11)
            .Visitor("v5", capacity: 8)
            .Policy(TargetKind.Household, 1, tags: "elderly-alone")
            .Policy(TargetKind.Enterprise, 5, visitorsPerVisit: 2, tags: "tier:1b")
            .Policy(TargetKind.Household, 90)
            .Household("t1");
        foreach (var id in new[] { "t2", "t9", "t18", "t19", "t20" })
        {
            scenario.Household(id, tags: "elderly-alone");
        }
        foreach (var id in new[] { "t3", "t7", "t12", "t13", "t16", "t21" })
        {
            scenario.Enterprise(id, tags: "tier:1b");
        }
        var to = new DateOnly(2026, 3, 24);
        var first = scenario.Plan(from, to);

        var visitors = scenario.Roster.ToDictionary(v => v.Id);
        Assert.DoesNotContain(first.Visits, v => v.VisitorIds.Any(id => visitors[id].IsOnLeave(v.Date)));
        scenario.Existing.AddRange(first.Visits);
        var longer = scenario.Plan(from, to.AddDays(1));

        Assert.Empty(longer.Deletes);
        Assert.All(first.Visits, v => Assert.Contains(longer.Visits, w => w.SameAs(v)));
    }

    [Fact]
    public void A_visitor_leaving_is_replaced_on_the_same_day_inside_the_frozen_window()
    {
        var scenario = new Scenario().Visitors(2).Households(4, tags: "elderly-alone");
        var first = scenario.PlanWeeks(4);
        var frozen = first.Visits.Where(v => v.VisitorIds.Contains("v1") && v.Date <= Monday.AddDays(7)).ToList();
        Assert.NotEmpty(frozen);

        scenario.Existing.AddRange(first.Visits);
        scenario.Roster.RemoveAll(v => v.Id == "v1");
        var repaired = scenario.PlanWeeks(4);

        Assert.DoesNotContain(repaired.Visits, v => v.VisitorIds.Contains("v1"));
        Assert.All(frozen, v => Assert.Contains(repaired.Visits, w => w.Id == v.Id && w.VisitorIds.SequenceEqual(["v2"])));
        Assert.All(first.Visits.Where(v => !v.VisitorIds.Contains("v1")), v => Assert.Contains(repaired.Visits, w => w.SameAs(v)));
    }

    [Fact]
    public void The_next_due_date_follows_the_real_completion_date()
    {
        var scenario = new Scenario { Today = Monday.AddDays(7) }.Visitors(2).Enterprise("e1").Policy(TargetKind.Enterprise, 14);
        var completedOn = Monday.AddDays(3);
        scenario.Existing.Add(new Visit("e1", TargetKind.Enterprise, "g1", Monday.AddDays(1), ["v1"], 0,
            Monday, Monday.AddDays(13), Monday.AddDays(1), VisitStatus.Completed, completedOn));

        var plan = scenario.Plan(Monday.AddDays(7), Monday.AddDays(34));

        var next = plan.Visits[0];
        Assert.Equal(completedOn.AddDays(14), next.DueDate);
        Assert.Equal(1, next.Cycle);
        Assert.Equal(["v2"], next.VisitorIds);
        Assert.True(next.Date > completedOn && next.Date <= completedOn.AddDays(14));
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void After_three_visits_in_a_row_found_nobody_the_target_goes_to_the_coordinator(int misses, bool flagged)
    {
        var today = Monday.AddDays(7 * misses);
        var scenario = new Scenario { Today = today }.Visitors(2).Household("h1", tags: "elderly-alone");
        for (var i = 0; i < misses; i++)
        {
            var day = Monday.AddDays(7 * i + 1);
            scenario.Existing.Add(new Visit("h1", TargetKind.Household, "g1", day, [$"v{i % 2 + 1}"], i, Monday.AddDays(7 * i), Monday.AddDays(7 * i + 6), day, VisitStatus.NotReachable));
        }

        var plan = scenario.Plan(today, today.AddDays(13));

        Assert.Equal(flagged, plan.Flags.Any(f => f.TargetId == "h1" && f.Reason == TargetFlagReason.Unreachable));
        Assert.Equal(!flagged, plan.Visits.Any());
    }

    [Fact]
    public void A_refused_visit_is_flagged_and_the_cadence_goes_on()
    {
        var scenario = new Scenario { Today = Monday.AddDays(7) }.Visitors(2).Household("h1", tags: "elderly-alone");
        scenario.Existing.Add(new Visit("h1", TargetKind.Household, "g1", Monday.AddDays(1), ["v1"], 0, Monday, Monday.AddDays(6), Monday.AddDays(1), VisitStatus.Refused));

        var plan = scenario.Plan(Monday.AddDays(7), Monday.AddDays(20));

        Assert.Equal(TargetFlagReason.Refused, Assert.Single(plan.Flags).Reason);
        Assert.Equal(2, plan.Visits.Count);
    }

    [Fact]
    public void The_plan_is_a_pure_function_of_its_inputs()
    {
        var scenario = new Scenario().Visitors(4).Households(50).Households(10, "g1", "elderly-alone");

        var a = scenario.PlanWeeks(6);
        var b = scenario.PlanWeeks(6);

        Assert.Equal(a.Visits.Count, b.Visits.Count);
        Assert.All(a.Visits.Zip(b.Visits), p => Assert.True(p.First.SameAs(p.Second)));
    }
}
