using CsCheck;
using Outreach.Calendar;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Roster;

namespace Outreach.Core.Tests.Planning;

/// <summary>
/// Tight rosters with a plan known to fill every window (<see cref="PlantedRosters"/>): the planner, given only
/// the roster, fills every window too, and keeps rotation and balance while it does.
/// </summary>
public class PlantedRosterTests
{
    private const long Iterations = 2000;

    [Fact]
    public void When_a_plan_fills_every_window_the_planner_fills_every_window()
    {
        PlantedRosters.Cases().Sample(c =>
        {
            var plan = RotationPlanner.Plan(c.Request);
            var first = plan.Shortfalls.Count > 0 ? plan.Shortfalls[0] : null;
            Assert.True(first is null, $"{plan.Shortfalls.Count} shortfalls, first {first?.TargetId} {first?.WindowStart}: {first?.Detail}");
        }, iter: Iterations);
    }

    /// <summary>
    /// Found by CsCheck (seed 5vXzFWnLrxb1 of the test above), reduced to its one grid: two visitors, nine pair visits
    /// due in the same two weeks and seven households every five days, with days off in both weeks. The plan with
    /// t24's pair in the week of 25 January exists; but v1's week of 1 February is full, and the repair searched it
    /// again for each of its four working days (a visitor-week that cannot be freed on one day cannot on another):
    /// the window's effort was spent before the week of 25 January was tried, and t24 was reported short.
    /// </summary>
    [Fact]
    public void A_pair_window_tries_every_week_before_its_effort_runs_out()
    {
        var from = new DateOnly(2027, 1, 24);
        var scenario = new Scenario
        {
            Today = from,
            Policies = new PolicyBook([]),
            Calendar = new WorkingCalendar([],
            [
                new CalendarEntry(new DateOnly(2027, 1, 26), DayKind.Holiday),
                new CalendarEntry(new DateOnly(2027, 2, 5), DayKind.Holiday),
                new CalendarEntry(new DateOnly(2027, 2, 9), DayKind.Holiday),
            ]),
        };
        scenario
            .Visitor("v0", capacity: 11)
            .Visitor("v1", capacity: 9)
            .Policy(TargetKind.Household, 5)
            .Policy(TargetKind.Enterprise, 14, visitorsPerVisit: 2);
        foreach (var id in new[] { "t1", "t10", "t22", "t25", "t29", "t31", "t32" })
        {
            scenario.Household(id);
        }
        foreach (var id in new[] { "t16", "t19", "t20", "t21", "t23", "t24", "t28", "t30", "t5" })
        {
            scenario.Enterprise(id);
        }

        var plan = scenario.Plan(from, new DateOnly(2027, 2, 13));

        Assert.Empty(plan.Shortfalls);
        Assert.Single(plan.Visits, v => v.TargetId == "t24" && v.Date <= new DateOnly(2027, 2, 6));
    }

    /// <summary>
    /// Found by CsCheck (seed 6UP4x5n-j_J4 of the first test above), reduced to its one week: six pair visits on the
    /// one working day, and 12 slots: v2 holds 6, v0, v1 and v3 hold 2 each, so every team must include v2. The
    /// repair tried only the three candidates with the lightest weeks (v0, v1, v3) with each other, never v2, the one
    /// with room, and t20 was reported short though moving one of t10's visitors to v2 frees a slot.
    /// </summary>
    [Fact]
    public void A_pair_window_tries_the_candidate_with_room_beyond_the_lightest_weeks()
    {
        var from = new DateOnly(2026, 4, 19);
        var scenario = new Scenario
        {
            Today = from,
            Policies = new PolicyBook([]),
            Calendar = new WorkingCalendar([], Enumerable.Range(21, 10).Select(d => new CalendarEntry(new DateOnly(2026, 4, d), DayKind.Holiday)).ToList()),
        };
        scenario
            .Visitor("v0", role: "a", capacity: 2)
            .Visitor("v1", role: "b", capacity: 2)
            .Visitor("v2", role: "b", capacity: 6)
            .Visitor("v3", role: "a", capacity: 2)
            .Policy(TargetKind.Enterprise, 7, visitorsPerVisit: 2, roles: "a;b");
        foreach (var id in new[] { "t10", "t13", "t20", "t22", "t23", "t3" })
        {
            scenario.Enterprise(id);
        }

        var plan = scenario.Plan(from, new DateOnly(2026, 4, 25));

        Assert.Empty(plan.Shortfalls);
        Assert.All(plan.Visits, v => Assert.Contains("v2", v.VisitorIds));
    }

