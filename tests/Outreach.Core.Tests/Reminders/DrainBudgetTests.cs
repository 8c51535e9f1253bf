using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters.Reminders;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Reminders;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Reminders;

/// <summary>
/// A drain stops when quiet hours begin or its time budget is spent, and leaves the rest for the next drain. Time
/// passes only inside the sender, which moves the <see cref="FakeTimeProvider"/> as a slow gateway would.
/// </summary>
public sealed class DrainBudgetTests
{
    private static readonly DateOnly Tuesday = new(2026, 12, 8);

    private readonly InMemoryStores _stores = new();
    private readonly FakeTimeProvider _clock = new(At(new DateOnly(2026, 12, 7), 18, 0));

    [Fact]
    public async Task A_drain_stops_when_its_budget_is_spent_and_the_next_drain_sends_the_rest()
    {
        var sender = new SlowSender(_clock, TimeSpan.FromMinutes(1));
        var service = Service(sender, new ReminderOptions { DrainBudgetMinutes = 2 });
        await AddRowsAsync(5);

        var first = await service.DrainAsync(_clock.GetUtcNow());
        var afterFirst = await _stores.Outbox.ListAsync(new OutboxFilter(OutboxStatus.Pending));
        sender.Step = TimeSpan.Zero;
        var second = await service.DrainAsync(_clock.GetUtcNow());

        Assert.Equal((2, 3), (first.Sent, first.Left));
        Assert.Equal(3, afterFirst.Count);
        Assert.All(afterFirst, r => Assert.Equal(0, r.Attempts)); // untouched, so due at once for the next drain
        Assert.Equal((3, 0), (second.Sent, second.Left));
        Assert.Equal(5, sender.Messages.Select(m => m.To).Distinct().Count());
    }

    [Fact]
    public async Task A_drain_that_runs_into_quiet_hours_stops_and_the_rest_goes_at_eight()
    {
        _clock.SetUtcNow(At(new DateOnly(2026, 12, 7), 20, 58));
        var sender = new SlowSender(_clock, TimeSpan.FromMinutes(1));
        var service = Service(sender, new ReminderOptions { DrainBudgetMinutes = 30 });
        await AddRowsAsync(5);

        var evening = await service.DrainAsync(_clock.GetUtcNow());
        _clock.SetUtcNow(At(Tuesday, 8, 0));
        var morning = await service.DrainAsync(_clock.GetUtcNow());

        Assert.Equal((2, 3), (evening.Sent, evening.Left)); // 20:58 and 20:59; not 21:00
        Assert.Equal((3, 0), (morning.Sent, morning.Left));
    }

    [Fact]
    public async Task A_drain_does_not_wait_for_a_rate_limit_minute_that_ends_past_its_budget()
    {
        var sender = new SlowSender(_clock, TimeSpan.Zero);
        var service = Service(sender, new ReminderOptions { DrainBudgetMinutes = 1, MessagesPerMinute = 1 });
        await AddRowsAsync(3);

        // Were it to wait, it would wait forever: nothing moves the fake clock.
        var drained = await service.DrainAsync(_clock.GetUtcNow()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((1, 2), (drained.Sent, drained.Left));
    }

    private ReminderService Service(ISmsSender sender, ReminderOptions options) => new(
        _stores.Roster, _stores.Visits, _stores.Outbox, new ScribanTemplateRenderer(), new LinkTokens(RandomNumberGenerator.GetBytes(32)),
        sender, options, _clock);

    private async Task AddRowsAsync(int count)
    {
        var now = _clock.GetUtcNow();
        for (var i = 1; i <= count; i++)
        {
            await _stores.Outbox.AddAsync(new OutboxMessage(Tuesday, MessageKind.EveningDigest, $"v{i}", OutboxKey.DaySubject, $"+861380013800{i}",
                "明天有1户走访。", 1, Guid.NewGuid().ToString(), now, now, At(Tuesday, 12, 0), []));
        }
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minute) => new(day.ToDateTime(new TimeOnly(hour, minute)), ChinaTime.Offset);

    /// <summary>Accepts every message, and each send takes <see cref="Step"/> of the fake clock.</summary>
    private sealed class SlowSender(FakeTimeProvider clock, TimeSpan step) : ISmsSender
    {
        private readonly ConcurrentQueue<SmsMessage> _messages = new();

        public TimeSpan Step { get; set; } = step;

        public IReadOnlyList<SmsMessage> Messages => _messages.ToArray();

        public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
        {
            _messages.Enqueue(message);
            clock.Advance(Step);
            return Task.FromResult(SmsSendResult.Sent("m-" + _messages.Count));
        }
    }
}
