using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters.Reminders;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Reminders;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Reminders;

/// <summary>Replies to our SMS, against the outbox and the deny list.</summary>
public sealed class InboundSmsServiceTests
{
    private const string Wang = "+8613800138001";
    private const string Zhao = "+8613800138009";
    private static readonly DateTimeOffset MondayNoon = new(2026, 12, 7, 12, 0, 0, ChinaTime.Offset);

    private readonly InMemoryStores _stores = new();

    private InboundSmsService Service => new(_stores.Outbox);

    [Fact]
    public async Task Tuiding_puts_the_normalised_sender_on_the_deny_list_with_the_reply_and_its_time()
    {
        var outcome = await Service.HandleAsync(new InboundSms("138 0013 8001", " 退订。", MondayNoon, "msg-1"));

        Assert.Equal(InboundSmsOutcome.Unsubscribed, outcome);
        Assert.Equal([Wang], await _stores.Outbox.GetDeniedAsync());
        Assert.Equal("replied 退订 (SMS msg-1)", (await _stores.Outbox.GetDenyEntryAsync(Wang))?.Reason);
    }

    [Fact]
    public async Task A_reply_handled_twice_as_a_redriven_poison_message_may_be_leaves_the_entry_as_once_and_a_late_one_undoes_nothing_newer()
    {
        var stop = new InboundSms(Wang, "TD", MondayNoon, "msg-1");
        await Service.HandleAsync(stop);
        var once = await _stores.Outbox.GetDenyEntryAsync(Wang);
        var again = await Service.HandleAsync(stop);
        var twice = await _stores.Outbox.GetDenyEntryAsync(Wang);
        await Service.HandleAsync(new InboundSms(Wang, "START", MondayNoon.AddHours(1), "msg-2"));
        var redriven = await Service.HandleAsync(stop);

        Assert.Equal(InboundSmsOutcome.Unsubscribed, again);
        Assert.Equal((once?.Denied, once?.Reason, once?.At), (twice?.Denied, twice?.Reason, twice?.At));
        Assert.Equal(InboundSmsOutcome.Superseded, redriven);
        Assert.Empty(await _stores.Outbox.GetDeniedAsync());
    }

    [Fact]
    public async Task A_sentence_with_tuiding_keeps_only_the_keyword_as_the_reason()
    {
        await Service.HandleAsync(new InboundSms(Wang, "我是王芳，以后请退订这个号码", MondayNoon, "msg-3"));

        Assert.Equal("replied 退订 (SMS msg-3)", (await _stores.Outbox.GetDenyEntryAsync(Wang))?.Reason);
    }

    [Fact]
    public async Task A_pending_reminder_to_a_number_that_replied_td_is_denied_at_the_next_drain_and_not_sent()
    {
        var sender = new Recorder();
        await _stores.Outbox.AddAsync(Pending("v1", Wang));
        await _stores.Outbox.AddAsync(Pending("v2", "+8613800138002"));

        await Service.HandleAsync(new InboundSms(Wang, "ＴＤ", MondayNoon, "msg-2"));
        var drained = await Reminders(sender).DrainAsync(MondayNoon.AddMinutes(5));

        Assert.Equal((1, 1), (drained.Sent, drained.Denied));
        Assert.Equal(["+8613800138002"], sender.Sent.Select(m => m.To));
        Assert.Equal(OutboxStatus.Denied, (await _stores.Outbox.ListAsync(new OutboxFilter())).Single(r => r.RecipientId == "v1").Status);
    }

    [Fact]
    public async Task Other_replies_and_senders_that_are_not_numbers_change_nothing()
    {
        Assert.Equal(InboundSmsOutcome.Ignored, await Service.HandleAsync(new InboundSms(Wang, "T恤", MondayNoon)));
        Assert.Equal(InboundSmsOutcome.Ignored, await Service.HandleAsync(new InboundSms(Wang, "收到，明天去", MondayNoon)));
        Assert.Equal(InboundSmsOutcome.BadSender, await Service.HandleAsync(new InboundSms("10086abc", "退订", MondayNoon)));

        Assert.Empty(await _stores.Outbox.GetDeniedAsync());
    }

