using Outreach.Reminders;
using Xunit;

namespace Outreach.Testing.Contracts;

/// <summary>
/// What every <see cref="IOutboxStore"/> answers: the Table Storage store on Azurite and the in-memory one both run
/// these. Each test gets an empty store.
/// </summary>
public abstract class OutboxStoreContract
{
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static readonly DateTimeOffset Evening = new(2026, 12, 7, 18, 0, 0, TimeSpan.FromHours(8));

    /// <summary>An empty store, fresh for each test.</summary>
    protected abstract IOutboxStore Outbox { get; }

    [Fact]
    public async Task A_key_is_added_once_and_reads_back_with_every_field()
    {
        var message = Message(Today, "v1") with { Attempts = 2, FirstSent = Evening, MessageId = "m-1", LastError = "429", Status = OutboxStatus.Failed };

        Assert.True(await Outbox.AddAsync(message));
        Assert.False(await Outbox.AddAsync(message with { Text = "second" }));

        var stored = (await Outbox.GetAsync(message.Id))!;
        Assert.Equal(message with { VisitIds = stored.VisitIds, ETag = stored.ETag }, stored);
        Assert.Equal(message.VisitIds, stored.VisitIds);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
        Assert.Null(await Outbox.GetAsync(Message(Today, "v2").Id));
        Assert.Null(await Outbox.GetAsync("not-a-key"));
    }

    [Fact]
    public async Task Lists_filter_on_status_and_dates_by_date_then_key()
    {
        await Outbox.AddAsync(Message(Today.AddDays(1), "a"));
        await Outbox.AddAsync(Message(Today, "b") with { Status = OutboxStatus.Sent });
        await Outbox.AddAsync(Message(Today, "a"));
        await Outbox.AddAsync(Message(Today.AddDays(-1), "c"));
        await Outbox.DenyAsync("+8613800138000", "退订", Evening);

        async Task<string[]> Keys(OutboxFilter filter) => (await Outbox.ListAsync(filter)).Select(m => $"{m.Date:MMdd}{m.RecipientId}").ToArray();

        Assert.Equal(["1206c", "1207a", "1207b", "1208a"], await Keys(new OutboxFilter()));
        Assert.Equal(["1206c", "1207a", "1208a"], await Keys(new OutboxFilter(OutboxStatus.Pending)));
        Assert.Equal(["1207a", "1207b"], await Keys(new OutboxFilter(From: Today, To: Today)));
        Assert.Equal(["1207b"], await Keys(new OutboxFilter(OutboxStatus.Sent, Today.AddDays(-1))));
    }

    [Fact]
    public async Task Due_rows_are_the_pending_and_failed_ones_whose_time_has_come_oldest_first()
    {
        await Outbox.AddAsync(Message(Today, "later") with { NextAttemptAt = Evening.AddMinutes(1) });
        await Outbox.AddAsync(Message(Today, "failed") with { Status = OutboxStatus.Failed, NextAttemptAt = Evening.AddMinutes(-5) });
        await Outbox.AddAsync(Message(Today, "now"));
        await Outbox.AddAsync(Message(Today, "sent") with { Status = OutboxStatus.Sent, NextAttemptAt = Evening.AddHours(-1) });
        await Outbox.AddAsync(Message(Today.AddDays(-1), "yesterday") with { NextAttemptAt = Evening.AddDays(-1) });

        var due = await Outbox.ListDueAsync(Evening);

        Assert.Equal(["yesterday", "failed", "now"], due.Select(m => m.RecipientId));
    }

    [Fact]
    public async Task A_replace_applies_once_per_etag_replaces_anything_without_one_and_never_creates_a_row()
    {
        var message = Message(Today, "v1");
        await Outbox.AddAsync(message);
        var read = (await Outbox.GetAsync(message.Id))!;

        var sent = await Outbox.TryReplaceAsync(read with { Status = OutboxStatus.Sent, Attempts = 1 });
        var stale = await Outbox.TryReplaceAsync(read with { Status = OutboxStatus.Dead });
        var forced = await Outbox.TryReplaceAsync(read with { Status = OutboxStatus.Cancelled, ETag = null });
        var missing = await Outbox.TryReplaceAsync(Message(Today, "v2"));

        Assert.NotNull(sent);
        Assert.Null(stale);
        Assert.NotNull(forced);
        Assert.Null(missing);
        Assert.Equal((OutboxStatus.Cancelled, forced), ((await Outbox.GetAsync(message.Id))!.Status, (await Outbox.GetAsync(message.Id))!.ETag));
        Assert.Null(await Outbox.GetAsync(Message(Today, "v2").Id));
    }

