using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters.Reminders;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Reminders;
using Outreach.Roster;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Reminders;

/// <summary>Composing and draining the outbox, with the real renderer and a recording sender.</summary>
public sealed class ReminderServiceTests
{
    // A deployed app's link base, as long as real links are: segment budgets depend on it.
    private const string DeployedLinks = "https://outreach.example.cn/v/";

    // Monday 7 December 2026, China time; the visits are on Tuesday the 8th.
    private static readonly DateOnly Tuesday = new(2026, 12, 8);
    private static readonly DateTimeOffset MondayEvening = At(new DateOnly(2026, 12, 7), 18, 0);

    private readonly InMemoryStores _stores = new();
    private readonly TimerWatchingClock _clock = new(MondayEvening);
    private readonly LinkTokens _links = new(RandomNumberGenerator.GetBytes(32));
    private readonly RecordingSender _sender = new();

    [Fact]
    public async Task The_evening_digest_is_one_sms_per_visitor_and_a_rerun_adds_and_sends_nothing()
    {
        await SeedAsync();
        // The signed link alone is ~130 characters (two UCS-2 segments): four segments hold both visits.
        var service = Service(new ReminderOptions { MaxSegments = 4, LinkBaseUrl = DeployedLinks });

        var first = await service.ComposeAsync(MondayEvening);
        var again = await service.ComposeAsync(MondayEvening);
        var sent = await service.DrainAsync(MondayEvening);
        var resent = await service.DrainAsync(MondayEvening);

        Assert.Equal(["v1", "v2"], first.Added.Select(m => m.RecipientId).Order());
        Assert.All(first.Added, m => Assert.Equal((MessageKind.EveningDigest, Tuesday), (m.Kind, m.Date)));
        Assert.Equal((0, 2), (again.Added.Count, again.AlreadyThere));
        Assert.Equal((2, 0), (sent.Sent, resent.Sent));
        Assert.Equal(2, _sender.Messages.Length);
        var wang = _sender.Messages.Single(m => m.To == "+8613800138001");
        Assert.Contains("明天", wang.Text);
        Assert.Contains("有1家企业、1户居民走访", wang.Text);
        Assert.True(wang.Text.Contains("（与李明同去）"), wang.Text);
        Assert.Contains(DeployedLinks, wang.Text);
        var row = (await _stores.Outbox.ListAsync(new OutboxFilter())).Single(r => r.RecipientId == "v1");
        Assert.Equal((OutboxStatus.Sent, 1, "m-"), (row.Status, row.Attempts, row.MessageId?[..2]));
        Assert.Equal(Guid.Parse(row.RepeatabilityId).ToString(), wang.RepeatabilityId);
    }

    [Fact]
    public async Task A_digest_due_in_quiet_hours_waits_for_eight_oclock()
    {
        await SeedAsync();
        var service = Service();
        var late = At(new DateOnly(2026, 12, 7), 22, 30);

        var composed = await service.ComposeAsync(late);
        var atNight = await service.DrainAsync(late);
        var atEight = await service.DrainAsync(At(Tuesday, 8, 0));

        Assert.All(composed.Added, m => Assert.Equal(At(Tuesday, 8, 0), m.NextAttemptAt));
        Assert.Equal((0, 2), (atNight.Sent, atEight.Sent));
        Assert.False(QuietHours.Contains(At(Tuesday, 8, 0)));
        Assert.True(QuietHours.Contains(At(Tuesday, 7, 59)));
    }

    [Fact]
    public async Task A_morning_reminder_goes_to_visitors_with_a_visit_whose_policy_asks_for_it_and_lists_their_whole_day()
    {
        await SeedAsync();
        await _stores.Roster.SavePoliciesAsync(
        [
            new VisitPolicy("household", TargetKind.Household, [], 7, 1, [], MorningReminder: true),
            new VisitPolicy("enterprise", TargetKind.Enterprise, [], 30, 2, []),
        ]);
        var morning = At(Tuesday, 7, 30);

        // After noon the day's reminder could only expire: a timer run that late composes none.
        var afternoon = await Service().ComposeAsync(At(Tuesday, 13, 0));
        var byPolicy = await Service().ComposeAsync(morning, [MessageKind.MorningReminder]);
        var everyone = await Service(new ReminderOptions { MorningReminder = true }).ComposeAsync(morning.AddMinutes(1), [MessageKind.MorningReminder]);

        // v1 visits the household (赵大爷) and, with v2, the enterprise; v2's day is the enterprise alone.
        var v1 = Assert.Single(byPolicy.Added);
        Assert.Equal(("v1", MessageKind.MorningReminder), (v1.RecipientId, v1.Kind));
        Assert.Contains("赵大爷", v1.Text);
        Assert.Contains("和平商店", v1.Text);
        Assert.Equal(["v2"], everyone.Added.Select(m => m.RecipientId));
        Assert.DoesNotContain(afternoon.Added, m => m.Kind == MessageKind.MorningReminder);
    }