    /// <summary>
    /// Found by CsCheck (seed 30jUkzoAykP2 of the first test above), pinned: a window was reported short, and is filled
    /// once the rotation mend may give the visit at a fault and the next one to others together (the fix of
    /// <see cref="PlannerGuaranteeTests.Replanning_fills_no_window_the_first_plan_left_open"/>).
    /// </summary>
    [Fact]
    public void A_window_whose_fill_mends_two_visits_of_rotation_at_once_is_filled()
    {
        var plan = RotationPlanner.Plan(PlantedRosters.Build(gridCount: 2, visitorCount: 9, targetCount: 10, dayCount: 35, seed: 1722653487).Request);

        Assert.Empty(plan.Shortfalls);
    }

    /// <summary>
    /// Fills that need the rotation mend to turn a target's alternation around, found by CsCheck on the fill property.
    /// <para>Seed fxkuixFcPp33: grid g1 has two visitors, v2 and v4 (capacity 3 each), and households every five days
    /// that they take in turn. v4 is on leave for t13's window of 2 September, so only v2 can fill it; v2 then repeats
    /// at t13's next visit (11 September), which v4 is free for. Mending it turns t13's alternation around for the rest
    /// of the range, and each visit turned leaves a neighbour's week lighter, so no one step lowers the count of
    /// faults: the mend gave up and the window was reported short. A step that moves the first fault later is kept now.</para>
    /// <para>Seed 1t_AuWFLuoz3: two visitors take turns at every target; a festival leaves one short week (27 July)
    /// that twelve household windows and most of nineteen pair visits must share, so both visitors' weeks are full and
    /// every repeat there is forced. t22's window needs a pair moved to the next week and t22 given to the visitor who
    /// did not make its last visit; then its next visits change visitor, and the slot left free makes t20's forced
    /// repeat a fault until t20 is turned around too. Only the chain of both lowers the faults; mending one target at a
    /// time, t21 and t22 were reported short.</para>
    /// </summary>
    [Theory]
    [InlineData(3, 5, 20, 61, 1382206670)]
    [InlineData(1, 2, 35, 66, 142494601)]
    public void A_fill_that_turns_targets_around_is_kept(int grids, int visitors, int targets, int days, int seed)
    {
        var (request, plan) = PlanPlanted(grids, visitors, targets, days, seed);

        Assert.Empty(plan.Shortfalls);
        PlanProperties.AssertRepeatsForced(request, plan);
    }

    /// <summary>
    /// Found by CsCheck (seed ebcNYUYdoHl4 of the first test above): grid g1 has two visitors, v4 (capacity 4) and
    /// v6 (capacity 5), four weekly households they take in turn and eight pair visits due from 9 May to 7 June, so
    /// every week of that window must hold two pairs. t27's pair fits only once a household visit leaves one of
    /// the two, which a careful path (every move keeping rotation) cannot do; the careful try spent the window's
    /// whole effort moving other pairs between weeks, so the bold try (a household given to the other visitor, then
    /// rotation mended) was never made, and t27 was reported short with no bound. Each try has its own effort now.
    /// </summary>
    [Fact]
    public void A_careful_try_that_runs_out_of_effort_leaves_the_bold_one_its_own()
    {
        var request = PlantedRosters.Build(gridCount: 3, visitorCount: 10, targetCount: 32, dayCount: 42, seed: 590832640).Request;

        var plan = RotationPlanner.Plan(request);

        Assert.Empty(plan.Shortfalls);
        Assert.Single(plan.Visits, v => v.TargetId == "t27" && v.Date <= new DateOnly(2026, 6, 7));
        PlanProperties.AssertRepeatsForced(request, plan);
    }

