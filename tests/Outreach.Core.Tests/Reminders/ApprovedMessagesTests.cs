using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters.Reminders;
using Outreach.Calendar;
using Outreach.Links;
using Outreach.Planning;
using Outreach.Policies;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Roster;
using Outreach.Testing;
using Outreach.Testing.InMemory;

namespace Outreach.Core.Tests.Reminders;

/// <summary>
/// Reminders and notices composed for a gateway that sends only approved templates (the sample
/// <c>sms-templates.csv</c>, rendered by the real Scriban templates): each row carries the template and its variables,
/// none a link and each within the limit, and a code that opens, with the phone's last four digits, what the link would.
/// </summary>
public sealed class ApprovedMessagesTests
{
    private static readonly string SampleTemplates = Path.Combine(AzuriteFixture.FindRepoRoot(), "samples", "sms-templates.csv");

    private static readonly DateOnly Tuesday = new(2026, 12, 8);
    private static readonly DateTimeOffset MondayEvening = At(new DateOnly(2026, 12, 7), 18, 0);

    private readonly InMemoryStores _stores = new();
    private readonly FakeTimeProvider _clock = new(MondayEvening);
    private readonly LinkTokens _links = new(RandomNumberGenerator.GetBytes(32));
    private readonly ScribanApprovedTemplates _templates = new ScribanApprovedTemplates().LoadFile(SampleTemplates);

    private LinkCodeService Codes => new(_stores.Codes, _links, _clock);

    private ApprovedMessages Approved => new(_templates, Codes);

    [Fact]
    public async Task An_evening_digest_carries_its_template_short_variables_and_a_code_that_opens_the_day_the_link_would()
    {
        await SeedAsync();

        var composed = await Service().ComposeAsync(MondayEvening);

        Assert.Equal(["v1", "v2"], composed.Added.Select(r => r.RecipientId).Order());
        foreach (var row in composed.Added)
        {
            var sms = AssertApproved(row, "2266001");
            var linked = await ViaLinkAsync(MessageKind.EveningDigest, row.RecipientId, Tuesday);
            Assert.Equal(linked, await RedeemAsync(sms.Params[^1], row.Phone));
        }
        var wang = composed.Added.Single(r => r.RecipientId == "v1");
        Assert.Equal(["王芳", "12月8日", "1家企业、1户居民"], wang.Approved!.Params.Take(3));
        Assert.Equal($"【滨海走访】王芳您好，12月8日您有1家企业、1户居民走访任务，请登录 https://outreach.example.cn/c 输入登记码{wang.Approved.Params[3]}和手机尾号查看并登记。", wang.Text);
        Assert.Equal(SmsSegments.Count(wang.Text).Segments, wang.Segments);
    }

    [Fact]
    public async Task A_rerun_adds_nothing_and_the_code_stays_the_same()
    {
        await SeedAsync(onlyV1: true);

        var first = Assert.Single((await Service().ComposeAsync(MondayEvening)).Added);
        var again = await Service().ComposeAsync(MondayEvening.AddMinutes(5));

        Assert.Equal((0, 1), (again.Added.Count, again.AlreadyThere));
        Assert.Equal(Codes.CodeOf(first.Id), first.Approved!.Params[^1]);
        Assert.True((await Codes.RedeemAsync(first.Approved.Params[^1], "8001", "phone")).Opened);
    }

    [Fact]
    public async Task Overdue_nudges_and_the_supervisors_digest_carry_codes_for_the_visit_and_the_team()
    {
        await SeedAsync();
        var wednesday = Tuesday.AddDays(1);

        var composed = await Service().ComposeAsync(At(wednesday, 9, 0));

        Assert.Equal(3, composed.Added.Count);
        foreach (var row in composed.Added)
        {
            var sms = AssertApproved(row, row.Kind == MessageKind.OverdueNudge ? "2266003" : "2266004");
            Assert.Equal(await ViaLinkAsync(row.Kind, row.RecipientId, wednesday), await RedeemAsync(sms.Params[^1], row.Phone));
        }
        var digest = composed.Added.Single(r => r.Kind == MessageKind.OverdueDigest);
        Assert.Equal(["陈主任", "12月9日", "1家企业、1户居民", "赵大爷、和平商店"], digest.Approved!.Params.Take(4));
        Assert.Equal(("s1", LinkGrant.TeamScope(wednesday)), (await RedeemAsync(digest.Approved.Params[^1], digest.Phone)) is { } team ? (team.VisitorId, team.Scope) : default);
    }

