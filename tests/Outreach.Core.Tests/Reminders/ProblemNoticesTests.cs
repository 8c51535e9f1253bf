using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters.Reminders;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Policies;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Roster;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Reminders;

/// <summary>Dispatch and escalation notices composed into the outbox, with the real renderer.</summary>
public sealed class ProblemNoticesTests
{
    private static readonly DateTimeOffset MondayMorning = At(new DateOnly(2026, 12, 7), 10, 0);

    private readonly InMemoryStores _stores = new();
    private readonly FakeTimeProvider _clock = new(MondayMorning);
    private readonly LinkTokens _links = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_dispatch_notice_goes_to_the_departments_duty_officer_once_keyed_by_day_and_problem()
    {
        await SeedAsync();
        var notices = Notices();
        var problem = Dispatched("urban-management", dueDays: 5);

        await notices.NotifyAsync(problem, ProblemAction.Dispatch);
        _clock.Advance(TimeSpan.FromMinutes(3));
        await notices.NotifyAsync(problem, ProblemAction.Dispatch);

        var row = Assert.Single(await _stores.Outbox.ListAsync(new OutboxFilter()));
        Assert.Equal($"20261207~dispatch-notice~urban-management~{problem.Id}~1", row.Id);
        Assert.Equal(("+8613953621408", OutboxStatus.Pending, MondayMorning), (row.Phone, row.Status, row.NextAttemptAt));
        Assert.StartsWith("【问题派发】城管科：", row.Text);
        Assert.Contains("和平商店", row.Text);
        Assert.Contains("道路：门前路面塌陷", row.Text);
        Assert.Contains("12月12日前", row.Text);
        Assert.Equal(At(new DateOnly(2026, 12, 13), 0, 0), row.ExpiresAt);
        Assert.Empty(row.VisitIds);
        Assert.Equal(LinkCheck.Valid, _links.Verify(row.Text.Split("/v/")[^1], MondayMorning, out var grant));
        Assert.Equal(("urban-management", "problem:" + problem.Id), (grant!.VisitorId, grant.Scope));
        // Accepted on the due date, the problem is due five days later: the link still works until then.
        Assert.Equal(At(new DateOnly(2026, 12, 18), 0, 0), grant.ExpiresAt);
    }

    [Fact]
    public async Task An_escalation_notice_goes_to_the_department_and_the_grids_supervisor_and_asks_for_the_next_day_once_overdue()
    {
        await SeedAsync();
        var accepted = ProblemWorkflow.Apply(Dispatched("urban-management", dueDays: 2), new Accept(), "department", MondayMorning.AddHours(1)).Problem;
        var escalatedAt = At(new DateOnly(2026, 12, 10), 9, 0);
        _clock.SetUtcNow(escalatedAt);
        var escalated = ProblemWorkflow.Apply(accepted, new Escalate(ProblemStatus.Accepted, accepted.DueAt!.Value), ProblemWorkflow.TimerActor, escalatedAt).Problem;

        var rows = await Notices().ComposeAsync(escalated, ProblemAction.Escalate);

        Assert.Equal(
            [$"20261210~escalation-notice~urban-management~{escalated.Id}~1", $"20261210~escalation-copy~s1~{escalated.Id}~1"],
            rows.Select(r => r.Id));
        Assert.Equal(["+8613953621408", "+8613800138009"], rows.Select(r => r.Phone));
        Assert.StartsWith("【督办通知】城管科：", rows[0].Text);
        Assert.StartsWith("【督办抄送】陈主任：城管科的问题", rows[1].Text);
        Assert.All(rows, r => Assert.Contains("派发已3天", r.Text));
        // The due date (9 December) has passed: the escalation asks for the next day, and expires after it.
        Assert.All(rows, r => Assert.Contains("12月11日前", r.Text));
        Assert.All(rows, r => Assert.Equal(At(new DateOnly(2026, 12, 12), 0, 0), r.ExpiresAt));
        // The department's link acts on the problem; the supervisor's copy only reads it, whatever the ids.
        Assert.Equal(
            [("urban-management", LinkGrant.ProblemScope(escalated.Id)), ("s1", LinkGrant.ProblemCopyScope(escalated.Id))],
            rows.Select(r => Grant(r.Text)).Select(g => (g.VisitorId, g.Scope)));
    }

