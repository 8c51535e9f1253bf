using Outreach.Calendar;
using Outreach.Policies;
using Outreach.Roster;
using Xunit;

namespace Outreach.Testing.Contracts;

/// <summary>
/// What every <see cref="IRosterStore"/> answers: the Table Storage store on Azurite and the in-memory one both run
/// these, so a service test on the fake proves what it would prove on the real store. Each test gets an empty store.
/// </summary>
public abstract class RosterStoreContract
{
    /// <summary>An empty store, fresh for each test.</summary>
    protected abstract IRosterStore Roster { get; }

    [Fact]
    public async Task Grids_round_trip_with_optional_fields_in_id_order()
    {
        Grid[] grids =
        [
            new("longgang.xs", "仙山社区", "仙山"),
            new("binhai-01", "中国药谷第一网格", "中国药谷", "滨海区", "sup-1"),
        ];

        await Roster.SaveGridsAsync(grids);

        Assert.Equal(grids.OrderBy(g => g.Id, StringComparer.Ordinal), await Roster.GetGridsAsync());
    }

    [Fact]
    public async Task Visitors_round_trip_with_grids_and_leave_ranges()
    {
        var visitor = new Visitor(
            "v-001", "张伟", "+8613800000001", "grid-member", ["binhai-01", "binhai-02"], 12,
            [new DateRange(new(2026, 12, 1), new(2026, 12, 5)), new DateRange(new(2027, 1, 2), new(2027, 1, 2))],
            "sup-9");
        var lonely = new Visitor("v-002", "李娜", "+8613800000002", "party-member", [], Visitor.DefaultWeeklyCapacity, []);

        await Roster.SaveVisitorsAsync([lonely, visitor]);

        var stored = await Roster.GetVisitorsAsync();
        Assert.Equal(2, stored.Count);
        AssertVisitor(visitor, stored[0]);
        AssertVisitor(lonely, stored[1]);
    }

    [Fact]
    public async Task One_visitor_and_one_target_read_by_id_and_an_unknown_id_is_not_found()
    {
        var visitor = new Visitor("v-001", "张伟", "+8613800000001", "grid-member", ["binhai-01"], 12, [], "sup-9");
        var target = new Target("h-1", TargetKind.Household, "凯地家园3-201", "kaidi", ["elderly-alone"], Building: "3号楼");
        await Roster.SaveVisitorsAsync([visitor]);
        await Roster.SaveTargetsAsync([target]);

        AssertVisitor(visitor, (await Roster.GetVisitorAsync("v-001"))!);
        AssertTarget(target, (await Roster.GetTargetAsync("kaidi", "h-1"))!);
        Assert.Null(await Roster.GetVisitorAsync("v-404"));
        Assert.Null(await Roster.GetVisitorAsync(""));
        Assert.Null(await Roster.GetTargetAsync("other-grid", "h-1"));
        Assert.Null(await Roster.GetTargetAsync("kaidi", "h-2"));
    }

    [Fact]
    public async Task Some_targets_of_a_grid_are_read_together_past_one_filters_limit_and_unknown_ids_are_left_out()
    {
        var targets = Enumerable.Range(0, 20).Select(i => new Target($"h-{i:D2}", TargetKind.Household, $"凯地家园{i}", "kaidi", [])).ToList();
        await Roster.SaveTargetsAsync([.. targets, new Target("h-99", TargetKind.Household, "别的网格", "other", [])]);
        string[] wanted = [.. targets.Skip(2).Select(t => t.Id).Reverse(), "h-99", "h-404", "h-03", "h-00' or RowKey ne 'x"];

        var read = await Roster.GetTargetsAsync("kaidi", wanted);

        Assert.Equal(targets.Skip(2).Select(t => t.Id), read.Select(t => t.Id));
        AssertTarget(targets[5], read.Single(t => t.Id == "h-05"));
        Assert.Empty(await Roster.GetTargetsAsync("kaidi", []));
    }

    [Fact]
    public async Task A_supervisors_team_is_the_visitors_who_name_them()
    {
        await Roster.SaveVisitorsAsync(
        [
            new Visitor("v-1", "张伟", "+8613800000001", "grid-member", ["g1"], 10, [], "lead"),
            new Visitor("v-2", "李娜", "+8613800000002", "grid-member", ["g1"], 10, [], "other"),
            new Visitor("v-3", "王强", "+8613800000003", "grid-member", ["g1"], 10, [], "lead"),
            new Visitor("lead", "陈主任", "+8613900000009", "party-worker", ["g1"], 10, []),
        ]);

        Assert.Equal(["v-1", "v-3"], (await Roster.GetTeamAsync("lead")).Select(v => v.Id).Order(StringComparer.Ordinal));
        Assert.Empty(await Roster.GetTeamAsync("nobody"));
    }