    [Fact]
    public async Task A_long_day_keeps_whole_names_and_counts_the_rest_within_the_limit()
    {
        await SeedAsync(onlyV1: true, extraVisits: 6);
        var service = Service(new ReminderOptions { MorningReminder = true });

        var row = Assert.Single((await service.ComposeAsync(At(Tuesday, 7, 30), [MessageKind.MorningReminder])).Added);

        var sms = AssertApproved(row, "2266002");
        Assert.Equal("7户居民", sms.Params[1]);
        Assert.Matches("^[^、…]+(、[^、…]+)*等7户$", sms.Params[2]);
        Assert.Contains($"今天您有7户居民走访任务：{sms.Params[2]}，", row.Text);
    }

    [Fact]
    public async Task A_preview_shows_the_code_the_message_will_carry_and_issues_none()
    {
        await SeedAsync(onlyV1: true);

        var preview = await Service().PreviewAsync(MessageKind.EveningDigest, "v1", Tuesday);
        var code = preview!.Approved!.Params[^1];
        var beforeComposing = await Codes.RedeemAsync(code, "8001", "phone");
        var composed = Assert.Single((await Service().ComposeAsync(MondayEvening)).Added);

        Assert.Equal(CodeRefusal.Wrong, beforeComposing.Refusal);
        Assert.Equal((preview.Approved, preview.Text), (composed.Approved, composed.Text));
        Assert.True((await Codes.RedeemAsync(code, "8001", "phone")).Opened);
    }

    [Fact]
    public async Task A_recipient_without_a_mobile_number_gets_a_dead_row_and_no_code()
    {
        await SeedAsync(onlyV1: true, phone: "0536-1234567");

        var row = Assert.Single((await Service().ComposeAsync(MondayEvening)).Added);

        Assert.Equal((OutboxStatus.Dead, ""), (row.Status, row.Phone));
        Assert.Equal("", row.Approved!.Params[^1]);
        Assert.Contains("输入登记码和手机尾号", row.Text);
        Assert.Equal(CodeRefusal.Wrong, (await Codes.RedeemAsync(Codes.CodeOf(row.Id), "4567", "phone")).Refusal);
    }

    [Fact]
    public async Task Without_approved_templates_messages_keep_their_link_and_no_code_is_issued()
    {
        await SeedAsync(onlyV1: true);

        var row = Assert.Single((await Service(approved: false).ComposeAsync(MondayEvening)).Added);

        Assert.Null(row.Approved);
        Assert.Contains("https://outreach.example.cn/v/", row.Text);
        Assert.Equal(CodeRefusal.Wrong, (await Codes.RedeemAsync(Codes.CodeOf(row.Id), "8001", "phone")).Refusal);
    }

    [Fact]
    public async Task A_row_composed_with_a_link_before_the_provider_changed_is_composed_again_unless_it_was_tried()
    {
        await SeedAsync();
        var before = (await Service(approved: false).ComposeAsync(MondayEvening)).Added;
        var tried = before.Single(r => r.RecipientId == "v2");
        Assert.NotNull(await _stores.Outbox.TryReplaceAsync(tried with { Status = OutboxStatus.Failed, Attempts = 1 }));

        var after = await Service().ComposeAsync(MondayEvening.AddMinutes(5));

        var again = Assert.Single(after.Added);
        Assert.Equal(("v1", 1), (again.RecipientId, after.AlreadyThere));
        Assert.Equal("2266001", (await _stores.Outbox.GetAsync(again.Id))!.Approved!.TemplateId);
        Assert.Null((await _stores.Outbox.GetAsync(tried.Id))!.Approved);
        Assert.Equal(0, (await Service(approved: false).ComposeAsync(MondayEvening.AddMinutes(10))).Added.Count(r => r.RecipientId == "v2"));
    }

    [Fact]
    public async Task The_drainer_hands_the_sender_the_approved_template_and_its_variables()
    {
        await SeedAsync(onlyV1: true);
        var sender = new RecordingSender();
        var service = Service(sender: sender);
        var row = Assert.Single((await service.ComposeAsync(MondayEvening)).Added);

        var drained = await service.DrainAsync(MondayEvening);

        var sent = Assert.Single(sender.Messages);
        Assert.Equal(1, drained.Sent);
        Assert.Equal(new ApprovedSms("2266001", row.Approved!.Params), sent.Approved);
        Assert.Equal((row.Phone, row.Text), (sent.To, sent.Text));
        Assert.Equal(row.Approved, (await _stores.Outbox.GetAsync(row.Id))!.Approved);
    }

