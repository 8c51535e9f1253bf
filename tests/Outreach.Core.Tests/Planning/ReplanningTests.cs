using CsCheck;
using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Roster;
using static Outreach.Core.Tests.Planning.RandomRosters;

namespace Outreach.Core.Tests.Planning;

/// <summary>
/// The guarantees hold again after the world changes under a published plan: a visitor takes leave or
/// loses capacity, a policy's interval or a target's tags change, a holiday is declared, the horizon
/// shrinks, days pass, visits are completed early or late or find nobody at home.
/// </summary>
public class ReplanningTests
{
    private const long Iterations = 2000;
    private static readonly int[] Intervals = [1, 3, 7, 14, 30, 90];

    private sealed record Edited(PlanRequest Request, string Edit)
    {
        public override string ToString() => Edit;
    }

    [Fact]
    public void After_any_edit_the_replanned_schedule_is_eligible_within_capacity_and_covers_every_window()
    {
        Gen.Select(Cases(), Gen.Int[0, 9], Gen.Int[0, int.MaxValue - 1]).Sample((c, edit, seed) =>
        {
            var first = RotationPlanner.Plan(c.Request);
            var edited = Edit(c.Request, first.Visits, edit, new Random(seed));
            var request = edited.Request;
            var plan = RotationPlanner.Plan(request);
            var final = FinalState(request.Existing, plan);

            AssertEligibleAndWithinCapacity(request, final);
            AssertNoLongGaps(request, plan, final);
        }, iter: Iterations);
    }

    /// <summary>What the store holds after applying the plan's changes.</summary>
    private static List<Visit> FinalState(IReadOnlyList<Visit> existing, PlanResult plan)
    {
        var gone = plan.Deletes.Select(v => v.Id).Concat(plan.Upserts.Select(v => v.Id)).ToHashSet();
        return existing.Where(v => !gone.Contains(v.Id)).Concat(plan.Upserts).ToList();
    }

    private static void AssertEligibleAndWithinCapacity(PlanRequest request, List<Visit> final)
    {
        var visitors = request.Visitors.ToDictionary(v => v.Id);
        var targets = request.Targets.ToDictionary(t => t.Id);
        var planned = final.Where(v => v.Status == VisitStatus.Planned && v.Date >= request.Start && v.Date <= request.To).ToList();
        foreach (var visit in planned)
        {
            var target = targets[visit.TargetId];
            Assert.True(visit.Grid == target.Grid, $"{visit.Id} is planned in grid {visit.Grid}, but {target.Id} is in {target.Grid} now");
            var policy = request.Policies.Match(target);
            Assert.True(policy is not null, $"{visit.Id} kept for a target no policy matches");
            Assert.True(request.Calendar.IsWorkingDay(visit.Date), $"{visit.Id} is on a day off");
            foreach (var id in visit.VisitorIds)
            {
                Assert.True(visitors.TryGetValue(id, out var visitor) && IsEligible(visitor, target, policy!), $"{id} is not eligible for {visit.Id}");
                Assert.False(visitor!.IsOnLeave(visit.Date), $"{id} is on leave for {visit.Id}");
            }
        }
        // A week may already be over capacity with visits the planner cannot move (made, or before today);
        // what it places or keeps must not add to that.
        var weeks = final.SelectMany(v => v.VisitorIds.Select(id => (Visitor: id, Week: ChinaTime.WeekStart(v.Date), Movable: planned.Contains(v))))
            .GroupBy(x => (x.Visitor, x.Week));
        foreach (var week in weeks.Where(w => w.Any(x => x.Movable) && visitors.ContainsKey(w.Key.Visitor)))
        {
            var capacity = visitors[week.Key.Visitor].WeeklyCapacity;
            var fixedLoad = week.Count(x => !x.Movable);
            Assert.True(week.Count() <= Math.Max(capacity, fixedLoad), $"{week.Key.Visitor} has {week.Count()} visits in the week of {week.Key.Week} (capacity {capacity})");
        }
    }

