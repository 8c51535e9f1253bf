using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Calendar;
using Outreach.Functions.Reminders;
using Outreach.Planning;
using Outreach.Reminders;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Functions.Tests;

/// <summary>The reminder timers on the app's container and Azurite, with a recording sender in place of ACS.</summary>
[Collection(AzuriteFixture.Collection)]
public class ReminderFunctionsTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Tuesday = new(2026, 12, 8);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 18, 0, 0, ChinaTime.Offset));
    private readonly Recorder _sender = new();

    [Fact]
    public async Task The_evening_timer_sends_the_digests_once_even_when_it_runs_twice()
    {
        using var provider = await BuildAsync();
        var timer = new SendEveningDigest(provider.GetRequiredService<ReminderService>(), _clock, NullLogger<SendEveningDigest>.Instance);

        await timer.Run(new TimerInfo(), CancellationToken.None);
        await timer.Run(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        Assert.Equal(["+8613800138001"], _sender.Sent.Select(m => m.To));
        Assert.Contains("赵大爷", _sender.Sent[0].Text);
    }

    [Fact]
    public async Task The_overdue_timer_nudges_the_visitor_and_the_morning_timer_is_off_by_default()
    {
        using var provider = await BuildAsync();
        var reminders = provider.GetRequiredService<ReminderService>();
        _clock.SetUtcNow(new DateTimeOffset(Tuesday.AddDays(1).ToDateTime(new TimeOnly(9, 0)), ChinaTime.Offset));

        await new SendMorningReminder(reminders, _clock, NullLogger<SendMorningReminder>.Instance).Run(new TimerInfo(), CancellationToken.None);
        Assert.Empty(_sender.Sent);
        await new SendOverdueReminders(reminders, _clock, NullLogger<SendOverdueReminders>.Instance).Run(new TimerInfo(), CancellationToken.None);

        Assert.Equal(["+8613800138001"], _sender.Sent.Select(m => m.To));
        Assert.Contains("赵大爷", _sender.Sent[0].Text);
    }

    [Fact]
    public async Task The_cleanup_timer_deletes_final_rows_past_the_retention_and_keeps_open_ones()
    {
        using var provider = await BuildAsync();
        var outbox = provider.GetRequiredService<IOutboxStore>();
        var old = Tuesday.AddDays(-100);
        foreach (var (recipient, status) in new[] { ("v1", OutboxStatus.Sent), ("v2", OutboxStatus.Pending) })
        {
            var at = _clock.GetUtcNow().AddDays(-100);
            await outbox.AddAsync(new OutboxMessage(old, MessageKind.EveningDigest, recipient, OutboxKey.DaySubject, "+8613800138001", "hi", 1,
                Guid.NewGuid().ToString(), at, at, at.AddHours(18), [], status));
        }

        await new CleanUpOutbox(provider.GetRequiredService<ReminderService>(), NullLogger<CleanUpOutbox>.Instance).Run(new TimerInfo(), CancellationToken.None);

        Assert.Equal(["v2"], (await outbox.ListAsync(new OutboxFilter())).Select(r => r.RecipientId));
    }

    private async Task<ServiceProvider> BuildAsync()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["Links:SigningKey"] = Convert.ToBase64String(new byte[32]),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(_clock).AddSingleton(new SmsGateway(_sender));
        services.AddOutreach(configuration);
        var provider = services.BuildServiceProvider();
        var stores = provider.GetRequiredService<TableStores>();
        await stores.Roster.SaveGridsAsync([new Grid("g1", "幸福里", "东区")]);
        await stores.Roster.SaveVisitorsAsync([new Visitor("v1", "王芳", "13800138001", "网格员", ["g1"], 10, [])]);
        await stores.Roster.SaveTargetsAsync([new Target("t1", TargetKind.Household, "赵大爷", "g1", [], "幸福里3号楼201")]);
        await stores.Visits.ApplyAsync([new Visit("t1", TargetKind.Household, "g1", Tuesday, ["v1"], 0, Tuesday.AddDays(-3), Tuesday.AddDays(3), Tuesday)], []);
        return provider;
    }

    private sealed class Recorder : ISmsSender
    {
        public List<SmsMessage> Sent { get; } = [];

        public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
        {
            lock (Sent)
            {
                Sent.Add(message);
            }
            return Task.FromResult(SmsSendResult.Sent("m-" + Sent.Count));
        }
    }
}