    [Fact]
    public async Task A_dispatch_notice_carries_a_code_that_opens_the_departments_problem()
    {
        await SeedAsync(onlyV1: true);
        var problem = Dispatched(dueDays: 5);

        var approved = Assert.Single(await Notices().ComposeAsync(problem, ProblemAction.Dispatch));
        var linked = Assert.Single(await Notices(approved: false).ComposeAsync(problem, ProblemAction.Dispatch));

        var sms = AssertApproved(approved, "2266005");
        Assert.Equal(["城管科", "和平商店", "12月12日"], sms.Params.Take(3));
        Assert.Equal(Grant(linked.Text), await RedeemAsync(sms.Params[^1], approved.Phone));
        Assert.Equal(("urban-management", LinkGrant.ProblemScope(problem.Id)), (Grant(linked.Text).VisitorId, Grant(linked.Text).Scope));
    }

    [Fact]
    public async Task An_escalation_tells_the_department_and_copies_the_supervisor_each_with_the_code_of_their_own_link()
    {
        await SeedAsync(onlyV1: true);
        var accepted = ProblemWorkflow.Apply(Dispatched(dueDays: 2), new Accept(), "urban-management", MondayEvening.AddHours(1)).Problem;
        var escalatedAt = At(new DateOnly(2026, 12, 10), 9, 0);
        _clock.SetUtcNow(escalatedAt);
        var escalated = ProblemWorkflow.Apply(accepted, new Escalate(ProblemStatus.Accepted, accepted.DueAt!.Value), ProblemWorkflow.TimerActor, escalatedAt).Problem;

        var approved = await Notices().ComposeAsync(escalated, ProblemAction.Escalate);
        var linked = await Notices(approved: false).ComposeAsync(escalated, ProblemAction.Escalate);

        Assert.Equal([MessageKind.EscalationNotice, MessageKind.EscalationCopy], approved.Select(r => r.Kind));
        Assert.Equal(["2266006", "2266007"], approved.Select(r => r.Approved!.TemplateId));
        for (var i = 0; i < 2; i++)
        {
            var sms = AssertApproved(approved[i], approved[i].Approved!.TemplateId);
            Assert.Equal(Grant(linked[i].Text), await RedeemAsync(sms.Params[^1], approved[i].Phone));
        }
        Assert.Equal(["陈主任", "和平商店", "城管科", "3"], approved[1].Approved!.Params.Take(4));
        Assert.Equal(LinkGrant.ProblemCopyScope(escalated.Id), (await RedeemAsync(approved[1].Approved!.Params[^1], approved[1].Phone)).Scope);
    }

    /// <summary>The row is an approved template: its id, variables within the limit and none a link, the code last and in the text.</summary>
    private static ApprovedSms AssertApproved(OutboxMessage row, string templateId)
    {
        var sms = Assert.IsType<ApprovedSms>(row.Approved);
        Assert.Equal(templateId, sms.TemplateId);
        Assert.All(sms.Params, p => Assert.InRange(p.Length, 0, ScribanApprovedTemplates.DefaultMaxParamLength));
        Assert.All(sms.Params, p => Assert.False(p.Contains("://", StringComparison.Ordinal) || p.Contains("www.", StringComparison.Ordinal) || p.Contains("/v/", StringComparison.Ordinal), p));
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", sms.Params[^1]);
        Assert.Contains($"https://outreach.example.cn/c 输入登记码{sms.Params[^1]}和手机尾号", row.Text);
        Assert.DoesNotContain("/v/", row.Text);
        return sms;
    }

    /// <summary>What typing the code with the phone's last four digits opens: the grant, checked against the token it signs.</summary>
    private async Task<LinkGrant> RedeemAsync(string code, string phone)
    {
        var redeemed = await Codes.RedeemAsync(code, phone[^4..], "phone");
        Assert.True(redeemed.Opened, redeemed.Refusal.ToString());
        Assert.Equal(LinkCheck.Valid, _links.Verify(redeemed.Token!, _clock.GetUtcNow(), out var grant));
        Assert.Equal(redeemed.Grant, grant);
        return grant!;
    }