    /// <summary>
    /// Found by a CsCheck search of 100,000 samples of the first test above: t9 (grid g1, a pair every 14 days, window
    /// 2–15 July) can only be made by v1 and v4 together, on 2, 3 or 8 July (v4 is on leave on the 6th and 7th, and the
    /// 9th, 10th and 13th–15th are days off). v1's week of 29 June is full; v4's week of 6 July is full, all on the 8th,
    /// three of it g2 pairs (windows 7–11 July) that g2's v0 and v3 could make instead, once one of their own pair
    /// visits of that week moves to the week of 29 June, where both have room. Not forced: the repair freed v4's week
    /// by placing one of its pairs again, but never in the week being freed, and these pairs' windows lie wholly in
    /// it, so t9 was reported short. When the tries that move pairs to other weeks fail, the repair tries again
    /// keeping out only the visitor-weeks being freed, and the pair is made by v0 and v3 in the same week.
    /// </summary>
    [Fact]
    public void A_pair_moved_out_of_a_full_week_may_stay_in_it_with_other_visitors()
    {
        var (request, plan) = PlanPlanted(grids: 3, visitors: 5, targets: 32, days: 17, seed: 1338303043);

        Assert.Empty(plan.Shortfalls);
        Assert.Single(plan.Visits, v => v.TargetId == "t9" && v.VisitorIds.Order().SequenceEqual(["v1", "v4"]));
        PlanProperties.AssertRepeatsForced(request, plan);
    }

    /// <summary>
    /// Balance on tight rosters: peers are never more than two apart in a week save for visits rotation proves theirs
    /// (<see cref="PlanProperties.AssertPeersLevel"/>), and within one in at least 95% of the peer-weeks of all the
    /// plans together (99.7% measured over 60,000 of them).
    /// </summary>
    [Fact]
    public void Filling_every_window_keeps_peers_within_two_and_nearly_always_within_one()
    {
        long peerWeeks = 0, withinOne = 0;
        PlantedRosters.Cases().Sample(c =>
        {
            var (weeks, within) = PlanProperties.AssertPeersLevel(c.Request, RotationPlanner.Plan(c.Request));
            Interlocked.Add(ref peerWeeks, weeks);
            Interlocked.Add(ref withinOne, within);
        }, iter: Iterations);

        Assert.True(peerWeeks > 0);
        Assert.True(withinOne >= 0.95 * peerWeeks, $"peers within one visit in {withinOne} of {peerWeeks} peer-weeks");
    }

    /// <summary>
    /// Found by CsCheck (seed 9dmB-ldZL3j1 of the property above), accepted then by the broad exception: grid g1's
    /// peers v0 and v3 take turns at every target; the week of 2 November has three working days, and v0 made all
    /// three visits of it that follow v3's, while v3 made none. Rotation kept each visit from v3, but v3's 14-day
    /// visits made the next week (t22, t5) could be made this week instead, and no target changes visitor. Not forced,
    /// so levelling now moves a peer's own visits between weeks of their windows when peers are more than two apart.
    /// </summary>
    [Fact]
    public void Peers_three_apart_in_a_short_week_close_up_by_making_a_visit_of_the_next_week_in_it()
    {
        var (request, plan) = PlanPlanted(grids: 3, visitors: 5, targets: 24, days: 26, seed: 327592868);

        var week = new DateOnly(2026, 11, 2);
        int Load(string visitor) => plan.Visits.Count(v => v.VisitorIds.Contains(visitor) && ChinaTime.WeekStart(v.Date) == week);
        Assert.InRange(Load("v0") - Load("v3"), -2, 2);
        PlanProperties.AssertPeersLevel(request, plan);
        PlanProperties.AssertRepeatsForced(request, plan);
    }

