using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Adapters.Reminders;
using Outreach.Calendar;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Roster;

namespace Outreach.EndToEnd.Tests;

/// <summary>
/// Today (China time) for one grid of the hosted app's storage, seeded as the app would have it: 王芳 visits two
/// households and, with 李明, an enterprise; one household was visited a week ago and a problem it raised was
/// dispatched to 城管科. The links are those of the real messages: the evening digest composed yesterday at 18:00
/// by <see cref="ReminderService"/>, and the dispatch notice <see cref="ProblemNotices"/> wrote to the outbox.
/// Every id starts with <paramref name="Tag"/>, so tests sharing the app do not meet.
/// </summary>
internal sealed record FieldDay(string Tag, DateOnly Today, Visit H1, Visit H2, Visit E1, string ProblemId, string DayLink, string ProblemLink)
{
    public string Visitor => $"{Tag}-v1";

    public static async Task<FieldDay> SeedAsync(HostedApp app, string tag, Func<string, string>? names = null)
    {
        var name = names ?? (n => n);
        var stores = app.Stores;
        var today = ChinaTime.Today(TimeProvider.System);
        var grid = tag;
        await stores.Roster.SaveGridsAsync([new Grid(grid, name("幸福里网格"), name("幸福里社区"), Supervisor: $"{tag}-lead")]);
        await stores.Roster.SaveVisitorsAsync(
        [
            new Visitor($"{tag}-v1", name("王芳"), "+8613800000001", "grid-member", [grid], 10, [], $"{tag}-lead"),
            new Visitor($"{tag}-v2", name("李明"), "+8613800000002", "grid-member", [grid], 10, [], $"{tag}-lead"),
            new Visitor($"{tag}-lead", name("陈主任"), "+8613900000009", "party-worker", [grid], 10, []),
        ]);
        await stores.Roster.SaveTargetsAsync(
        [
            new Target("h1", TargetKind.Household, name("幸福里1号楼101"), grid, ["low-income"], name("幸福里1号楼101"), name("孙阿姨"), "+8613700000001", "1号楼"),
            new Target("h2", TargetKind.Household, name("幸福里3号楼201"), grid, ["elderly-alone"], name("幸福里3号楼201"), name("赵大爷"), "+8613700000002", "3号楼"),
            new Target("e1", TargetKind.Enterprise, name("滨海化工有限公司"), grid, ["key", "chain:精细化工"], null, name("王经理"), "+8653600000000"),
        ]);
        await stores.Roster.SaveDepartmentsAsync([new Department($"{tag}-urban", name("城管科"), "+8613953621408", name("刘建国"))]);

        Visit Today(string target, TargetKind kind, params string[] visitors) =>
            new(target, kind, grid, today, visitors, 1, today.AddDays(-3), today.AddDays(3), today);
        var (h1, h2, e1) = (Today("h1", TargetKind.Household, $"{tag}-v1"), Today("h2", TargetKind.Household, $"{tag}-v1"),
            Today("e1", TargetKind.Enterprise, $"{tag}-v1", $"{tag}-v2"));
        var weekAgo = today.AddDays(-7);
        var earlier = new Visit("h2", TargetKind.Household, grid, weekAgo, [$"{tag}-v1"], 0, weekAgo.AddDays(-3), weekAgo.AddDays(3), weekAgo,
            VisitStatus.Completed, weekAgo,
            new VisitOutcome($"{tag}-v1", VisitStatus.Completed, At(weekAgo, 10), name("老人腿脚不便，楼道灯坏了"),
                [new ReportedProblem("道路设施", name("楼道灯坏了"), false)], At(weekAgo, 10)));
        await stores.Visits.ApplyAsync([earlier, h1, h2, e1], []);
        var reported = OutcomeService.RaisedProblems(earlier, earlier.Outcome!).Single();
        await stores.Problems.AddAsync(reported);

        var options = new ReminderOptions { LinkBaseUrl = app.LinkBase };
        var templates = new ScribanTemplateRenderer();
        var notices = new ProblemNotices(stores.Roster, stores.Outbox, templates, app.Links, options, TimeProvider.System);
        var problems = new ProblemService(stores.Problems, stores.Roster, TimeProvider.System, notices);
        await problems.ApplyAsync(reported.Id, new Dispatch($"{tag}-urban", 5), "coordinator");
        var yesterdayEvening = new FakeTimeProvider(At(today.AddDays(-1), 18));
        var reminders = new ReminderService(stores.Roster, stores.Visits, stores.Outbox, templates, app.Links, null, options, yesterdayEvening);
        await reminders.ComposeAsync(yesterdayEvening.GetUtcNow(), [MessageKind.EveningDigest]);

        var outbox = await stores.Outbox.ListAsync(new OutboxFilter(From: today.AddDays(-1), To: today));
        var digest = outbox.Single(m => m.Kind == MessageKind.EveningDigest && m.RecipientId == $"{tag}-v1");
        var notice = outbox.Single(m => m.Kind == MessageKind.DispatchNotice && m.RecipientId == $"{tag}-urban");
        return new FieldDay(tag, today, h1, h2, e1, reported.Id, LinkIn(digest.Text, app), LinkIn(notice.Text, app));
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), ChinaTime.Offset);

    private static string LinkIn(string sms, HostedApp app)
    {
        var start = sms.IndexOf(app.LinkBase, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no link to {app.LinkBase} in: {sms}");
        return sms[start..].Split('\n', ' ')[0];
    }
}