    [Fact]
    public async Task A_message_is_cancelled_when_every_visit_it_was_about_has_an_outcome()
    {
        var visits = await SeedAsync();
        var service = Service();
        await service.ComposeAsync(MondayEvening);

        // v2's only visit (the team visit) is reported early; v1 still has another visit.
        var team = visits.Single(v => v.VisitorIds.Count == 2);
        await _stores.Visits.ApplyAsync([team with { Status = VisitStatus.Completed, CompletedOn = Tuesday.AddDays(-1), Outcome = new VisitOutcome("v1", VisitStatus.Completed, MondayEvening, null, [], MondayEvening) }], []);
        var summary = await service.DrainAsync(MondayEvening.AddMinutes(5));

        Assert.Equal((1, 1), (summary.Sent, summary.Cancelled));
        Assert.Equal("+8613800138001", Assert.Single(_sender.Messages).To);
        Assert.Equal(OutboxStatus.Cancelled, (await _stores.Outbox.ListAsync(new OutboxFilter())).Single(r => r.RecipientId == "v2").Status);
    }

    [Fact]
    public async Task Numbers_on_the_deny_list_are_never_sent_to_whether_denied_before_or_after_composing()
    {
        await SeedAsync();
        var service = Service();
        await _stores.Outbox.DenyAsync("+8613800138001", "退订", MondayEvening);

        var composed = await service.ComposeAsync(MondayEvening);
        await _stores.Outbox.DenyAsync("+8613800138002", "coordinator", MondayEvening);
        var summary = await service.DrainAsync(MondayEvening);

        Assert.Equal(OutboxStatus.Denied, composed.Added.Single(m => m.RecipientId == "v1").Status);
        Assert.Equal((0, 1), (summary.Sent, summary.Denied));
        Assert.Empty(_sender.Messages);
        Assert.Equal(2, (await _stores.Outbox.ListAsync(new OutboxFilter(OutboxStatus.Denied))).Count);
    }

    [Fact]
    public async Task Retries_back_off_and_end_dead_and_a_retry_past_the_gateways_window_takes_a_new_repeatability_id()
    {
        await SeedAsync(onlyV1: true);
        _sender.Result = _ => SmsSendResult.Unknown("HTTP 503: busy");
        var service = Service(new ReminderOptions { MaxAttempts = 3, RetryBaseMinutes = 5 });
        await service.ComposeAsync(MondayEvening);

        var first = await service.DrainAsync(MondayEvening);
        var tooSoon = await DrainAtAsync(service, MondayEvening.AddMinutes(4));
        var second = await DrainAtAsync(service, MondayEvening.AddMinutes(5));
        var third = await DrainAtAsync(service, MondayEvening.AddMinutes(15));

        Assert.Equal((1, 0, 1, 1), (first.Failed, tooSoon.Failed + tooSoon.Sent, second.Failed, third.Dead));
        // Each retry came at least five minutes after the id was first sent: ACS no longer remembers it.
        Assert.Equal([MondayEvening, MondayEvening.AddMinutes(5), MondayEvening.AddMinutes(15)], _sender.Messages.Select(m => m.FirstSent));
        Assert.Equal(3, _sender.Messages.Select(m => m.RepeatabilityId).Distinct().Count());
        var row = Assert.Single(await _stores.Outbox.ListAsync(new OutboxFilter()));
        Assert.Equal((OutboxStatus.Dead, 3, "HTTP 503: busy"), (row.Status, row.Attempts, row.LastError));
    }