    /// <summary>
    /// Peers more than two apart that rotation did not keep apart, found by sampling this property once it was narrowed;
    /// levelling now makes a peer's own visit in another week of its window, or a third visitor's, where it closes a
    /// gap of three or more.
    /// <para>Seed 1143053965: v0 and v1 take turns at every household; in the week of 21 September v1 has 5 and v0 2.
    /// v0's visit of 17 September (window to 21 September) can be made on the 21st, leaving its own week two apart
    /// instead of one: a three-visit gap becomes two two-visit gaps, which levelling refused while a moved visit had to
    /// leave its week within one.</para>
    /// <para>Seed 1908041941: v1 is back from leave and must join all eight pair visits of the week of 4 May (their
    /// last ones were v3 and v4 together); v3 and v4 carry 5 each. Levelling tried only the first of the two lightest,
    /// v3, and only v4 had a household visit of the week before that could be made in this one.</para>
    /// <para>Seed 1113296947: a ten-day leave turns every weekly pair visit of v0 and v3 into alternate weeks, so
    /// they stood 12 apart in the week of 23 February, most of it forced, but v3's 30-day household visits could still
    /// be made in its light weeks.</para>
    /// <para>Seed 1823651343: the last, three-day week of the range: v3 stood four ahead of v0, making visits to targets
    /// v0 had been to before (a newcomer is sent), but v0's own households of the week before could be made in it.</para>
    /// <para>Seed 2075489697 (CsCheck f5Gyjh9y4_-2): v1 is the newcomer at three 10-day enterprises in the week of
    /// 14 December and makes all three, on their due days, while v4 and v5 make none. Whether a visit may leave its due
    /// day was judged once, before levelling, when no week of the class was full; v1's week filled during it. It is
    /// judged on the loads as they stand now, and v1 makes one of the three in another week of its window.</para>
    /// <para>Seed 1022207607: v5 is back from leave and makes three visits in the week of 15 February while its peer v4,
    /// on leave until the 12th, makes none. v1, of another class, has room that week with two visits: a visit went to
    /// a third visitor only where they were two lighter than the busier peer (the sum of squared loads must fall); for
    /// peers more than two apart a visitor of another class with room will do now, a few times a run.</para>
    /// <para>Seed 1292281014: v1 three ahead of v4 in the three-day week of 14 September, v4 having made the previous
    /// visit at each of v1's targets; v3, of another class, had room and as many visits as v1. The property counted v2
    /// (a peer one visit lighter than v1) as a visitor who could take one of them too; but v2 would then stand three
    /// above v4 in v1's place: that only moves the gap, and the property no longer counts it.</para>
    /// </summary>
    [Fact]
    public void Peers_more_than_two_apart_are_levelled_unless_rotation_proves_it()
    {
        (int Grids, int Visitors, int Targets, int Days, int Seed)[] found =
            [(1, 2, 8, 62, 1143053965), (1, 6, 19, 38, 1908041941), (1, 4, 34, 45, 1113296947), (1, 4, 20, 58, 1823651343),
             (1, 6, 12, 64, 2075489697), (1, 9, 40, 20, 1022207607), (1, 5, 27, 61, 1292281014)];

        Assert.All(found, c =>
        {
            var (request, plan) = PlanPlanted(c.Grids, c.Visitors, c.Targets, c.Days, c.Seed);
            PlanProperties.AssertPeersLevel(request, plan);
        });
    }

    /// <summary>
    /// Found by sampling (seed 550972578): v0 and v6 take turns at weekly enterprises, and the windows the range holds
    /// only in part (the last week's) are placed after levelling. They left v6 three ahead of v0 in the week of
    /// 1 February and v0 with more visits the week after, one of them (t0's) in a window that reaches back into the
    /// first week: levelling had run already. It runs again once those windows are placed.
    /// </summary>
    [Fact]
    public void Visits_placed_after_levelling_are_levelled_too()
    {
        var (request, plan) = PlanPlanted(grids: 1, visitors: 7, targets: 15, days: 50, seed: 550972578);

        PlanProperties.AssertPeersLevel(request, plan);
        PlanProperties.AssertRepeatsForced(request, plan);
    }

    /// <summary>
    /// Found by CsCheck (seed eC4Fco7ys3O5 of a horizon-totals property): three peers of one grid, every visit a pair,
    /// no week full, stood at 12, 12 and 14 visits after placement; levelling each week handed two of theirs to
    /// visitors of another class and left them at 10, 11 and 14. A levelling move may not widen a class's horizon
    /// spread past two now.
    /// </summary>
    [Fact]
    public void Levelling_a_week_does_not_leave_a_peer_behind_over_the_horizon()
    {
        AssertPeersEndLevel(PlanPlanted(grids: 1, visitors: 6, targets: 9, days: 69, seed: 538065230), "v3", "v4", "v5");
    }

    /// <summary>
    /// Found by CsCheck (seed 29JyWjuAbPF1 of the property below): one grid, v0 of role a and the peers v1 and v2 of
    /// role b take turns at every target, so each visit goes to the one who made neither the visit before nor the one
    /// after, and no visit can change hands alone. Every week was within one, but v1 ended with 70 visits and v2 with
    /// 67. At one target the two peers now trade places for a run of its visits, which keeps the turns.
    /// </summary>
    [Fact]
    public void Peers_taking_turns_with_a_third_visitor_trade_places_to_end_the_horizon_level()
    {
        AssertPeersEndLevel(PlanPlanted(grids: 1, visitors: 3, targets: 27, days: 68, seed: 295878756), "v1", "v2");
    }

