using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters.Reminders;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Reminders;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Reminders;

/// <summary>Retention: final rows past their time are deleted from the outbox; open rows never are.</summary>
public sealed class OutboxPurgeTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    private readonly InMemoryStores _stores = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Today.ToDateTime(new TimeOnly(2, 30)), ChinaTime.Offset));

    [Fact]
    public async Task Final_rows_older_than_the_retention_are_deleted_in_batches_and_open_rows_and_the_deny_list_are_kept()
    {
        var service = Service(new ReminderOptions { RetentionDays = 90 });
        var old = Today.AddDays(-91);
        var finals = Enum.GetValues<OutboxStatus>().Where(s => !s.IsOpen()).ToArray();
        // More than one entity-group batch in one date partition, and every final state.
        await AddAsync(old, 150, i => finals[i % finals.Length]);
        await AddAsync(old.AddDays(-200), 3, _ => OutboxStatus.Sent);
        await AddAsync(old, 2, i => i == 0 ? OutboxStatus.Pending : OutboxStatus.Failed, "open");
        await AddAsync(Today.AddDays(-90), 2, _ => OutboxStatus.Sent, "kept");
        await _stores.Outbox.DenyAsync("+8613800138000", "退订", _clock.GetUtcNow());

        var cutoff = service.RetentionCutoff();
        var deleted = await service.PurgeAsync(cutoff);
        var again = await service.PurgeAsync(cutoff);

        Assert.Equal(Today.AddDays(-90), cutoff);
        Assert.Equal((153, 0), (deleted, again));
        var left = await _stores.Outbox.ListAsync(new OutboxFilter());
        Assert.Equal(["kept0", "kept1", "open0", "open1"], left.Select(r => r.RecipientId).Order());
        Assert.Equal(["+8613800138000"], await _stores.Outbox.GetDeniedAsync());
    }

    [Fact]
    public async Task A_cutoff_after_today_is_refused_and_deletes_nothing()
    {
        var service = Service(new ReminderOptions());
        await AddAsync(Today, 1, _ => OutboxStatus.Sent);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.PurgeAsync(Today.AddDays(1)));

        Assert.Equal("before", error.ParamName);
        Assert.Single(await _stores.Outbox.ListAsync(new OutboxFilter()));
    }

    private ReminderService Service(ReminderOptions options) => new(
        _stores.Roster, _stores.Visits, _stores.Outbox, new ScribanTemplateRenderer(), new LinkTokens(RandomNumberGenerator.GetBytes(32)),
        null, options, _clock);

    private async Task AddAsync(DateOnly date, int count, Func<int, OutboxStatus> status, string recipient = "r")
    {
        var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(18, 0)), ChinaTime.Offset);
        for (var i = 0; i < count; i++)
        {
            Assert.True(await _stores.Outbox.AddAsync(new OutboxMessage(date, MessageKind.EveningDigest, $"{recipient}{i}", OutboxKey.DaySubject,
                "+8613800138001", "明天有1户走访。", 1, Guid.NewGuid().ToString(), at, at, at.AddHours(18), [], status(i))));
        }
    }
}