    [Fact]
    public async Task A_department_link_lives_at_most_thirty_days_even_when_the_department_has_a_year()
    {
        await SeedAsync();

        var row = Assert.Single(await Notices().ComposeAsync(Dispatched("urban-management", dueDays: 365), ProblemAction.Dispatch));

        // The notice still asks for the due date a year on; the link stops after 30 days (the escalation brings a new one).
        Assert.Equal(At(new DateOnly(2027, 12, 8), 0, 0), row.ExpiresAt);
        Assert.Equal(MondayMorning.AddDays(LinkGrant.MaxProblemLinkDays), Grant(row.Text).ExpiresAt);
        Assert.Equal(30, LinkGrant.MaxProblemLinkDays);
    }

    [Fact]
    public async Task A_second_dispatch_on_the_same_day_after_a_return_writes_a_second_notice_and_a_retry_adds_nothing()
    {
        await SeedAsync();
        var notices = Notices();
        var first = Dispatched("urban-management", dueDays: 5);
        var returned = ProblemWorkflow.Apply(first, new Return("不属于本科室"), "urban-management", MondayMorning.AddHours(1)).Problem;
        var second = ProblemWorkflow.Apply(returned, new Dispatch("urban-management", 2), "coordinator", MondayMorning.AddHours(2)).Problem;

        await notices.NotifyAsync(first, ProblemAction.Dispatch);
        await notices.NotifyAsync(second, ProblemAction.Dispatch);
        await notices.NotifyAsync(second, ProblemAction.Dispatch);

        var rows = await _stores.Outbox.ListAsync(new OutboxFilter());
        Assert.Equal([$"20261207~dispatch-notice~urban-management~{first.Id}~1", $"20261207~dispatch-notice~urban-management~{first.Id}~2"], rows.Select(r => r.Id));
        Assert.Contains("12月9日前", rows[1].Text);
    }

    [Fact]
    public async Task A_notice_already_in_the_outbox_is_not_composed_again()
    {
        await SeedAsync();
        var problem = Dispatched("urban-management", dueDays: 5);
        await Notices().NotifyAsync(problem, ProblemAction.Dispatch);
        var counting = new CountingRoster(_stores.Roster);

        // What the hourly escalation run does for every problem stepped in the last day.
        await new ProblemNotices(counting, _stores.Outbox, new ScribanTemplateRenderer(), _links, new ReminderOptions(), _clock).NotifyAsync(problem, ProblemAction.Dispatch);

        Assert.Equal(0, counting.Reads);
        Assert.Single(await _stores.Outbox.ListAsync(new OutboxFilter()));
    }

    [Fact]
    public async Task A_notice_for_the_longest_problem_id_is_stored()
    {
        await SeedAsync();
        var longest = string.Join('~', "g1", "20261207", "t2", new string('a', 64), new string('b', 64), new string('c', 55));
        Assert.True(longest.Length == ProblemIds.MaxLength && ProblemIds.TryParse(longest, out _, out _));
        var problem = Dispatched("urban-management", dueDays: 5) with { Id = longest };

        await Notices().NotifyAsync(problem, ProblemAction.Dispatch);

        Assert.Equal(longest + "~1", Assert.Single(await _stores.Outbox.ListAsync(new OutboxFilter())).Subject);
    }

    [Fact]
    public async Task A_long_description_is_cut_to_fit_the_segments_and_the_link_is_never_cut()
    {
        await SeedAsync();
        var problem = Dispatched("urban-management", dueDays: 5, description: string.Concat(Enumerable.Repeat("路面塌陷积水严重影响通行", 40)));

        var fitted = Assert.Single(await Notices(new ReminderOptions { MaxSegments = 5 }).ComposeAsync(problem, ProblemAction.Dispatch));
        // One segment cannot hold the reference and the signed link: the notice takes the segments they need, and the summary fills the rest.
        var tight = Assert.Single(await Notices(new ReminderOptions { MaxSegments = 1 }).ComposeAsync(problem, ProblemAction.Dispatch));

        Assert.Equal((5, 5), (SmsSegments.Count(fitted.Text).Segments, fitted.Segments));
        Assert.Matches("和平路12号：道路：(路面塌陷积水严重影响通行)+.*…。请于12月12日前", fitted.Text);
        Assert.Matches("和平路12号：道路：路面.*…。请于12月12日前", tight.Text);
        Assert.InRange(tight.Segments, 2, 4);
        Assert.Equal(SmsSegments.Count(tight.Text).Segments, tight.Segments);
        foreach (var row in new[] { fitted, tight })
        {
            Assert.Equal(LinkCheck.Valid, _links.Verify(row.Text.Split("/v/")[^1], MondayMorning, out _));
        }
    }