    /// <summary>
    /// Found by CsCheck (seed 23hfvB881Wh5 of the property below): v2 and v7 are peers of capacity one in grid g1, and
    /// v7 ended with 7 visits to v2's 4. In each week v2 had free, v2 had made the previous visit to the target of v7's
    /// visit that week. Two targets' visits together close it: v2 makes t10's visit of 6 April in v7's place, and v7
    /// makes t10's visit of 8 May in v2's, while v2 makes t3's visit of that day in v7's: one visit net, every week
    /// still within one.
    /// </summary>
    [Fact]
    public void Peers_held_apart_by_rotation_at_every_target_trade_places_at_two()
    {
        AssertPeersEndLevel(PlanPlanted(grids: 2, visitors: 9, targets: 19, days: 64, seed: 473776371), "v2", "v7");
    }

    /// <summary>
    /// Found by CsCheck (seed 5Fum9oGOiqq1 of the property below): v0 and v3 are grid g2's only visitors and take turns
    /// at every target there, which leaves v3 one visit ahead at t10 and with both of the grid's 90-day visits, t13's
    /// and t5's: 23 visits to v0's 20. Neither of those can go to v0 in its own week (v0 is full on 5 November and the
    /// lighter peer is v3 that week and the next), but t13's window reaches every week of the range: v0 makes it in a
    /// week where they have room.
    /// </summary>
    [Fact]
    public void A_busier_peers_visit_goes_to_the_lighter_one_in_another_week_of_its_window()
    {
        AssertPeersEndLevel(PlanPlanted(grids: 2, visitors: 5, targets: 18, days: 43, seed: 615486450), "v0", "v3");
    }

    /// <summary>
    /// Found by CsCheck (seed 9GM8FQ922mW1 of the property below): v0 and v4, peers of capacity two, take turns with v1
    /// and v2 at the 14-day enterprises, and in every week where v0 had room, v0 had made the previous visit to each
    /// target v4 visited; v4 also made three of the one-off 90-day pair visits, and ended with 15 visits to v0's 12. A
    /// pair visit stays in its week when it changes hands, and v0 was full in the weeks of v4's; now, for the totals,
    /// v0 may make one in another week of its window where the pair's other visitor has room too.
    /// </summary>
    [Fact]
    public void A_busier_peers_pair_visit_goes_to_the_lighter_one_in_another_week_of_its_window()
    {
        AssertPeersEndLevel(PlanPlanted(grids: 1, visitors: 5, targets: 14, days: 68, seed: 701444302), "v0", "v4");
    }

    [Fact]
    public void Filling_every_window_ends_the_horizon_with_peers_totals_within_two()
    {
        PlantedRosters.Cases().Sample(c => PlanProperties.AssertTotalsLevel(c.Request, RotationPlanner.Plan(c.Request)), iter: Iterations);
    }

    [Fact]
    public void Filling_every_window_repeats_a_visitor_only_when_nobody_else_has_a_free_slot()
    {
        PlantedRosters.Cases().Sample(c => PlanProperties.AssertRepeatsForced(c.Request, RotationPlanner.Plan(c.Request)), iter: Iterations);
    }

    /// <summary>
    /// The named peers end the horizon within two visits of each other, every window is filled, and the plan keeps
    /// every property: totals, weekly balance, rotation.
    /// </summary>
    private static void AssertPeersEndLevel((PlanRequest Request, PlanResult Plan) planned, params string[] peers)
    {
        var (request, plan) = planned;
        var totals = peers.Select(id => plan.Visits.Count(v => v.VisitorIds.Contains(id))).ToList();
        Assert.True(totals.Max() - totals.Min() <= 2, $"peers {string.Join(", ", peers)} made {string.Join(", ", totals)} visits");
        Assert.Empty(plan.Shortfalls);
        PlanProperties.AssertTotalsLevel(request, plan);
        PlanProperties.AssertPeersLevel(request, plan);
        PlanProperties.AssertRepeatsForced(request, plan);
    }

    /// <summary>A planted roster (<see cref="PlantedRosters.Build"/>) and the planner's plan of it.</summary>
    private static (PlanRequest Request, PlanResult Plan) PlanPlanted(int grids, int visitors, int targets, int days, int seed)
    {
        var request = PlantedRosters.Build(grids, visitors, targets, days, seed).Request;
        return (request, RotationPlanner.Plan(request));
    }
}