    /// <summary>The grant of the link the same message carries where links may go (ACS), composed without writing.</summary>
    private async Task<LinkGrant> ViaLinkAsync(MessageKind kind, string recipientId, DateOnly date)
    {
        var linked = await Service(approved: false).PreviewAsync(kind, recipientId, date);
        Assert.Null(linked!.Approved);
        return Grant(linked.Text);
    }

    private LinkGrant Grant(string text)
    {
        var token = text[(text.IndexOf("/v/", StringComparison.Ordinal) + 3)..].Split('\n', ' ')[0];
        Assert.Equal(LinkCheck.Valid, _links.Verify(token, _clock.GetUtcNow(), out var grant));
        return grant!;
    }

    private ReminderService Service(ReminderOptions? options = null, bool approved = true, ISmsSender? sender = null) => new(
        _stores.Roster, _stores.Visits, _stores.Outbox, new ScribanTemplateRenderer(), _links, sender,
        options ?? new ReminderOptions { MaxSegments = 4, LinkBaseUrl = "https://outreach.example.cn/v/" }, _clock, approved: approved ? Approved : null);

    private ProblemNotices Notices(bool approved = true) => new(
        _stores.Roster, _stores.Outbox, new ScribanTemplateRenderer(), _links, new ReminderOptions { MaxSegments = 5, LinkBaseUrl = "https://outreach.example.cn/v/" }, _clock,
        approved: approved ? Approved : null);

    /// <summary>A problem at 和平商店 (t2) dispatched to 城管科 now, due <paramref name="dueDays"/> later.</summary>
    private Problem Dispatched(int dueDays)
    {
        var now = _clock.GetUtcNow();
        var reported = ProblemWorkflow.Report(new ReportProblem("g1~20261207~t2~1", "g1", "t2", null, "道路", "门前路面塌陷"), "v1", now.AddHours(-2));
        return ProblemWorkflow.Apply(reported, new Dispatch("urban-management", dueDays), "coordinator", now).Problem;
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minute) => new(day.ToDateTime(new TimeOnly(hour, minute)), ChinaTime.Offset);

    private async Task SeedAsync(bool onlyV1 = false, int extraVisits = 0, string phone = "13800138001")
    {
        await _stores.Roster.SaveGridsAsync([new Grid("g1", "幸福里", "东区", Supervisor: "s1")]);
        await _stores.Roster.SaveVisitorsAsync(
        [
            new Visitor("v1", "王芳", phone, "网格员", ["g1"], 10, [], "s1"),
            new Visitor("v2", "李明", "138 0013 8002", "网格员", ["g1"], 10, [], "s1"),
            new Visitor("s1", "陈主任", "13800138009", "书记", [], 10, []),
        ]);
        await _stores.Roster.SaveDepartmentsAsync([new Department("urban-management", "城管科", "+8613953621408")]);
        var targets = new List<Target>
        {
            new("t1", TargetKind.Household, "赵大爷", "g1", [], "幸福里3号楼201"),
            new("t2", TargetKind.Enterprise, "和平商店", "g1", [], "和平路12号"),
        };
        targets.AddRange(Enumerable.Range(0, extraVisits).Select(i => new Target($"x{i:00}", TargetKind.Household, $"住户{i}", "g1", [], $"建设街{i}号楼")));
        await _stores.Roster.SaveTargetsAsync(targets);
        await _stores.Roster.SavePoliciesAsync([new VisitPolicy("household", TargetKind.Household, [], 7, 1, [], MorningReminder: true)]);
        Visit Planned(string target, params string[] visitors) =>
            new(target, TargetKind.Household, "g1", Tuesday, visitors, 0, Tuesday.AddDays(-3), Tuesday.AddDays(3), Tuesday);
        var visits = new List<Visit> { Planned("t1", "v1") };
        if (!onlyV1)
        {
            visits.Add(Planned("t2", "v1", "v2"));
        }
        visits.AddRange(Enumerable.Range(0, extraVisits).Select(i => Planned($"x{i:00}", "v1")));
        await _stores.Visits.ApplyAsync(visits, []);
    }

    private sealed class RecordingSender : ISmsSender
    {
        private readonly List<SmsMessage> _messages = [];

        public IReadOnlyList<SmsMessage> Messages => _messages;

        public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
        {
            _messages.Add(message);
            return Task.FromResult(SmsSendResult.Sent("m-1"));
        }
    }
}