    [Fact]
    public async Task Quiet_hours_defer_a_notice_and_a_denied_number_is_recorded_as_denied()
    {
        await SeedAsync();
        await _stores.Outbox.DenyAsync("+8613953621408", "退订", MondayMorning);
        _clock.SetUtcNow(At(new DateOnly(2026, 12, 7), 22, 30));
        var notices = Notices();

        await notices.NotifyAsync(Dispatched("urban-management", dueDays: 5, at: _clock.GetUtcNow()), ProblemAction.Dispatch);
        await notices.NotifyAsync(Dispatched("emergency", dueDays: 5, at: _clock.GetUtcNow()), ProblemAction.Dispatch);

        var rows = await _stores.Outbox.ListAsync(new OutboxFilter());
        Assert.Equal(OutboxStatus.Denied, rows.Single(r => r.RecipientId == "urban-management").Status);
        var deferred = rows.Single(r => r.RecipientId == "emergency");
        Assert.Equal((OutboxStatus.Pending, At(new DateOnly(2026, 12, 8), 8, 0)), (deferred.Status, deferred.NextAttemptAt));
    }

    [Fact]
    public async Task Nothing_is_composed_for_a_department_missing_from_the_roster_or_a_step_without_a_notice()
    {
        await SeedAsync();
        var notices = Notices();
        var dispatched = Dispatched("urban-management", dueDays: 5);
        var reported = Reported();
        var lateTriage = ProblemWorkflow.Apply(reported, new Escalate(ProblemStatus.Reported, reported.ReportedAt.AddHours(48)), ProblemWorkflow.TimerActor, MondayMorning.AddDays(3)).Problem;

        Assert.Empty(await notices.ComposeAsync(Dispatched("no-such-department", dueDays: 5), ProblemAction.Dispatch));
        Assert.Empty(await notices.ComposeAsync(dispatched, ProblemAction.Accept));
        Assert.Empty(await notices.ComposeAsync(reported, ProblemAction.Dispatch));
        // Nobody dispatched it: no department holds it, so there is nobody to chase by SMS.
        Assert.Empty(await notices.ComposeAsync(lateTriage, ProblemAction.Escalate));
    }

    private LinkGrant Grant(string text)
    {
        Assert.Equal(LinkCheck.Valid, _links.Verify(text.Split("/v/")[^1], MondayMorning, out var grant));
        return grant!;
    }

    private ProblemNotices Notices(ReminderOptions? options = null) =>
        new(_stores.Roster, _stores.Outbox, new ScribanTemplateRenderer(), _links, options ?? new ReminderOptions(), _clock);

    private static Problem Reported(string description = "门前路面塌陷") =>
        ProblemWorkflow.Report(new ReportProblem("g1~20261207~t2~1", "g1", "t2", null, "道路", description), "v1", MondayMorning.AddHours(-2));

    private static Problem Dispatched(string department, int dueDays, string description = "门前路面塌陷", DateTimeOffset? at = null) =>
        ProblemWorkflow.Apply(Reported(description), new Dispatch(department, dueDays), "coordinator", at ?? MondayMorning).Problem;

    private static DateTimeOffset At(DateOnly day, int hour, int minute) => new(day.ToDateTime(new TimeOnly(hour, minute)), ChinaTime.Offset);