    private static void AssertNoLongGaps(PlanRequest request, PlanResult plan, List<Visit> final)
    {
        foreach (var target in request.Targets)
        {
            var policy = request.Policies.Match(target);
            if (policy is null || plan.Shortfalls.Any(s => s.TargetId == target.Id))
            {
                continue;
            }
            // Windows follow each other without gaps, so any 2 intervals hold a whole window; a visit kept
            // inside the frozen week may come a few days late.
            var span = 2 * policy.IntervalDays + request.FrozenDays;
            var days = final.Where(v => v.TargetId == target.Id && v.Status is VisitStatus.Planned or VisitStatus.Completed or VisitStatus.Refused)
                .Select(v => v.Date).Where(d => d >= request.Start).Order().ToList();
            var from = request.Start;
            foreach (var day in days.Append(request.To.AddDays(1)))
            {
                if (day > request.To && from.AddDays(span - 1) > request.To)
                {
                    break;
                }
                Assert.True(day.DayNumber - from.DayNumber < span,
                    $"{target.Id} (every {policy.IntervalDays} days) has no visit from {from} to {day.AddDays(-1)} and no shortfall");
                from = day.AddDays(1);
            }
        }
    }

    private static Edited Edit(PlanRequest request, IReadOnlyList<Visit> published, int edit, Random random)
    {
        var next = request with { Existing = published };
        var visitors = request.Visitors.ToList();
        var days = Math.Max(1, request.To.DayNumber - request.Start.DayNumber + 1);
        switch (edit)
        {
            case 0 when visitors.Count > 0:
            {
                var i = random.Next(visitors.Count);
                var from = request.Start.AddDays(random.Next(days));
                visitors[i] = visitors[i] with { Leave = [.. visitors[i].Leave, new DateRange(from, from.AddDays(random.Next(14)))] };
                return new(next with { Visitors = visitors }, $"leave for {visitors[i].Id} from {from}");
            }
            case 1 when visitors.Count > 0:
            {
                var i = random.Next(visitors.Count);
                visitors[i] = visitors[i] with { WeeklyCapacity = random.Next(0, Math.Max(1, visitors[i].WeeklyCapacity)) };
                return new(next with { Visitors = visitors }, $"capacity of {visitors[i].Id} now {visitors[i].WeeklyCapacity}");
            }
            case 2:
            {
                var policies = request.Policies.Policies.ToList();
                var i = random.Next(policies.Count);
                policies[i] = policies[i] with { IntervalDays = Intervals[random.Next(Intervals.Length)] };
                return new(next with { Policies = new PolicyBook(policies) }, $"policy {policies[i].Id} now every {policies[i].IntervalDays} days");
            }
            case 3 when request.Targets.Count > 0:
            {
                var targets = request.Targets.ToList();
                var i = random.Next(targets.Count);
                var tags = targets[i].HasTag("elderly-alone") ? targets[i].Tags.Where(t => t != "elderly-alone").ToArray() : [.. targets[i].Tags, "elderly-alone"];
                targets[i] = targets[i] with { Tags = tags };
                return new(next with { Targets = targets }, $"{targets[i].Id} retagged [{string.Join(";", tags)}]");
            }
            case 4:
            {
                var day = request.Start.AddDays(random.Next(days));
                var calendar = new WorkingCalendar([], [.. request.Calendar.Entries, new CalendarEntry(day, DayKind.Holiday)]);
                return new(next with { Calendar = calendar }, $"holiday on {day}");
            }
            case 5:
            {
                var to = request.Start.AddDays(random.Next(days));
                return new(next with { To = to }, $"horizon shortened to {to}");
            }
            case 6:
            {
                var today = request.Today.AddDays(1 + random.Next(10));
                return new(next with { Today = today, From = today, To = request.To.AddDays(random.Next(14)) }, $"today moved to {today}");
            }
            case 7 or 8 when published.Count > 0:
            {
                var visit = published[random.Next(published.Count)];
                var outcome = edit == 7
                    ? visit with { Status = VisitStatus.Completed, CompletedOn = visit.Date.AddDays(random.Next(-3, 4)) }
                    : visit with { Status = VisitStatus.NotReachable };
                var today = new[] { visit.Date, outcome.CompletedOn ?? visit.Date }.Max().AddDays(1);
                var existing = published.Select(v => v.Id == visit.Id ? outcome : v).ToList();
                return new(next with { Today = today, From = today, To = today.AddDays(days), Existing = existing },
                    $"{visit.Id} {outcome.Status} {outcome.CompletedOn}, today {today}");
            }
            case 9 when request.Targets.Count > 0:
            {
                var targets = request.Targets.ToList();
                var i = random.Next(targets.Count);
                var others = targets.Select(t => t.Grid).Concat(visitors.SelectMany(v => v.Grids)).Distinct().Where(g => g != targets[i].Grid).Order().ToList();
                if (others.Count == 0)
                {
                    break;
                }
                targets[i] = targets[i] with { Grid = others[random.Next(others.Count)] };
                return new(next with { Targets = targets }, $"{targets[i].Id} moved to grid {targets[i].Grid}");
            }
        }
        return new(next, "no edit");
    }
}
