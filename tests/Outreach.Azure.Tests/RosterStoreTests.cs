using Outreach.Calendar;
using Outreach.Policies;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Azure.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class RosterStoreTests(AzuriteFixture azurite)
{
    private readonly TableRosterStore _store = TableStores.Create(azurite.ConnectionString, AzuriteFixture.NewPrefix()).Roster;

    [Fact]
    public async Task Grids_round_trip_with_optional_fields()
    {
        Grid[] grids =
        [
            new("binhai-01", "中国药谷第一网格", "中国药谷", "滨海区", "sup-1"),
            new("longgang.xs", "仙山社区", "仙山"),
        ];

        await _store.SaveGridsAsync(grids);

        Assert.Equal(grids.OrderBy(g => g.Id, StringComparer.Ordinal), await _store.GetGridsAsync());
    }

    [Fact]
    public async Task Visitors_round_trip_with_grids_and_leave_ranges()
    {
        var visitor = new Visitor(
            "v-001", "张伟", "+8613800000001", "grid-member", ["binhai-01", "binhai-02"], 12,
            [new DateRange(new(2026, 12, 1), new(2026, 12, 5)), new DateRange(new(2027, 1, 2), new(2027, 1, 2))],
            "sup-9");
        var lonely = new Visitor("v-002", "李娜", "+8613800000002", "party-member", [], Visitor.DefaultWeeklyCapacity, []);

        await _store.SaveVisitorsAsync([visitor, lonely]);

        var stored = await _store.GetVisitorsAsync();
        Assert.Equal(2, stored.Count);
        AssertVisitor(visitor, stored[0]);
        AssertVisitor(lonely, stored[1]);
    }

    [Fact]
    public async Task One_visitor_and_one_target_read_by_id_and_an_unknown_or_malformed_id_is_not_found()
    {
        var visitor = new Visitor("v-001", "张伟", "+8613800000001", "grid-member", ["binhai-01"], 12, [], "sup-9");
        var target = new Target("h-1", TargetKind.Household, "凯地家园3-201", "kaidi", ["elderly-alone"], Building: "3号楼");
        await _store.SaveVisitorsAsync([visitor]);
        await _store.SaveTargetsAsync([target]);

        AssertVisitor(visitor, (await _store.GetVisitorAsync("v-001"))!);
        Assert.Equal(target.Building, (await _store.GetTargetAsync("kaidi", "h-1"))!.Building);
        Assert.Null(await _store.GetVisitorAsync("v-404"));
        Assert.Null(await _store.GetTargetAsync("other-grid", "h-1"));
        Assert.Null(await _store.GetTargetAsync("kaidi", "h-1' or RowKey ne '"));
        Assert.Null(await _store.GetVisitorAsync(""));
    }

    [Fact]
    public async Task A_supervisors_team_is_the_visitors_who_name_them()
    {
        await _store.SaveVisitorsAsync(
        [
            new Visitor("v-1", "张伟", "+8613800000001", "grid-member", ["g1"], 10, [], "lead"),
            new Visitor("v-2", "李娜", "+8613800000002", "grid-member", ["g1"], 10, [], "other"),
            new Visitor("v-3", "王强", "+8613800000003", "grid-member", ["g1"], 10, [], "lead"),
            new Visitor("lead", "陈主任", "+8613900000009", "party-worker", ["g1"], 10, []),
        ]);

        Assert.Equal(["v-1", "v-3"], (await _store.GetTeamAsync("lead")).Select(v => v.Id).Order());
        Assert.Empty(await _store.GetTeamAsync("lead' or Supervisor ne '"));
    }

    [Fact]
    public async Task Targets_round_trip_per_grid_with_kind_and_tags()
    {
        var enterprise = new Target("e-1", TargetKind.Enterprise, "潍坊某化工有限公司", "binhai-01",
            ["key", "chain:精细化工", "tier:1b"], "滨海路1号", "王经理", "+8653600000000", "A栋");
        var household = new Target("h-1", TargetKind.Household, "凯地家园3-201", "kaidi", ["elderly-alone"]);

        await _store.SaveTargetsAsync([enterprise, household]);

        var binhai = Assert.Single(await _store.GetTargetsAsync("binhai-01"));
        AssertTarget(enterprise, binhai);
        var kaidi = Assert.Single(await _store.GetTargetsAsync("kaidi"));
        AssertTarget(household, kaidi);
        Assert.Empty(await _store.GetTargetsAsync("elsewhere"));
    }

    [Fact]
    public async Task Saving_again_replaces_rows_with_the_same_id_and_keeps_the_others()
    {
        await _store.SaveTargetsAsync(
        [
            new Target("e-1", TargetKind.Enterprise, "Old name", "g", ["key"], Address: "old street"),
            new Target("e-2", TargetKind.Enterprise, "Other", "g", []),
        ]);

        await _store.SaveTargetsAsync([new Target("e-1", TargetKind.Enterprise, "New name", "g", [])]);

        var stored = await _store.GetTargetsAsync("g");
        Assert.Equal(["e-1", "e-2"], stored.Select(t => t.Id));
        Assert.Equal("New name", stored[0].Name);
        Assert.Empty(stored[0].Tags);
        Assert.Null(stored[0].Address);
    }

    [Fact]
    public async Task Departments_round_trip_and_are_empty_before_any_import()
    {
        Assert.Empty(await _store.GetDepartmentsAsync());
        Department[] departments =
        [
            new("emergency", "应急管理局", "+8618765330917"),
            new("urban-management", "城管科", "+8613953621408", "刘建国"),
        ];

        await _store.SaveDepartmentsAsync(departments);

        Assert.Equal(departments, await _store.GetDepartmentsAsync());
    }

    [Fact]
    public async Task Policies_round_trip()
    {
        VisitPolicy[] policies =
        [
            new("enterprise-chain", TargetKind.Enterprise, ["chain:*"], 14, 2, ["chain-committee", "party-worker"]),
            new("household", TargetKind.Household, [], 90, 1, []),
            new("household-elderly-alone", TargetKind.Household, ["elderly-alone"], 7, 1, [], MorningReminder: true),
        ];

        await _store.SavePoliciesAsync(policies);

        var stored = await _store.GetPoliciesAsync();
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
    public async Task No_policies_reads_as_empty()
    {
        Assert.Empty(await _store.GetPoliciesAsync());
        Assert.Empty(await _store.GetCalendarAsync());
    }

    [Fact]
    public async Task Calendar_round_trips_across_years()
    {
        CalendarEntry[] entries =
        [
            new(new(2026, 10, 1), DayKind.Holiday, "国庆节"),
            new(new(2026, 10, 10), DayKind.Workday, "国庆节调休"),
            new(new(2027, 1, 1), DayKind.Holiday),
        ];

        await _store.SaveCalendarAsync(entries);

        Assert.Equal(entries, await _store.GetCalendarAsync());
    }

    [Fact]
    public async Task More_than_a_batch_of_rows_in_one_partition_are_all_saved()
    {
        var targets = Enumerable.Range(0, 250)
            .Select(i => new Target($"t-{i:D4}", TargetKind.Household, $"户 {i}", "big", []))
            .ToArray();

        await _store.SaveTargetsAsync(targets);

        Assert.Equal(targets.Select(t => t.Id), (await _store.GetTargetsAsync("big")).Select(t => t.Id));
    }

    [Fact]
    public async Task An_id_that_cannot_be_a_key_is_rejected_by_name_and_nothing_is_saved()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveTargetsAsync(
        [
            new Target("fine", TargetKind.Enterprise, "Fine", "g", []),
            new Target("a/b", TargetKind.Enterprise, "Bad", "g", []),
        ]));

        Assert.Contains("'a/b'", error.Message);
        Assert.Empty(await _store.GetTargetsAsync("g"));
    }

    private static void AssertVisitor(Visitor expected, Visitor actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Phone, actual.Phone);
        Assert.Equal(expected.Role, actual.Role);
        Assert.Equal(expected.Grids, actual.Grids);
        Assert.Equal(expected.WeeklyCapacity, actual.WeeklyCapacity);
        Assert.Equal(expected.Leave, actual.Leave);
        Assert.Equal(expected.Supervisor, actual.Supervisor);
    }

    private static void AssertTarget(Target expected, Target actual)
    {
        Assert.Equal(expected with { Tags = actual.Tags }, actual);
        Assert.Equal(expected.Tags, actual.Tags);
    }
}