    [Fact]
    public async Task Overlapping_drains_send_each_message_once()
    {
        await SeedAsync();
        var service = Service();
        await Task.WhenAll(service.ComposeAsync(MondayEvening), Service().ComposeAsync(MondayEvening));

        var drains = await Task.WhenAll(service.DrainAsync(MondayEvening), Service().DrainAsync(MondayEvening), Service().DrainAsync(MondayEvening));

        Assert.Equal(2, drains.Sum(d => d.Sent));
        Assert.Equal(2, _sender.Messages.Select(m => m.RepeatabilityId).Distinct().Count());
        Assert.Equal(2, _sender.Messages.Length);
        Assert.Equal(2, (await _stores.Outbox.ListAsync(new OutboxFilter())).Count);
    }

    [Fact]
    public async Task A_sender_that_throws_fails_the_attempt_with_its_reason_and_ends_dead_after_the_last_try()
    {
        await SeedAsync(onlyV1: true);
        _sender.Result = _ => throw new InvalidOperationException("ManagedIdentityCredential authentication unavailable");
        var service = Service(new ReminderOptions { MaxAttempts = 2, RetryBaseMinutes = 5 });
        await service.ComposeAsync(MondayEvening);

        var first = await service.DrainAsync(MondayEvening);
        var failed = Assert.Single(await _stores.Outbox.ListAsync(new OutboxFilter()));
        var second = await DrainAtAsync(service, MondayEvening.AddMinutes(5));

        Assert.Equal((1, OutboxStatus.Failed, 1), (first.Failed, failed.Status, failed.Attempts));
        Assert.Equal("InvalidOperationException: ManagedIdentityCredential authentication unavailable", failed.LastError);
        Assert.Equal(1, second.Dead);
        Assert.Equal(OutboxStatus.Dead, Assert.Single(await _stores.Outbox.ListAsync(new OutboxFilter())).Status);
    }

    [Fact]
    public async Task A_permanent_failure_is_dead_at_once()
    {
        await SeedAsync(onlyV1: true);
        _sender.Result = _ => SmsSendResult.Rejected("invalid number");
        var service = Service();
        await service.ComposeAsync(MondayEvening);

        var summary = await service.DrainAsync(MondayEvening);

        Assert.Equal(1, summary.Dead);
    }

