using Outreach.Adapters.Reminders;
using Outreach.Reminders;
using Outreach.Roster;
using Outreach.Testing;

namespace Outreach.Adapters.Tests.Reminders;

/// <summary>
/// <c>sms-templates.csv</c>: the sample file renders every kind as a gateway takes it, variables are shortened the way
/// the digests are, and every way a file can be wrong stops it with the line, the kind and the column.
/// </summary>
public class ApprovedTemplatesTests
{
    private const string Origin = "sms-templates.csv";

    private static readonly string SampleFile = Path.Combine(AzuriteFixture.FindRepoRoot(), "samples", "sms-templates.csv");

    public static TheoryData<MessageKind> EveryKind() => new(MessageKinds.All);

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void The_sample_file_renders_every_kind_with_the_code_and_the_entry_page_and_no_variable_is_cut_or_a_link(MessageKind kind)
    {
        var templates = new ScribanApprovedTemplates().LoadFile(SampleFile);
        var roomy = new ScribanApprovedTemplates(maxParamLength: 100).LoadFile(SampleFile);

        var message = templates.Render(kind, MessageSamples.For(kind));

        Assert.Matches("^22660[0-9]{2}$", message.Sms.TemplateId);
        Assert.All(message.Sms.Params, p => Assert.InRange(p.Length, 1, 12));
        Assert.All(message.Sms.Params, p => Assert.False(ScribanApprovedTemplates.LooksLikeUrl(p), p));
        // Within 12 as they are: the limit cut nothing from the samples.
        Assert.Equal(roomy.Render(kind, MessageSamples.For(kind)).Sms.Params, message.Sms.Params);
        Assert.Equal(MessageSamples.Code, message.Sms.Params[^1]);
        Assert.StartsWith("【滨海走访】", message.Text);
        Assert.Contains(" https://outreach.example.cn/c 输入登记码K7QM-4TXA和手机尾号", message.Text);
        Assert.DoesNotContain("{", message.Text);
        Assert.DoesNotContain("/v/", message.Text);
    }

    [Fact]
    public void The_sample_evening_digest_reads_as_the_phone_shows_it()
    {
        var message = new ScribanApprovedTemplates().LoadFile(SampleFile).Render(MessageKind.EveningDigest, MessageSamples.For(MessageKind.EveningDigest));

        Assert.Equal(new ApprovedSms("2266001", ["王芳", "12月8日", "1家企业、2户居民", "K7QM-4TXA"]), message.Sms);
        Assert.Equal("【滨海走访】王芳您好，12月8日您有1家企业、2户居民走访任务，请登录 https://outreach.example.cn/c 输入登记码K7QM-4TXA和手机尾号查看并登记。", message.Text);
    }

    [Fact]
    public void A_list_keeps_as_many_whole_names_as_fit_and_counts_them_all()
    {
        var templates = Load(Row("morning-reminder", "visits | array.map 'target_name';code", "{1}，登记码{2}"));

        string Names(params string[] names) => templates.Render(MessageKind.MorningReminder,
            new VisitDayModel("王芳", new DateOnly(2026, 12, 8), names.Select(n => new DigestVisit(n, "", null)).ToList(), "", "K7QM-4TXA")).Sms.Params[0];

        Assert.Equal("赵大爷、孙阿姨、周奶奶", Names("赵大爷", "孙阿姨", "周奶奶"));
        Assert.Equal("赵大爷、孙阿姨等4户", Names("赵大爷", "孙阿姨", "周奶奶", "潍坊新和医药化工有限公司"));
        Assert.Equal("王大爷等3户", Names("王大爷", "潍坊新和医药化工有限公司", "周奶奶"));
        string Enterprises(params TargetKind[] kinds) => templates.Render(MessageKind.MorningReminder,
            new VisitDayModel("王芳", new DateOnly(2026, 12, 8), kinds.Select((k, i) => new DigestVisit($"和盛化工{i}厂", "", null, k)).ToList(), "", "K7QM-4TXA")).Sms.Params[0];
        Assert.Equal("和盛化工0厂等3家", Enterprises(TargetKind.Enterprise, TargetKind.Enterprise, TargetKind.Enterprise));
        Assert.Equal("和盛化工0厂等3处", Enterprises(TargetKind.Enterprise, TargetKind.Household, TargetKind.Enterprise));
        // Not one whole name fits with the count: the first is cut, as a last resort.
        Assert.Equal("潍坊新和医药化工…等2户", Names("潍坊新和医药化工有限公司", "赵大爷"));
        Assert.Equal("潍坊新和医药化工有限公…", Names("潍坊新和医药化工有限公司二厂"));
        Assert.Equal("", Names());
    }

