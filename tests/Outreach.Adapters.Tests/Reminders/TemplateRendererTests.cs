using System.Globalization;
using Outreach.Adapters.Reminders;
using Outreach.Reminders;
using Outreach.Roster;

namespace Outreach.Adapters.Tests.Reminders;

public class TemplateRendererTests
{
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo EnUs = CultureInfo.GetCultureInfo("en-US");

    public static TheoryData<MessageKind, string> EveryTemplate()
    {
        var data = new TheoryData<MessageKind, string>();
        foreach (var kind in MessageKinds.All)
        {
            data.Add(kind, "zh-CN");
            data.Add(kind, "en-US");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTemplate))]
    public void Every_template_renders_its_sample_as_the_golden_text(MessageKind kind, string culture)
    {
        var rendered = new ScribanTemplateRenderer().Render(kind, CultureInfo.GetCultureInfo(culture), MessageSamples.For(kind));

        var golden = Path.Combine(AppContext.BaseDirectory, "Reminders", "Golden", $"{kind.TemplateName()}.{culture}.txt");
        Assert.Equal(File.ReadAllText(golden).TrimEnd('\n'), rendered);
    }

    [Fact]
    public void The_shipped_templates_validate()
    {
        new ScribanTemplateRenderer().ValidateAll();
    }

    [Fact]
    public void A_culture_without_templates_falls_back_to_chinese()
    {
        var renderer = new ScribanTemplateRenderer();
        var sample = MessageSamples.For(MessageKind.OverdueNudge);
        Assert.Equal(renderer.Render(MessageKind.OverdueNudge, ZhCn, sample),
            renderer.Render(MessageKind.OverdueNudge, CultureInfo.GetCultureInfo("fr-FR"), sample));
    }

    [Fact]
    public void A_visit_without_a_partner_and_a_single_visit_read_naturally_in_english()
    {
        var model = new VisitDayModel("Wang Fang", new DateOnly(2026, 12, 8), [new DigestVisit("Zhao", "3-201 Xingfu Li", null)], "https://x.cn/v/1");
        var text = new ScribanTemplateRenderer().Render(MessageKind.EveningDigest, EnUs, model);
        Assert.Equal("[Visit reminder] Hi Wang Fang, tomorrow (Tue 8 Dec) you have 1 visit:\n1. Zhao, 3-201 Xingfu Li\nRecord outcomes: https://x.cn/v/1", text);
    }

    [Theory]
    [InlineData(MessageKind.EveningDigest, "zh-CN", "【走访提醒】王芳您好，明天（12月8日 周二）有1家企业走访：\n1. 潍坊新和医药化工有限公司\n走访后请登记结果：https://x.cn/v/1")]
    [InlineData(MessageKind.MorningReminder, "en-US", "[Visit reminder] Hi 王芳, today (Tue 8 Dec) you have 1 visit:\n1. 潍坊新和医药化工有限公司\nRecord outcomes: https://x.cn/v/1")]
    public void A_target_without_an_address_is_listed_by_name_alone(MessageKind kind, string culture, string expected)
    {
        var model = new VisitDayModel("王芳", new DateOnly(2026, 12, 8), [new DigestVisit("潍坊新和医药化工有限公司", "", null, TargetKind.Enterprise)], "https://x.cn/v/1");
        Assert.Equal(expected, new ScribanTemplateRenderer().Render(kind, CultureInfo.GetCultureInfo(culture), model));
    }

    [Fact]
    public void An_overdue_nudge_without_an_address_leaves_out_the_brackets()
    {
        var model = new OverdueNudgeModel("王芳", "潍坊新和医药化工有限公司", "", new DateOnly(2026, 12, 4), 3, "https://x.cn/v/1");
        Assert.StartsWith("【走访逾期】王芳您好，潍坊新和医药化工有限公司的走访应于12月4日完成", new ScribanTemplateRenderer().Render(MessageKind.OverdueNudge, ZhCn, model));
    }

    [Fact]
    public void An_override_folder_wins_over_the_embedded_template_and_is_read_at_render_time()
    {
        using var folder = new TempFolder();
        var renderer = new ScribanTemplateRenderer(folder.Path);
        var sample = MessageSamples.For(MessageKind.OverdueNudge);
        var embedded = renderer.Render(MessageKind.OverdueNudge, ZhCn, sample);

        folder.Write("overdue-nudge.zh-CN.scriban", "{{ recipient_name }}：{{ target_name }}逾期{{ days_overdue }}天");
        Assert.Equal("王芳：赵大爷逾期3天", renderer.Render(MessageKind.OverdueNudge, ZhCn, sample));
        Assert.NotEqual(embedded, renderer.Render(MessageKind.OverdueNudge, ZhCn, sample));

        // Only that file is overridden: the other culture still comes from the assembly.
        Assert.StartsWith("[Visit overdue]", renderer.Render(MessageKind.OverdueNudge, EnUs, sample));

        File.Delete(System.IO.Path.Combine(folder.Path, "overdue-nudge.zh-CN.scriban"));
        Assert.Equal(embedded, renderer.Render(MessageKind.OverdueNudge, ZhCn, sample));
    }

    [Fact]
    public void An_unknown_variable_in_an_override_fails_validation_and_names_the_file()
    {
        using var folder = new TempFolder();
        folder.Write("dispatch-notice.en-US.scriban", "{{ department_name }}: {{ departmnet }}");

        var error = Assert.Throws<TemplateException>(() => new ScribanTemplateRenderer(folder.Path).ValidateAll());

        var only = Assert.Single(error.Errors);
        Assert.Contains("dispatch-notice.en-US.scriban", only);
        Assert.Contains("departmnet", only);
    }

    [Fact]
    public void An_unknown_member_of_a_list_item_fails_validation()
    {
        using var folder = new TempFolder();
        folder.Write("evening-digest.zh-CN.scriban", "{{ for v in visits }}{{ v.adress }}{{ end }}");

        var error = Assert.Throws<TemplateException>(() => new ScribanTemplateRenderer(folder.Path).ValidateAll());

        Assert.Contains("evening-digest.zh-CN.scriban", Assert.Single(error.Errors));
    }

    [Fact]
    public void A_parse_error_fails_validation_and_every_broken_template_is_listed()
    {
        using var folder = new TempFolder();
        folder.Write("escalation-notice.zh-CN.scriban", "{{ if days_open > 3 }}督办");
        folder.Write("morning-reminder.en-US.scriban", "{{ nope }}");

        var error = Assert.Throws<TemplateException>(() => new ScribanTemplateRenderer(folder.Path).ValidateAll());

        Assert.Equal(2, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Contains("escalation-notice.zh-CN.scriban"));
        Assert.Contains(error.Errors, e => e.Contains("morning-reminder.en-US.scriban") && e.Contains("nope"));
    }

    [Fact]
    public void A_template_name_cannot_reach_outside_the_folder()
    {
        Assert.Throws<TemplateException>(() => new ScribanTemplateRenderer().Render("../secrets", ZhCn, new object()));
    }

    [Fact]
    public void The_sample_evening_digest_is_within_three_segments()
    {
        var text = new ScribanTemplateRenderer().Render(MessageKind.EveningDigest, ZhCn, MessageSamples.For(MessageKind.EveningDigest));
        Assert.InRange(SmsSegments.Count(text).Segments, 1, 3);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("outreach-templates-").FullName;

        public void Write(string name, string text) => File.WriteAllText(System.IO.Path.Combine(Path, name), text);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

public class DigestShorteningTests
{
    [Theory]
    [InlineData("zh-CN", "……另有{0}户，详见链接")]
    [InlineData("en-US", "+{0} more, see the link")]
    public void A_long_evening_digest_shortens_to_three_segments_and_keeps_its_header_and_link(string culture, string more)
    {
        var visits = Enumerable.Range(1, 15).Select(i => new DigestVisit($"住户{i}", $"幸福里{i}号楼{i}01室", i % 3 == 0 ? "李明" : null)).ToList();
        var model = new VisitDayModel("王芳", new DateOnly(2026, 12, 8), visits, "https://outreach.example.cn/v/7Kq2xP");
        var full = new ScribanTemplateRenderer().Render(MessageKind.EveningDigest, CultureInfo.GetCultureInfo(culture), model);
        Assert.True(SmsSegments.Count(full).Segments > 3);

        var text = SmsSegments.Shorten(full, 3, dropped => string.Format(CultureInfo.InvariantCulture, more, dropped));

        Assert.InRange(SmsSegments.Count(text).Segments, 1, 3);
        var lines = text.Split('\n');
        Assert.Equal(full.Split('\n')[0], lines[0]);
        Assert.Equal("https://outreach.example.cn/v/7Kq2xP", lines[^1][^36..]);
        var kept = lines.Length - 3;
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, more, 15 - kept), lines[^2]);
    }
}