    [Fact]
    public async Task Targets_round_trip_per_grid_with_kind_and_tags()
    {
        var enterprise = new Target("e-1", TargetKind.Enterprise, "潍坊某化工有限公司", "binhai-01",
            ["key", "chain:精细化工", "tier:1b"], "滨海路1号", "王经理", "+8653600000000", "A栋");
        var household = new Target("h-1", TargetKind.Household, "凯地家园3-201", "kaidi", ["elderly-alone"]);

        await Roster.SaveTargetsAsync([enterprise, household]);

        AssertTarget(enterprise, Assert.Single(await Roster.GetTargetsAsync("binhai-01")));
        AssertTarget(household, Assert.Single(await Roster.GetTargetsAsync("kaidi")));
        Assert.Empty(await Roster.GetTargetsAsync("elsewhere"));
    }

    [Fact]
    public async Task Saving_again_replaces_rows_with_the_same_id_and_keeps_the_others()
    {
        await Roster.SaveTargetsAsync(
        [
            new Target("e-2", TargetKind.Enterprise, "Other", "g", []),
            new Target("e-1", TargetKind.Enterprise, "Old name", "g", ["key"], Address: "old street"),
        ]);

        await Roster.SaveTargetsAsync([new Target("e-1", TargetKind.Enterprise, "New name", "g", [])]);

        var stored = await Roster.GetTargetsAsync("g");
        Assert.Equal(["e-1", "e-2"], stored.Select(t => t.Id));
        Assert.Equal("New name", stored[0].Name);
        Assert.Empty(stored[0].Tags);
        Assert.Null(stored[0].Address);
    }

    [Fact]
    public async Task An_import_stores_every_kind_replaces_by_id_and_deletes_the_old_rows_of_moved_targets()
    {
        var moved = new Target("h-1", TargetKind.Household, "仙山社区1号楼101", "old-grid", []);
        await Roster.SaveTargetsAsync([moved, new Target("h-2", TargetKind.Household, "仙山社区1号楼102", "old-grid", [])]);
        var households = Enumerable.Range(3, 250).Select(i => new Target($"h-{i}", TargetKind.Household, $"凯地家园{i}", $"g-{i % 3}", [])).ToList();

        await Roster.ImportAsync(new RosterChange
        {
            Grids = [new Grid("g-0", "第零网格", "凯地家园")],
            Visitors = [new Visitor("v-1", "王芳", "+8613800138001", "grid-member", ["g-0"], 10, [], null)],
            Targets = [moved with { Grid = "new-grid", Name = "仙山社区5号楼301" }, .. households],
            MovedFrom = [moved],
            Policies = [new VisitPolicy("p-1", TargetKind.Household, [], 30, 1, [], false)],
            Calendar = [new CalendarEntry(new DateOnly(2027, 1, 1), DayKind.Holiday, "元旦")],
            Departments = [new Department("d-1", "城管科", "+8613800138009", null)],
        });

        Assert.Equal(["h-2"], (await Roster.GetTargetsAsync("old-grid")).Select(t => t.Id));
        Assert.Equal("仙山社区5号楼301", Assert.Single(await Roster.GetTargetsAsync("new-grid")).Name);
        Assert.Equal(250, (await Roster.GetTargetsAsync("g-0")).Count + (await Roster.GetTargetsAsync("g-1")).Count + (await Roster.GetTargetsAsync("g-2")).Count);
        Assert.Single(await Roster.GetGridsAsync());
        Assert.Single(await Roster.GetVisitorsAsync());
        Assert.Single(await Roster.GetPoliciesAsync());
        Assert.Single(await Roster.GetCalendarAsync());
        Assert.Single(await Roster.GetDepartmentsAsync());
        Assert.Equal(0, await Roster.CompleteImportsAsync());
    }

    [Fact]
    public async Task An_import_run_again_changes_nothing_more()
    {
        var visitors = Enumerable.Range(0, 150).Select(i => new Visitor($"v-{i:D3}", $"访问员{i}", "+8613800138001", "grid-member", ["g"], 10, [], null)).ToList();
        var change = new RosterChange { Visitors = visitors };

        await Roster.ImportAsync(change);
        await Roster.ImportAsync(change);

        Assert.Equal(visitors.Select(v => (v.Id, v.Name, string.Join(';', v.Grids))), (await Roster.GetVisitorsAsync()).Select(v => (v.Id, v.Name, string.Join(';', v.Grids))));
        Assert.Equal(0, await Roster.CompleteImportsAsync());
    }