    [Fact]
    public async Task Start_lifts_a_deny_made_by_reply_and_is_idempotent()
    {
        await Service.HandleAsync(new InboundSms(Wang, "STOP", MondayNoon));

        Assert.Equal(InboundSmsOutcome.Resubscribed, await Service.HandleAsync(new InboundSms(Wang, "订阅", MondayNoon.AddHours(1))));
        Assert.Equal(InboundSmsOutcome.Resubscribed, await Service.HandleAsync(new InboundSms(Wang, "start", MondayNoon.AddHours(2))));
        Assert.Empty(await _stores.Outbox.GetDeniedAsync());
        Assert.False((await _stores.Outbox.GetDenyEntryAsync(Wang))!.Denied);
    }

    [Fact]
    public async Task An_older_reply_handled_after_a_newer_one_changes_nothing()
    {
        // START at 13:00 reaches us before the STOP sent at 12:00 (a retried queue message); then the reverse.
        var start = await Service.HandleAsync(new InboundSms(Wang, "START", MondayNoon.AddHours(1), "msg-2"));
        var lateStop = await Service.HandleAsync(new InboundSms(Wang, "TD", MondayNoon, "msg-1"));
        var stop = await Service.HandleAsync(new InboundSms(Zhao, "TD", MondayNoon.AddHours(1), "msg-4"));
        var lateStart = await Service.HandleAsync(new InboundSms(Zhao, "START", MondayNoon, "msg-3"));

        Assert.Equal((InboundSmsOutcome.Resubscribed, InboundSmsOutcome.Superseded), (start, lateStop));
        Assert.Equal((InboundSmsOutcome.Unsubscribed, InboundSmsOutcome.Superseded), (stop, lateStart));
        Assert.Equal([Zhao], await _stores.Outbox.GetDeniedAsync());
    }

    [Fact]
    public async Task Replies_handled_at_once_leave_the_newest_standing()
    {
        // Twenty replies alternating STOP and START, one second apart, all handled in parallel: the last (a STOP) wins.
        var replies = Enumerable.Range(0, 20).Select(i => new InboundSms(Wang, i % 2 == 0 ? "START" : "TD", MondayNoon.AddSeconds(i), $"msg-{i}"));

        await Task.WhenAll(replies.Select(r => Service.HandleAsync(r)));

        var entry = await _stores.Outbox.GetDenyEntryAsync(Wang);
        Assert.Equal((true, "replied TD (SMS msg-19)"), (entry!.Denied, entry.Reason));
    }

    [Fact]
    public async Task Start_does_not_lift_a_deny_made_by_a_coordinator()
    {
        // Whatever the coordinator wrote as the reason, even words a reply would leave.
        await _stores.Outbox.DenyAsync(Wang, "replied 退订 by phone; shared number", MondayNoon);

        var outcome = await Service.HandleAsync(new InboundSms(Wang, "START", MondayNoon.AddHours(1)));

        Assert.Equal(InboundSmsOutcome.StillDenied, outcome);
        Assert.Equal([Wang], await _stores.Outbox.GetDeniedAsync());
    }

    private ReminderService Reminders(ISmsSender sender) => new(
        _stores.Roster, _stores.Visits, _stores.Outbox, new ScribanTemplateRenderer(), new LinkTokens(RandomNumberGenerator.GetBytes(32)),
        sender, new ReminderOptions(), new FakeTimeProvider(MondayNoon));

    private static OutboxMessage Pending(string recipient, string phone) => new(
        DateOnly.FromDateTime(MondayNoon.DateTime), MessageKind.EveningDigest, recipient, OutboxKey.DaySubject, phone, "明天走访2户", 1,
        Guid.NewGuid().ToString(), MondayNoon, MondayNoon, MondayNoon.AddHours(12), []);

    private sealed class Recorder : ISmsSender
    {
        public List<SmsMessage> Sent { get; } = [];

        public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
        {
            Sent.Add(message);
            return Task.FromResult(SmsSendResult.Sent("m-" + Sent.Count));
        }
    }
}