    [Fact]
    public async Task Purging_deletes_final_rows_before_the_day_and_keeps_open_rows_and_the_deny_list()
    {
        var old = Today.AddDays(-91);
        var finals = Enum.GetValues<OutboxStatus>().Where(s => !s.IsOpen()).ToArray();
        // More than one entity-group batch in one day, and every final state.
        for (var i = 0; i < 150; i++)
        {
            await Outbox.AddAsync(Message(old, $"r{i:D3}") with { Status = finals[i % finals.Length] });
        }
        await Outbox.AddAsync(Message(old.AddDays(-200), "ancient") with { Status = OutboxStatus.Sent });
        await Outbox.AddAsync(Message(old, "open0"));
        await Outbox.AddAsync(Message(old, "open1") with { Status = OutboxStatus.Failed });
        await Outbox.AddAsync(Message(old.AddDays(1), "kept") with { Status = OutboxStatus.Sent });
        await Outbox.DenyAsync("+8613800138000", "退订", Evening);

        var deleted = await Outbox.DeleteFinalAsync(old.AddDays(1));
        var again = await Outbox.DeleteFinalAsync(old.AddDays(1));

        Assert.Equal((151, 0), (deleted, again));
        Assert.Equal(["kept", "open0", "open1"], (await Outbox.ListAsync(new OutboxFilter())).Select(m => m.RecipientId).Order(StringComparer.Ordinal));
        Assert.Equal(["+8613800138000"], await Outbox.GetDeniedAsync());
    }

    [Fact]
    public async Task A_denied_number_is_on_the_deny_list_once_however_often_it_is_denied()
    {
        await Outbox.DenyAsync("+8613800138000", "退订", Evening);
        await Outbox.DenyAsync("+8613800138000", "coordinator", Evening.AddHours(1));

        Assert.Equal(["+8613800138000"], await Outbox.GetDeniedAsync());
        var entry = (await Outbox.GetDenyEntryAsync("+8613800138000"))!;
        Assert.Equal((true, "coordinator", Evening.AddHours(1), false), (entry.Denied, entry.Reason, entry.At, entry.ByReply));
        Assert.Null(await Outbox.GetDenyEntryAsync("+8613800138001"));
    }

    [Fact]
    public async Task A_deny_entry_is_written_only_over_the_entry_it_was_read_from()
    {
        var phone = "+8613800138000";
        var byReply = new DenyEntry(phone, Denied: true, "TD", Evening, ByReply: true);

        Assert.True(await Outbox.TryPutDenyEntryAsync(byReply));
        Assert.False(await Outbox.TryPutDenyEntryAsync(byReply));
        var read = (await Outbox.GetDenyEntryAsync(phone))!;
        Assert.Equal(byReply with { ETag = read.ETag }, read);

        var allowed = read with { Denied = false, Reason = "恢复", At = Evening.AddHours(1) };
        Assert.True(await Outbox.TryPutDenyEntryAsync(allowed));
        Assert.False(await Outbox.TryPutDenyEntryAsync(read with { Reason = "stale" }));
        Assert.Empty(await Outbox.GetDeniedAsync());
        Assert.Equal((false, "恢复"), ((await Outbox.GetDenyEntryAsync(phone))!.Denied, (await Outbox.GetDenyEntryAsync(phone))!.Reason));
    }

    private static OutboxMessage Message(DateOnly date, string recipient) => new(
        date, MessageKind.EveningDigest, recipient, OutboxKey.DaySubject, "+8613800138001", "明天有1户走访。", 1,
        Guid.NewGuid().ToString(), Evening, Evening, Evening.AddHours(18), ["g1~20261208~t1", "g1~20261208~t2"]);
}
