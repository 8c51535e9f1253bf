using CsCheck;
using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Roster;
using static Outreach.Core.Tests.Planning.RandomRosters;

namespace Outreach.Core.Tests.Planning;

/// <summary>The guarantees of DESIGN.md §3, each stated once and tried on thousands of random rosters.</summary>
public class PlannerGuaranteeTests
{
    private const long Iterations = 2000;

    [Fact]
    public void Every_visit_is_eligible_on_a_working_day_in_range()
    {
        Cases().Sample(c =>
        {
            var request = c.Request;
            var plan = RotationPlanner.Plan(request);
            var visitors = request.Visitors.ToDictionary(v => v.Id);
            var targets = request.Targets.ToDictionary(t => t.Id);
            foreach (var visit in plan.Visits)
            {
                var target = targets[visit.TargetId];
                var policy = request.Policies.Match(target)!;
                Assert.InRange(visit.Date, request.Start, request.To);
                Assert.True(request.Calendar.IsWorkingDay(visit.Date), $"{visit.Id} is on a day off");
                Assert.Equal(policy.VisitorsPerVisit, visit.VisitorIds.Distinct().Count());
                foreach (var id in visit.VisitorIds)
                {
                    Assert.True(IsEligible(visitors[id], target, policy), $"{id} is not eligible for {visit.Id}");
                    Assert.False(visitors[id].IsOnLeave(visit.Date), $"{id} is on leave for {visit.Id}");
                }
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Weekly_load_never_exceeds_capacity()
    {
        Cases().Sample(c =>
        {
            var plan = RotationPlanner.Plan(c.Request);
            var capacity = c.Request.Visitors.ToDictionary(v => v.Id, v => v.WeeklyCapacity);
            foreach (var ((visitor, week), load) in WeeklyLoads(plan.Visits))
            {
                Assert.True(load <= capacity[visitor], $"{visitor} has {load} visits in the week of {week} (capacity {capacity[visitor]})");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Every_cadence_window_in_the_horizon_is_visited_once_or_reported()
    {
        Cases().Sample(c =>
        {
            var request = c.Request;
            var plan = RotationPlanner.Plan(request);
            foreach (var target in request.Targets)
            {
                var shortfalls = plan.Shortfalls.Where(s => s.TargetId == target.Id).ToList();
                if (shortfalls.Any(s => s.Reason is ShortfallReason.NoPolicy or ShortfallReason.NoEligibleVisitor))
                {
                    Assert.DoesNotContain(plan.Visits, v => v.TargetId == target.Id);
                    continue;
                }
                var interval = request.Policies.Match(target)!.IntervalDays;
                var visits = plan.Visits.Where(v => v.TargetId == target.Id).ToList();
                // A target never visited before: windows of `interval` days from the first plannable day.
                for (var start = request.Start; start <= request.To; start = start.AddDays(interval))
                {
                    var end = start.AddDays(interval - 1);
                    var inside = visits.Count(v => v.Date >= start && v.Date <= end);
                    Assert.True(inside <= 1, $"{target.Id} has {inside} visits in {start}..{end}");
                    if (end <= request.To && inside == 0)
                    {
                        Assert.Contains(shortfalls, s => s.WindowStart == start && s.WindowEnd == end);
                    }
                }
                Assert.Equal(visits.Count, visits.Select(v => v.Cycle).Distinct().Count());
                Assert.Equal(Enumerable.Range(0, visits.Count), visits.OrderBy(v => v.Date).Select(v => v.Cycle));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void With_room_for_everyone_no_window_is_short_of_capacity()
    {
        Cases(ample: true).Sample(c =>
        {
            var plan = RotationPlanner.Plan(c.Request);
            Assert.DoesNotContain(plan.Shortfalls, s => s.Reason == ShortfallReason.NoCapacity);
        }, iter: Iterations);
    }

    [Fact]
    public void A_window_short_of_capacity_comes_with_the_bound_that_proves_it()
    {
        Cases().Sample(c =>
        {
            var request = c.Request;
            var plan = RotationPlanner.Plan(request);
            var capacity = request.Visitors.ToDictionary(v => v.Id, v => v.WeeklyCapacity);
            var loads = WeeklyLoads(plan.Visits);
            foreach (var shortfall in plan.Shortfalls.Where(s => s.Reason == ShortfallReason.NoCapacity))
            {
                var from = shortfall.WindowStart > request.Start ? shortfall.WindowStart : request.Start;
                var to = shortfall.WindowEnd < request.To ? shortfall.WindowEnd : request.To;
                if (shortfall.Bound is not { } bound)
                {
                    // No bound (a pair visit bounded as if its visitors moved alone, or a fill that would break
                    // rotation): still, nobody could simply have been sent.
                    var target = request.Targets.Single(t => t.Id == shortfall.TargetId);
                    var policy = request.Policies.Match(target)!;
                    var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).Where(request.Calendar.IsWorkingDay);
                    Assert.DoesNotContain(days, d => request.Visitors.Count(y => IsEligible(y, target, policy) && IsFree(y, d, loads)) >= policy.VisitorsPerVisit);
                    continue;
                }
                var weeks = bound.VisitorWeeks.Select(w => (w.VisitorId, w.Monday)).ToHashSet();
                var windows = bound.Windows.Select(w => (w.TargetId, w.Start)).ToHashSet();
                Assert.Contains((shortfall.TargetId, shortfall.WindowStart), windows);
                var needed = 0;
                foreach (var window in bound.Windows)
                {
                    var target = request.Targets.Single(t => t.Id == window.TargetId);
                    var policy = request.Policies.Match(target)!;
                    needed += policy.VisitorsPerVisit;
                    var first = window.Start > request.Start ? window.Start : request.Start;
                    var last = window.End < request.To ? window.End : request.To;
                    foreach (var day in Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).Where(request.Calendar.IsWorkingDay))
                    {
                        foreach (var visitor in request.Visitors.Where(y => IsEligible(y, target, policy) && !y.IsOnLeave(day)))
                        {
                            Assert.True(weeks.Contains((visitor.Id, ChinaTime.WeekStart(day))),
                                $"{window.TargetId} could be visited by {visitor.Id} on {day}, outside the bound's visitor-weeks");
                        }
                    }
                }
                // Slots held by visits outside the bound's windows cannot be counted on (only windows the range
                // holds in part may give way, and the bound counts those as free).
                var held = plan.Visits.Where(v => !windows.Contains((v.TargetId, v.WindowStart)) && v.WindowEnd <= request.To)
                    .Sum(v => v.VisitorIds.Count(id => weeks.Contains((id, ChinaTime.WeekStart(v.Date)))));
                var slots = bound.VisitorWeeks.Sum(w => capacity[w.VisitorId]) - held;
                Assert.Equal(needed, bound.Needed);
                Assert.Equal(slots, bound.Slots);
                Assert.True(bound.Needed > bound.Slots, $"{bound.Needed} slots needed, {bound.Slots} exist: no proof");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Consecutive_visits_change_visitor_whenever_another_eligible_one_is_free()
    {
        Cases().Sample(c =>
        {
            var request = c.Request;
            var plan = RotationPlanner.Plan(request);
            var loads = WeeklyLoads(plan.Visits);
            foreach (var (target, previous, visit) in ConsecutivePairs(request, plan))
            {
                var policy = request.Policies.Match(target)!;
                foreach (var repeated in visit.VisitorIds.Intersect(previous.VisitorIds))
                {
                    var someoneElse = request.Visitors.FirstOrDefault(y =>
                        IsEligible(y, target, policy) && !visit.VisitorIds.Contains(y.Id) && !previous.VisitorIds.Contains(y.Id)
                        && IsFree(y, visit.Date, loads));
                    Assert.True(someoneElse is null,
                        $"{repeated} visited {target.Id} twice in a row ({previous.Date}, {visit.Date}) while {someoneElse?.Id} was free");
                }
            }
        }, iter: Iterations);
    }

    [Fact]
    public void A_visitor_who_has_not_yet_visited_is_preferred_while_one_is_free()
    {
        // Over p cycles with p eligible visitors, p different people get to know the target.
        Cases().Sample(c =>
        {
            var request = c.Request;
            var plan = RotationPlanner.Plan(request);
            var loads = WeeklyLoads(plan.Visits);
            foreach (var target in request.Targets)
            {
                var policy = request.Policies.Match(target);
                var seen = new HashSet<string>();
                foreach (var visit in plan.Visits.Where(v => v.TargetId == target.Id).OrderBy(v => v.Cycle))
                {
                    var repeat = visit.VisitorIds.FirstOrDefault(seen.Contains);
                    if (repeat is not null)
                    {
                        var newcomer = request.Visitors.FirstOrDefault(y =>
                            IsEligible(y, target, policy!) && !seen.Contains(y.Id) && !visit.VisitorIds.Contains(y.Id) && IsFree(y, visit.Date, loads));
                        Assert.True(newcomer is null, $"{repeat} visited {target.Id} again on {visit.Date} while {newcomer?.Id} had never been and was free");
                    }
                    seen.UnionWith(visit.VisitorIds);
                }
            }
        }, iter: Iterations);
    }

    /// <summary>
    /// Found by CsCheck (seed 08jW3U_yFZc5 of the test above): t6, a pair visit in grid g1, had its window of 4 June
    /// reported short with no bound, though v1 and v6 were both free on 8 June in the final plan. Placing it there
    /// made its next visit (same pair) a repeat another team was free for, and the placement of windows left open was
    /// kept only if rotation held as it stood, without mending that next visit.
    /// </summary>
    [Fact]
    public void A_window_a_team_is_free_for_is_filled_and_the_repeat_it_makes_is_mended()
    {
        var request = Build(gridCount: 2, visitorCount: 7, targetCount: 19, days: 62, seed: 943020771, ample: false).Request;

        var plan = RotationPlanner.Plan(request);

        Assert.DoesNotContain(plan.Shortfalls, s => s.TargetId == "t6");
        Assert.Single(plan.Visits, v => v.TargetId == "t6" && v.WindowStart == new DateOnly(2026, 6, 4));
        PlanProperties.AssertRepeatsForced(request, plan);
    }

    [Fact]
    public void Peers_are_never_more_than_two_visits_apart_a_week_unless_rotation_proves_it()
    {
        Cases().Sample(c => _ = PlanProperties.AssertPeersLevel(c.Request, RotationPlanner.Plan(c.Request)), iter: Iterations);
    }

    [Fact]
    public void A_visitor_repeats_only_when_nobody_else_has_a_free_slot_in_the_window()
    {
        Cases().Sample(c => PlanProperties.AssertRepeatsForced(c.Request, RotationPlanner.Plan(c.Request)), iter: Iterations);
    }

    [Fact]
    public void Replanning_the_same_inputs_writes_nothing()
    {
        Cases().Sample(c =>
        {
            var first = RotationPlanner.Plan(c.Request);
            var again = RotationPlanner.Plan(c.Request with { Existing = first.Visits });
            Assert.Empty(again.Upserts);
            Assert.Empty(again.Deletes);
            Assert.Equal(first.Visits.Count, again.Visits.Count);
        }, iter: Iterations);
    }

    /// <summary>
    /// Found by CsCheck (seed fuPgsY06-o75 of the test above): three visitors, seven targets, two weeks. t3's window
    /// of 4 September (one working day) could be filled only by v1, who made t3's next visit (8 September), and
    /// there v2 was free: the fill needs both visits given to others at once (v1 on the 4th, v2 on the 8th), and
    /// the rotation mend tried one visit at a time, neither of which alone lowers the faults. The first plan
    /// reported the window short; re-planning it, with the 8th published, filled it with v1 (a repeat the published
    /// visit forces) and wrote an upsert.
    /// </summary>
    [Fact]
    public void Replanning_fills_no_window_the_first_plan_left_open()
    {
        var request = Build(gridCount: 1, visitorCount: 3, targetCount: 7, days: 15, seed: 670590866, ample: false).Request;
        var first = RotationPlanner.Plan(request);
        Assert.Empty(first.Shortfalls);
        var again = RotationPlanner.Plan(request with { Existing = first.Visits });
        Assert.Empty(again.Upserts);
        Assert.Empty(again.Deletes);
    }

    [Fact]
    public void Extending_the_horizon_moves_no_published_visit()
    {
        Gen.Select(Cases(), Gen.Int[1, 40]).Sample((c, more) =>
        {
            var first = RotationPlanner.Plan(c.Request);
            var longer = RotationPlanner.Plan(c.Request with { To = c.Request.To.AddDays(more), Existing = first.Visits });
            Assert.Empty(longer.Deletes);
            var after = longer.Visits.ToDictionary(v => v.Id);
            Assert.All(first.Visits, v => Assert.True(after.TryGetValue(v.Id, out var w) && w.SameAs(v), $"{v.Id} moved"));
        }, iter: Iterations);
    }

    [Fact]
    public void Removing_a_visitor_touches_only_their_visits_and_keeps_frozen_days()
    {
        Cases().Sample(c =>
        {
            var request = c.Request;
            if (request.Visitors.Count == 0)
            {
                return;
            }
            var first = RotationPlanner.Plan(request);
            var gone = request.Visitors[0].Id;
            var remaining = request.Visitors.Skip(1).ToList();
            var edited = RotationPlanner.Plan(request with { Visitors = remaining, Existing = first.Visits });
            var after = edited.Visits.ToDictionary(v => v.Id);
            var loads = WeeklyLoads(edited.Visits);
            var targets = request.Targets.ToDictionary(t => t.Id);
            Assert.DoesNotContain(edited.Visits, v => v.VisitorIds.Contains(gone));
            foreach (var visit in first.Visits)
            {
                if (!visit.VisitorIds.Contains(gone))
                {
                    Assert.True(after.TryGetValue(visit.Id, out var same) && same.SameAs(visit), $"{visit.Id} changed though {gone} was not on it");
                    continue;
                }
                if (visit.Date > request.Today.AddDays(request.FrozenDays))
                {
                    continue;
                }
                if (after.TryGetValue(visit.Id, out var repaired))
                {
                    // Teammates stay on a repaired visit unless their week filled up.
                    var dropped = visit.VisitorIds.Where(id => id != gone && !repaired.VisitorIds.Contains(id));
                    Assert.All(dropped, id => Assert.False(IsFree(remaining.Single(v => v.Id == id), visit.Date, loads), $"{id} was taken off {visit.Id} though free"));
                }
                else
                {
                    // A frozen visit is dropped only when too few people were free that day to staff it.
                    var target = targets[visit.TargetId];
                    var policy = request.Policies.Match(target)!;
                    var free = remaining.Where(y => IsEligible(y, target, policy) && IsFree(y, visit.Date, loads)).Select(y => y.Id).ToList();
                    Assert.True(free.Count < policy.VisitorsPerVisit, $"{visit.Id} was dropped though {string.Join(", ", free)} were free");
                }
            }
        }, iter: Iterations);
    }

    [Fact]
    public void The_plan_depends_only_on_its_inputs()
    {
        Cases().Sample(c =>
        {
            var a = RotationPlanner.Plan(c.Request);
            var b = RotationPlanner.Plan(c.Request with
            {
                Visitors = c.Request.Visitors.Reverse().ToList(),
                Targets = c.Request.Targets.Reverse().ToList(),
            });
            Assert.Equal(a.Visits.Count, b.Visits.Count);
            Assert.All(a.Visits.Zip(b.Visits), p => Assert.True(p.First.SameAs(p.Second), $"{p.First.Id} vs {p.Second.Id}"));
            Assert.Equal(a.Shortfalls, b.Shortfalls);
        }, iter: Iterations);
    }

    [Fact]
    public void With_room_for_everyone_each_visit_falls_on_its_due_day_or_the_week_around_a_day_off()
    {
        Cases(ample: true).Sample(c =>
        {
            var request = c.Request;
            var plan = RotationPlanner.Plan(request);
            foreach (var visit in plan.Visits)
            {
                var due = visit.DueDate < request.Start ? request.Start : visit.DueDate;
                if (request.Calendar.IsWorkingDay(due))
                {
                    Assert.Equal(due, visit.Date);
                }
                else
                {
                    Assert.InRange(visit.Date.DayNumber - due.DayNumber, -6, 6);
                }
            }
        }, iter: Iterations);
    }

    [Fact]
    public void After_a_completed_visit_the_next_one_falls_within_an_interval_of_the_real_completion_day()
    {
        Gen.Select(Cases(ample: true), Gen.Int[0, 1000], Gen.Int[-2, 2]).Sample((c, pick, shift) =>
        {
            var request = c.Request;
            var first = RotationPlanner.Plan(request);
            if (first.Visits.Count == 0)
            {
                return;
            }
            var done = first.Visits[pick % first.Visits.Count];
            var completedOn = done.Date.AddDays(shift);
            var completed = done with { Status = VisitStatus.Completed, CompletedOn = completedOn };
            var today = (done.Date > completedOn ? done.Date : completedOn).AddDays(1);
            var history = first.Visits.Where(v => v.Date < done.Date || v.TargetId != done.TargetId).Append(completed).ToList();

            var next = RotationPlanner.Plan(request with { Today = today, From = today, To = today.AddDays(120), Existing = history });

            var interval = request.Policies.Match(request.Targets.Single(t => t.Id == done.TargetId))!.IntervalDays;
            var latest = completedOn.AddDays(interval);
            if (latest < today)
            {
                return;
            }
            var following = next.Visits.Where(v => v.TargetId == done.TargetId).OrderBy(v => v.Date).FirstOrDefault();
            var windowReported = next.Shortfalls.Any(s => s.TargetId == done.TargetId && s.WindowStart == completedOn.AddDays(1) && s.WindowEnd == latest);
            Assert.True(windowReported || (following is not null && following.Date > completedOn && following.Date <= latest),
                $"completed {completedOn}, interval {interval}: next visit {following?.Date}, and no shortfall for {completedOn.AddDays(1)}..{latest}");
            if (following is not null)
            {
                Assert.Equal(done.Cycle + 1, following.Cycle);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Visits_past_their_day_without_an_outcome_are_reported_overdue_and_left_alone()
    {
        Gen.Select(Cases(), Gen.Int[1, 30]).Sample((c, days) =>
        {
            var first = RotationPlanner.Plan(c.Request);
            var today = c.Request.Today.AddDays(days);
            var later = RotationPlanner.Plan(c.Request with { Today = today, From = today, To = today.AddDays(28), Existing = first.Visits });

            Assert.Equal(first.Visits.Where(v => v.Date < today).Select(v => v.Id).Order(), later.Overdue.Select(v => v.Id).Order());
            Assert.DoesNotContain(later.Upserts.Concat(later.Deletes), u => u.Date < today);
        }, iter: Iterations);
    }

    private static IEnumerable<(Target Target, Visit Previous, Visit Visit)> ConsecutivePairs(PlanRequest request, PlanResult plan)
    {
        foreach (var target in request.Targets)
        {
            var visits = plan.Visits.Where(v => v.TargetId == target.Id).OrderBy(v => v.Cycle).ToList();
            for (var i = 1; i < visits.Count; i++)
            {
                yield return (target, visits[i - 1], visits[i]);
            }
        }
    }
}