    [Fact]
    public async Task Deleting_targets_removes_only_those_rows_of_that_grid()
    {
        var moved = new Target("h-1", TargetKind.Household, "凯地家园3-201", "old-grid", []);
        await Roster.SaveTargetsAsync([moved, new Target("h-2", TargetKind.Household, "凯地家园3-202", "old-grid", []), moved with { Grid = "new-grid" }]);

        await Roster.DeleteTargetsAsync([moved, new Target("h-9", TargetKind.Household, "never stored", "old-grid", [])]);

        Assert.Equal(["h-2"], (await Roster.GetTargetsAsync("old-grid")).Select(t => t.Id));
        Assert.Equal(["h-1"], (await Roster.GetTargetsAsync("new-grid")).Select(t => t.Id));
    }

    [Fact]
    public async Task More_than_a_batch_of_rows_in_one_grid_are_all_saved_in_id_order()
    {
        var targets = Enumerable.Range(0, 250).Reverse()
            .Select(i => new Target($"t-{i:D4}", TargetKind.Household, $"户 {i}", "big", []))
            .ToArray();

        await Roster.SaveTargetsAsync(targets);

        Assert.Equal(targets.Select(t => t.Id).Order(StringComparer.Ordinal), (await Roster.GetTargetsAsync("big")).Select(t => t.Id));
    }

    [Fact]
    public async Task Departments_round_trip_and_are_empty_before_any_import()
    {
        Assert.Empty(await Roster.GetDepartmentsAsync());
        Department[] departments =
        [
            new("urban-management", "城管科", "+8613953621408", "刘建国"),
            new("emergency", "应急管理局", "+8618765330917"),
        ];

        await Roster.SaveDepartmentsAsync(departments);

        Assert.Equal(departments.OrderBy(d => d.Id, StringComparer.Ordinal), await Roster.GetDepartmentsAsync());
    }

    [Fact]
    public async Task Policies_round_trip_and_are_empty_before_any_import()
    {
        Assert.Empty(await Roster.GetPoliciesAsync());
        VisitPolicy[] policies =
        [
            new("household-elderly-alone", TargetKind.Household, ["elderly-alone"], 7, 1, [], MorningReminder: true),
            new("enterprise-chain", TargetKind.Enterprise, ["chain:*"], 14, 2, ["chain-committee", "party-worker"]),
            new("household", TargetKind.Household, [], 90, 1, []),
        ];

        await Roster.SavePoliciesAsync(policies);

        var stored = await Roster.GetPoliciesAsync();
        Assert.Equal(3, stored.Count);
        foreach (var (expected, actual) in policies.OrderBy(p => p.Id, StringComparer.Ordinal).Zip(stored))
        {
            Assert.Equal(expected.Id, actual.Id);
            Assert.Equal(expected.Kind, actual.Kind);
            Assert.Equal(expected.Tags, actual.Tags);
            Assert.Equal(expected.IntervalDays, actual.IntervalDays);
            Assert.Equal(expected.VisitorsPerVisit, actual.VisitorsPerVisit);
            Assert.Equal(expected.Roles, actual.Roles);
            Assert.Equal(expected.MorningReminder, actual.MorningReminder);
        }
    }

    [Fact]
    public async Task Calendar_round_trips_across_years_in_date_order_and_is_empty_before_any_import()
    {
        Assert.Empty(await Roster.GetCalendarAsync());
        CalendarEntry[] entries =
        [
            new(new(2027, 1, 1), DayKind.Holiday),
            new(new(2026, 10, 1), DayKind.Holiday, "国庆节"),
            new(new(2026, 10, 10), DayKind.Workday, "国庆节调休"),
        ];

        await Roster.SaveCalendarAsync(entries);

        Assert.Equal(entries.OrderBy(e => e.Date), await Roster.GetCalendarAsync());
    }

    private static void AssertVisitor(Visitor expected, Visitor actual)
    {
        Assert.Equal(expected with { Grids = actual.Grids, Leave = actual.Leave }, actual);
        Assert.Equal(expected.Grids, actual.Grids);
        Assert.Equal(expected.Leave, actual.Leave);
    }

    private static void AssertTarget(Target expected, Target actual)
    {
        Assert.Equal(expected with { Tags = actual.Tags }, actual);
        Assert.Equal(expected.Tags, actual.Tags);
    }
}