    [Fact]
    public void A_long_value_is_cut_with_an_ellipsis_never_inside_a_character()
    {
        Assert.Equal("幸福里3号楼201", ScribanApprovedTemplates.Cut("幸福里3号楼201", 12));
        Assert.Equal("幸福里小区3号楼2单元…", ScribanApprovedTemplates.Cut("幸福里小区3号楼2单元201室", 12));
        Assert.Equal(string.Concat(Enumerable.Repeat("😀", 5)) + "…", ScribanApprovedTemplates.Cut(string.Concat(Enumerable.Repeat("😀", 7)), 12));
        Assert.Equal("e\u0301e\u0301e\u0301…", ScribanApprovedTemplates.Cut(string.Concat(Enumerable.Repeat("e\u0301", 7)), 8));
        Assert.Equal("…", ScribanApprovedTemplates.Cut("😀😀", 1));
    }

    [Fact]
    public void The_limit_is_the_setting_and_a_value_without_a_code_is_empty()
    {
        var templates = Load(Row("overdue-nudge", "target_name;days_overdue;code", "{1}逾期{2}天，登记码{3}"), maxParamLength: 6);

        var message = templates.Render(MessageKind.OverdueNudge, new OverdueNudgeModel("王芳", "潍坊新和医药化工有限公司", "", new DateOnly(2026, 12, 4), 3, "", Code: null));

        Assert.Equal(["潍坊新和医…", "3", ""], message.Sms.Params);
        Assert.Equal("潍坊新和医…逾期3天，登记码", message.Text);
        Assert.Equal(6, templates.MaxParamLength);
    }

    [Fact]
    public void Dates_are_formatted_in_the_culture_given_and_lines_in_a_value_become_spaces()
    {
        var templates = new ScribanApprovedTemplates(culture: System.Globalization.CultureInfo.GetCultureInfo("en-US"));
        templates.Use(ScribanApprovedTemplates.Parse(Csv(Row("dispatch-notice", "due_date | format_date 'ddd d MMM';summary;code", "{1} {2} {3}")), Origin));

        var message = templates.Render(MessageKind.DispatchNotice, new DispatchNoticeModel("城管科", "P-1", "赵大爷", "", "路灯\n不亮", new DateOnly(2026, 12, 10), "", "K7QM-4TXA"));

        Assert.Equal(["Thu 10 Dec", "路灯 不亮", "K7QM-4TXA"], message.Sms.Params);
    }

    [Theory]
    [InlineData("link")]
    [InlineData("LINK")]
    [InlineData("this['link']")]
    [InlineData("recipient_name + link")]
    public void An_expression_naming_link_is_refused(string expression)
    {
        var error = Broken(Row("evening-digest", $"{expression};code", "{1}{2}"));

        Assert.Equal($"{Origin} line 2 (evening-digest), column params, expression 1 (`{expression}`): names link, and a variable may not hold a link: the text carries the entry page's fixed URL, and a variable the code (code).", Assert.Single(error.Errors));
    }

    [Theory]
    [InlineData("'https://outreach.example.cn/c'", "https://outreach.example.cn/c")]
    [InlineData("'www.example.com'", "www.example.com")]
    [InlineData("'outreach.example.cn/c'", "outreach.example.cn/c")]
    [InlineData("'ftp://x'", "ftp://x")]
    [InlineData("this['li' + 'nk']", "https://outreach.example.cn/v/7Kq2xP")]
    public void An_expression_whose_sample_value_looks_like_a_link_is_refused(string expression, string value)
    {
        var error = Broken(Row("evening-digest", $"{expression};code", "{1}{2}"));

        var only = Assert.Single(error.Errors);
        Assert.StartsWith($"{Origin} line 2 (evening-digest), column params, expression 1 (`{expression}`): gives '{value}' for the sample, which looks like a link", only);
    }