    private async Task SeedAsync()
    {
        await _stores.Roster.SaveGridsAsync([new Grid("g1", "幸福里", "东区", Supervisor: "s1")]);
        await _stores.Roster.SaveVisitorsAsync([new Visitor("s1", "陈主任", "13800138009", "书记", [], 10, [])]);
        await _stores.Roster.SaveTargetsAsync([new Target("t2", TargetKind.Enterprise, "和平商店", "g1", [], "和平路12号")]);
        await _stores.Roster.SaveDepartmentsAsync(
        [
            new Department("urban-management", "城管科", "+8613953621408", "刘建国"),
            new Department("emergency", "应急管理局", "+8618765330917"),
        ]);
    }

    /// <summary>A roster store, counting the reads a notice makes to compose itself.</summary>
    private sealed class CountingRoster(IRosterStore inner) : IRosterStore
    {
        public int Reads { get; private set; }

        public Task ImportAsync(RosterChange change, CancellationToken cancellationToken = default) => inner.ImportAsync(change, cancellationToken);

        public Task<int> CompleteImportsAsync(CancellationToken cancellationToken = default) => inner.CompleteImportsAsync(cancellationToken);

        public Task SaveGridsAsync(IReadOnlyList<Grid> grids, CancellationToken cancellationToken = default) => inner.SaveGridsAsync(grids, cancellationToken);

        public Task<IReadOnlyList<Grid>> GetGridsAsync(CancellationToken cancellationToken = default) => Count(inner.GetGridsAsync(cancellationToken));

        public Task SaveVisitorsAsync(IReadOnlyList<Visitor> visitors, CancellationToken cancellationToken = default) => inner.SaveVisitorsAsync(visitors, cancellationToken);

        public Task<IReadOnlyList<Visitor>> GetVisitorsAsync(CancellationToken cancellationToken = default) => Count(inner.GetVisitorsAsync(cancellationToken));

        public Task<Visitor?> GetVisitorAsync(string id, CancellationToken cancellationToken = default) => Count(inner.GetVisitorAsync(id, cancellationToken));

        public Task<IReadOnlyList<Visitor>> GetTeamAsync(string supervisorId, CancellationToken cancellationToken = default) => Count(inner.GetTeamAsync(supervisorId, cancellationToken));

        public Task SaveTargetsAsync(IReadOnlyList<Target> targets, CancellationToken cancellationToken = default) => inner.SaveTargetsAsync(targets, cancellationToken);

        public Task DeleteTargetsAsync(IReadOnlyList<Target> targets, CancellationToken cancellationToken = default) => inner.DeleteTargetsAsync(targets, cancellationToken);

        public Task<IReadOnlyList<Target>> GetTargetsAsync(string grid, CancellationToken cancellationToken = default) => Count(inner.GetTargetsAsync(grid, cancellationToken));

        public Task<IReadOnlyList<Target>> GetTargetsAsync(string grid, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) => Count(inner.GetTargetsAsync(grid, ids, cancellationToken));

        public Task<Target?> GetTargetAsync(string grid, string id, CancellationToken cancellationToken = default) => Count(inner.GetTargetAsync(grid, id, cancellationToken));

        public Task SavePoliciesAsync(IReadOnlyList<VisitPolicy> policies, CancellationToken cancellationToken = default) => inner.SavePoliciesAsync(policies, cancellationToken);

        public Task<IReadOnlyList<VisitPolicy>> GetPoliciesAsync(CancellationToken cancellationToken = default) => Count(inner.GetPoliciesAsync(cancellationToken));

        public Task SaveCalendarAsync(IReadOnlyList<CalendarEntry> entries, CancellationToken cancellationToken = default) => inner.SaveCalendarAsync(entries, cancellationToken);

        public Task<IReadOnlyList<CalendarEntry>> GetCalendarAsync(CancellationToken cancellationToken = default) => Count(inner.GetCalendarAsync(cancellationToken));

        public Task SaveDepartmentsAsync(IReadOnlyList<Department> departments, CancellationToken cancellationToken = default) => inner.SaveDepartmentsAsync(departments, cancellationToken);

        public Task<IReadOnlyList<Department>> GetDepartmentsAsync(CancellationToken cancellationToken = default) => Count(inner.GetDepartmentsAsync(cancellationToken));

        private Task<T> Count<T>(Task<T> read)
        {
            Reads++;
            return read;
        }
    }
}