    [Fact]
    public async Task The_sender_waits_a_minute_on_the_clock_once_it_has_sent_its_rate()
    {
        await SeedAsync();
        var service = Service(new ReminderOptions { MessagesPerMinute = 1 });
        await service.ComposeAsync(MondayEvening);

        var drain = service.DrainAsync(MondayEvening);
        // The drainer waits on the injected clock: nothing moves until the test moves it.
        var wait = await _clock.NextTimer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromMinutes(1), wait);
        Assert.Single(_sender.Messages);
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(drain.IsCompleted);
        Assert.Single(_sender.Messages);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var summary = await drain.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, summary.Sent);
    }

    [Fact]
    public async Task Without_a_gateway_messages_are_kept_in_the_outbox()
    {
        await SeedAsync();
        var service = Service(sender: null);
        await service.ComposeAsync(MondayEvening);

        var summary = await service.DrainAsync(MondayEvening);

        Assert.Equal((0, 2), (summary.Sent, summary.KeptLocal));
        Assert.All(await _stores.Outbox.ListAsync(new OutboxFilter()), r => Assert.Equal(OutboxStatus.KeptLocal, r.Status));
    }

    [Fact]
    public async Task A_digest_that_can_no_longer_arrive_in_time_expires()
    {
        await SeedAsync();
        var service = Service();
        await service.ComposeAsync(MondayEvening);

        var summary = await service.DrainAsync(At(Tuesday, 13, 0));

        Assert.Equal((0, 2), (summary.Sent, summary.Expired));
    }

    [Fact]
    public async Task At_nine_visitors_are_nudged_about_overdue_visits_and_their_supervisor_gets_a_digest()
    {
        await SeedAsync();
        var wednesday = At(Tuesday.AddDays(1), 9, 0);
        var service = Service();

        var composed = await service.ComposeAsync(wednesday);

        Assert.Equal(
            [(MessageKind.OverdueNudge, "v1"), (MessageKind.OverdueNudge, "v2"), (MessageKind.OverdueDigest, "s1")],
            composed.Added.Select(m => (m.Kind, m.RecipientId)).Order());
        var digest = composed.Added.Single(m => m.Kind == MessageKind.OverdueDigest);
        Assert.Contains("王芳", digest.Text);
        Assert.Equal(2, digest.VisitIds.Count);
        // The supervisor's link opens their people's late visits, read-only.
        var token = digest.Text[(digest.Text.IndexOf("/v/", StringComparison.Ordinal) + 3)..].Split('\n', ' ')[0];
        Assert.Equal(LinkCheck.Valid, _links.Verify(token, wednesday, out var grant));
        Assert.Equal(("s1", Tuesday.AddDays(1)), (grant!.VisitorId, grant.TeamDay));
        Assert.Empty((await service.ComposeAsync(wednesday.AddMinutes(30))).Added);
    }

    [Fact]
    public async Task A_long_digest_is_shortened_to_the_segment_budget_with_a_count_of_the_rest()
    {
        await SeedAsync(extraVisits: 12);
        var service = Service(new ReminderOptions { LinkBaseUrl = DeployedLinks });

        var composed = await service.ComposeAsync(MondayEvening);

        var wang = composed.Added.Single(m => m.RecipientId == "v1");
        Assert.True(wang.Segments <= 3, wang.Text);
        Assert.Equal(SmsSegments.Count(wang.Text).Segments, wang.Segments);
        // The rest counted by kind: enterprises with 家, households with 户.
        Assert.Matches("另有(\\d+家企业|\\d+户居民|\\d+家企业、\\d+户居民)，详见链接", wang.Text);
        Assert.Contains(DeployedLinks, wang.Text.Split('\n')[^1]);
    }

    private ReminderService Service(ReminderOptions? options = null) => Service(_sender, options);

    private ReminderService Service(ISmsSender? sender, ReminderOptions? options = null) => new(
        _stores.Roster, _stores.Visits, _stores.Outbox, new ScribanTemplateRenderer(), _links,
        sender, options ?? new ReminderOptions(), _clock);

    private Task<DrainSummary> DrainAtAsync(ReminderService service, DateTimeOffset at)
    {
        _clock.SetUtcNow(at);
        return service.DrainAsync(at);
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minute) => new(day.ToDateTime(new TimeOnly(hour, minute)), ChinaTime.Offset);

    private async Task<IReadOnlyList<Visit>> SeedAsync(bool onlyV1 = false, int extraVisits = 0)
    {
        await _stores.Roster.SaveGridsAsync([new Grid("g1", "幸福里", "东区")]);
        await _stores.Roster.SaveVisitorsAsync(
        [
            new Visitor("v1", "王芳", "13800138001", "网格员", ["g1"], 10, [], "s1"),
            new Visitor("v2", "李明", "138 0013 8002", "网格员", ["g1"], 10, [], "s1"),
            new Visitor("s1", "陈主任", "13800138009", "书记", [], 10, []),
        ]);
        var targets = new List<Target>
        {
            new("t1", TargetKind.Household, "赵大爷", "g1", [], "幸福里3号楼201"),
            new("t2", TargetKind.Enterprise, "和平商店", "g1", [], "和平路12号"),
        };
        targets.AddRange(Enumerable.Range(0, extraVisits).Select(i => new Target($"x{i:00}", TargetKind.Household, $"建设街{i}号楼居民户", "g1", [], $"建设街{i}号楼{i}0{i}室")));
        await _stores.Roster.SaveTargetsAsync(targets);
        Visit Planned(string target, params string[] visitors) =>
            new(target, TargetKind.Household, "g1", Tuesday, visitors, 0, Tuesday.AddDays(-3), Tuesday.AddDays(3), Tuesday);
        var visits = new List<Visit> { Planned("t1", "v1") };
        if (!onlyV1)
        {
            visits.Add(Planned("t2", "v1", "v2"));
        }
        visits.AddRange(Enumerable.Range(0, extraVisits).Select(i => Planned($"x{i:00}", "v1")));
        await _stores.Visits.ApplyAsync(visits, []);
        return visits;
    }

    private sealed class RecordingSender : ISmsSender
    {
        public ConcurrentQueue<SmsMessage> Queue { get; } = new();

        public SmsMessage[] Messages => Queue.ToArray();

        public Func<SmsMessage, SmsSendResult> Result { get; set; } = m => SmsSendResult.Sent("m-" + Guid.NewGuid().ToString("N"));

        public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
        {
            Queue.Enqueue(message);
            return Task.FromResult(Result(message));
        }
    }

    /// <summary>The fake clock, telling the test when code starts waiting on it (and for how long).</summary>
    private sealed class TimerWatchingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly TaskCompletionSource<TimeSpan> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The due time of the next timer set with one.</summary>
        public Task<TimeSpan> NextTimer => _next.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                _next.TrySetResult(dueTime);
            }
            return timer;
        }
    }
}