    [Theory]
    [InlineData("recipient_name;date | format_date 'M月d日'", "{1}{2}{3}", "column params: 2 expressions for 3 placeholders in text")]
    [InlineData("recipient_name;code;visits | array.size", "{1}{2}", "column params: 3 expressions for 2 placeholders in text")]
    [InlineData("recipient_name;code", "{1}{3}", "column text: the placeholders are {1}, {3}: number them {1} to {2} without gaps")]
    [InlineData("recipient_name;code", "", "column text: empty")]
    [InlineData("recipient_name;;code", "{1}{2}{3}", "column params, expression 2: empty")]
    [InlineData("recipient_nmae;code", "{1}{2}", "column params, expression 1 (`recipient_nmae`): does not bind to the evening-digest message: The variable or function `recipient_nmae` was not found")]
    [InlineData("visits[0].adress;code", "{1}{2}", "column params, expression 1 (`visits[0].adress`): does not bind")]
    [InlineData("date | format_date;code", "{1}{2}", "column params, expression 1 (`date | format_date`): does not bind")]
    [InlineData("date |;code", "{1}{2}", "column params, expression 1 (`date |`): does not parse")]
    [InlineData("recipient_name;visits | array.size", "{1}{2}", "column params: no expression names code, so the message opens nothing")]
    public void A_row_that_does_not_fit_its_text_or_its_model_names_the_line_and_the_column(string parameters, string text, string expected)
    {
        var error = Broken(Row("evening-digest", parameters, text));

        Assert.Contains(error.Errors, e => e.StartsWith($"{Origin} line 2 (evening-digest), {expected}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_kind_an_unknown_kind_a_repeated_kind_and_an_empty_template_id_are_each_named()
    {
        var csv = "kind,template_id,params,text\n"
            + "evening_digest,2266001,code,{1}\n"
            + "morning-reminder,,code,{1}\n"
            + "morning-reminder,2266002,code,{1}\n";

        var error = Assert.Throws<TemplateException>(() => ScribanApprovedTemplates.Parse(csv, Origin));

        Assert.Equal(
        [
            $"{Origin} line 2, column kind: 'evening_digest' is not a message kind: use one of evening-digest, morning-reminder, overdue-nudge, overdue-digest, dispatch-notice, escalation-notice, escalation-copy, rating-request.",
            $"{Origin} line 3 (morning-reminder), column template_id: '' is not a template id: write the id the gateway gave the approved template, e.g. 2266001.",
            $"{Origin} line 4 (morning-reminder), column kind: morning-reminder already has a row on line 3: keep one row a kind.",
            $"{Origin}, column kind: no row for evening-digest, overdue-nudge, overdue-digest, dispatch-notice, escalation-notice, escalation-copy, rating-request: the app sends every message kind, so each needs its approved template (see samples/sms-templates.csv).",
        ], error.Errors);
        Assert.StartsWith($"Approved SMS templates in {Origin} are broken:\n", error.Message);
    }

    [Theory]
    [InlineData("", "sms-templates.csv: empty; the first line must be the header kind,template_id,params,text.")]
    [InlineData("kind,template_id,params\n", "sms-templates.csv line 1: no column 'text': the header is kind,template_id,params,text.")]
    [InlineData("kind,template_id,params,text,type\n", "sms-templates.csv line 1: unknown column 'type': the header is kind,template_id,params,text.")]
    [InlineData("kind,template_id,params,text,kind\n", "sms-templates.csv line 1: column 'kind' appears twice: the header is kind,template_id,params,text.")]
    public void A_file_without_its_header_says_what_the_header_is(string csv, string expected)
    {
        var error = Assert.Throws<TemplateException>(() => ScribanApprovedTemplates.Parse(csv, Origin));

        Assert.Equal(expected, Assert.Single(error.Errors));
    }

    [Fact]
    public void Broken_quoting_and_extra_values_name_their_line_and_the_other_rows_still_load()
    {
        var rows = File.ReadAllText(SampleFile).TrimEnd('\n');
        var csv = rows + "\nevening-digest,1,\"code,{1}\n";
        var extra = rows.Replace("和手机尾号查看并登记。", "和手机尾号查看,并登记。", StringComparison.Ordinal);

        var unclosed = Assert.Throws<TemplateException>(() => ScribanApprovedTemplates.Parse(csv, Origin));
        var commas = Assert.Throws<TemplateException>(() => ScribanApprovedTemplates.Parse(extra, Origin));

        Assert.Equal($"{Origin} line 10: a quoted value is never closed, so the rest of the file was read as part of it: add the missing closing quote.", Assert.Single(unclosed.Errors));
        Assert.Contains(commas.Errors, e => e == $"{Origin} line 2: 5 values for 4 columns: wrap a text that contains commas in double quotes.");
    }

    [Fact]
    public void Quoted_text_and_header_names_in_any_case_load()
    {
        var lines = File.ReadAllLines(SampleFile);
        lines[0] = "Kind, Template_Id ,PARAMS,text";
        lines[1] = "evening-digest,2266001,\"recipient_name;date | format_date 'M月d日';visits | array.size;code\","
            + "\"【滨海走访】{1}您好，{2}您有{3}户走访任务，请登录 https://outreach.example.cn/c 输入登记码{4}和手机尾号查看,并登记。\"";
        var csv = string.Join("\r\n", lines);

        var templates = new ScribanApprovedTemplates();
        templates.Use(ScribanApprovedTemplates.Parse(csv, Origin));

        Assert.EndsWith("查看,并登记。", templates.Render(MessageKind.EveningDigest, MessageSamples.For(MessageKind.EveningDigest)).Text);
        Assert.Equal("2266001", templates.Current!.TemplateId(MessageKind.EveningDigest));
    }

    [Fact]
    public void A_file_that_cannot_be_read_names_it_and_rendering_before_loading_says_nothing_is_loaded()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "sms-templates.csv");

        var unread = Assert.Throws<TemplateException>(() => new ScribanApprovedTemplates().LoadFile(missing));
        var unloaded = Assert.Throws<TemplateException>(() => new ScribanApprovedTemplates().Render(MessageKind.EveningDigest, MessageSamples.For(MessageKind.EveningDigest)));

        Assert.StartsWith($"{missing}: cannot be read", unread.Message);
        Assert.Equal("No approved SMS templates are loaded.", unloaded.Message);
    }

    [Fact]
    public void Every_broken_row_is_listed_at_once()
    {
        var csv = Csv(Row("evening-digest", "link;code", "{1}{2}"), Row("overdue-nudge", "nope;code", "{1}{2}"));

        var error = Assert.Throws<TemplateException>(() => ScribanApprovedTemplates.Parse(csv, Origin));

        Assert.Equal(2, error.Errors.Count);
        Assert.Contains("line 2 (evening-digest)", error.Errors[0]);
        Assert.Contains("line 3 (overdue-nudge)", error.Errors[1]);
    }

    /// <summary>The sample file with its <paramref name="kind"/> row (one per kind given) replaced, those rows first.</summary>
    private static (string Kind, string Line) Row(string kind, string parameters, string text) =>
        (kind, $"{kind},1,\"{parameters.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{text}");

    private static string Csv(params (string Kind, string Line)[] rows)
    {
        var sample = File.ReadAllLines(SampleFile);
        var kept = sample.Skip(1).Where(l => !rows.Any(r => l.StartsWith(r.Kind + ",", StringComparison.Ordinal)));
        return string.Join('\n', [sample[0], .. rows.Select(r => r.Line), .. kept]) + "\n";
    }

    private static ScribanApprovedTemplates Load((string Kind, string Line) row, int maxParamLength = 12)
    {
        var templates = new ScribanApprovedTemplates(maxParamLength);
        templates.Use(ScribanApprovedTemplates.Parse(Csv(row), Origin));
        return templates;
    }

    private static TemplateException Broken((string Kind, string Line) row) =>
        Assert.Throws<TemplateException>(() => ScribanApprovedTemplates.Parse(Csv(row), Origin));
}
