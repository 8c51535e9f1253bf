using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Adapters.Sms;
using Outreach.Adapters.Sms.Tencent;
using Outreach.Problems;
using Outreach.Reminders;

namespace Outreach.Adapters.Tests.Composition;

/// <summary>
/// AddOutreach, the one composition every host calls: the services resolve with options bound from their sections,
/// the SMS gateway is optional, and settings and every template are checked at start.
/// </summary>
public class AddOutreachTests
{
    [Fact]
    public void Problem_services_resolve_with_options_bound_from_their_section()
    {
        using var provider = Build(new() { ["ProblemOptions:TriageHours"] = "12" });

        Assert.NotNull(provider.GetRequiredService<ProblemService>());
        Assert.NotNull(provider.GetRequiredService<EscalationService>());
        Assert.Equal((12, 24), (provider.GetRequiredService<IOptions<ProblemOptions>>().Value.TriageHours, provider.GetRequiredService<IOptions<ProblemOptions>>().Value.AcceptHours));
    }

    [Fact]
    public void Out_of_range_problem_options_fail_validation_naming_the_setting()
    {
        using var provider = Build(new() { ["ProblemOptions:AcceptHours"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProblemOptions>>().Value);

        Assert.Contains("AcceptHours", error.Message);
    }

    [Fact]
    public void Request_services_resolve_with_their_limits_bound_and_out_of_range_ones_named()
    {
        using var provider = Build(new() { ["RequestOptions:DailyCap"] = "2", ["RequestOptions:RatingDays"] = "10" });
        using var bad = Build(new() { ["RequestOptions:MaxDescription"] = "5" });

        Assert.NotNull(provider.GetRequiredService<Outreach.Requests.RequestService>());
        Assert.NotNull(provider.GetRequiredService<Outreach.Links.LinkService>());
        var options = provider.GetRequiredService<IOptions<Outreach.Requests.RequestOptions>>().Value;
        Assert.Equal((2, 500, 10), (options.DailyCap, options.MaxDescription, options.RatingDays));
        var error = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<Outreach.Requests.RequestOptions>>().Value);
        Assert.Contains("MaxDescription", error.Message);
    }

    [Fact]
    public void Without_gateway_settings_the_reminder_service_resolves_with_no_sender()
    {
        using var provider = Build([]);

        Assert.NotNull(provider.GetRequiredService<ReminderService>());
        Assert.Null(provider.GetRequiredService<SmsGateway>().Sender);
        Assert.Equal(3, provider.GetRequiredService<IOptions<ReminderOptions>>().Value.MaxSegments);
    }

    [Fact]
    public void A_connection_string_and_a_from_number_give_the_acs_sender()
    {
        using var provider = Build(new()
        {
            ["Sms:ConnectionString"] = "endpoint=https://acs.example.com/;accesskey=" + Convert.ToBase64String(new byte[32]),
            ["Sms:From"] = "+18005550100",
            // Messages that leave the machine must link to the app's public address.
            ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/v/",
        });

        Assert.IsType<AcsSmsClient>(provider.GetRequiredService<SmsGateway>().Sender);
    }

    [Fact]
    public void An_endpoint_without_a_from_number_yet_keeps_messages_local()
    {
        // The infrastructure sets Sms__Endpoint before a number is bought; the app must still start.
        using var provider = Build(new() { ["Sms:Endpoint"] = "https://acs.example.com" });

        Assert.Null(provider.GetRequiredService<SmsGateway>().Sender);
    }

    [Fact]
    public void Provider_tencent_with_its_credentials_gives_the_tencent_sender()
    {
        using var provider = Build(Tencent(new() { ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/v/" }));

        Assert.IsType<TencentSmsClient>(provider.GetRequiredService<SmsGateway>().Sender);
        Assert.True(provider.GetRequiredService<IOptions<SmsOptions>>().Value.HasGateway);
    }

    [Fact]
    public void Provider_tencent_without_its_credentials_keeps_messages_local_even_with_acs_settings()
    {
        using var provider = Build(new()
        {
            ["Sms:Provider"] = "Tencent",
            ["Sms:Tencent:Templates"] = SampleTemplates,
            ["Sms:ConnectionString"] = "endpoint=https://acs.example.com/;accesskey=" + Convert.ToBase64String(new byte[32]),
            ["Sms:From"] = "+18005550100",
            ["Sms:Tencent:SdkAppId"] = "1400006666",
        });

        Assert.Null(provider.GetRequiredService<SmsGateway>().Sender);
        Assert.False(provider.GetRequiredService<IOptions<SmsOptions>>().Value.HasGateway);
    }

    [Fact]
    public void Tencent_credentials_without_provider_tencent_send_nothing()
    {
        // The default provider is ACS, whose settings are not there: the Tencent ones alone do not choose Tencent.
        using var provider = Build(Tencent([]).Where(s => s.Key != "Sms:Provider").ToDictionary());

        Assert.Null(provider.GetRequiredService<SmsGateway>().Sender);
    }

    [Theory]
    [InlineData("Sms:Provider", "aliyun", "Sms:Provider (Sms__Provider) must be acs")]
    [InlineData("Sms:Tencent:SecretKey", "", "Sms:Tencent:SecretId and Sms:Tencent:SecretKey")]
    [InlineData("Sms:Tencent:SecretKey", "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.cn/secrets/tencent-sms-secret-key/)", "a Key Vault reference that did not resolve")]
    [InlineData("Sms:Tencent:Endpoint", "sms.tencentcloudapi.com", "Sms:Tencent:Endpoint (Sms__Tencent__Endpoint) must be an absolute URI")]
    [InlineData("Sms:Tencent:Region", " ", "Sms:Tencent:Region (Sms__Tencent__Region) must name the API region")]
    [InlineData("Sms:Tencent:SdkAppId", "", "Sms:Tencent:SdkAppId (Sms__Tencent__SdkAppId) is required")]
    [InlineData("Sms:Tencent:SdkAppId", "14000O6666", "Sms:Tencent:SdkAppId (Sms__Tencent__SdkAppId) is required")]
    [InlineData("Sms:Tencent:SignName", "", "Sms:Tencent:SignName (Sms__Tencent__SignName) is required")]
    [InlineData("Sms:Tencent:SignName", "【走访提醒】", "without 【】")]
    [InlineData("ReminderOptions:LinkBaseUrl", "http://localhost:7071/v/", "ReminderOptions:LinkBaseUrl points at this machine")]
    public void A_wrong_tencent_setting_fails_at_start_naming_it(string key, string value, string expected)
    {
        var settings = Tencent(new() { ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/v/" });
        settings[key] = value;
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmsOptions>>().Value);

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Incomplete_tencent_settings_are_not_checked_while_acs_is_the_provider()
    {
        // Credentials without an SdkAppId, and a SignName with brackets: wrong for Tencent, but Tencent does not send.
        var settings = Tencent([]);
        settings.Remove("Sms:Provider");
        settings.Remove("Sms:Tencent:SdkAppId");
        settings["Sms:Tencent:SignName"] = "【走访提醒】";
        using var provider = Build(settings);

        Assert.Null(provider.GetRequiredService<SmsGateway>().Sender);
    }

    [Fact]
    public void Provider_tencent_as_infra_writes_it_before_the_key_is_given_starts_and_keeps_messages_in_the_outbox()
    {
        // infra/app/function.bicep with smsProvider tencent and no tencentKeyId yet: empty key settings, the templates a blob.
        using var provider = Build(new()
        {
            ["Azure:Cloud"] = "AzureChinaCloud",
            ["Sms:Provider"] = "tencent",
            ["Sms:Endpoint"] = "",
            ["Sms:From"] = "",
            ["Sms:TemplatesContainer"] = "sms-templates",
            ["Sms:Tencent:Region"] = "ap-guangzhou",
            ["Sms:Tencent:SecretId"] = "",
            ["Sms:Tencent:SecretKey"] = "",
            ["Sms:Tencent:SdkAppId"] = "",
            ["Sms:Tencent:SignName"] = "",
            ["Sms:Tencent:Templates"] = "sms-templates.csv",
        });

        var options = provider.GetRequiredService<IOptions<SmsOptions>>().Value;
        Assert.False(options.HasGateway);
        Assert.Equal((null, "sms-templates.csv"), SmsServiceCollectionExtensions.ApprovedTemplatesAt(options));
        Assert.Null(provider.GetRequiredService<SmsGateway>().Sender);
    }

    [Fact]
    public void Provider_tencent_loads_the_approved_templates_file_with_the_limit_set()
    {
        using var provider = Build(Tencent(new()
        {
            ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/v/",
            ["Sms:Tencent:MaxParamLength"] = "6",
        }));

        var templates = provider.GetRequiredService<IApprovedTemplates>();
        var message = templates.Render(MessageKind.OverdueNudge, MessageSamples.For(MessageKind.OverdueNudge));

        Assert.Equal(6, templates.MaxParamLength);
        Assert.Equal(("2266003", "12月4日"), (message.Sms.TemplateId, message.Sms.Params[2]));
        Assert.NotNull(provider.GetRequiredService<ReminderService>());
        Assert.NotNull(provider.GetRequiredService<IProblemNotifier>());
    }

    [Theory]
    [InlineData("Sms:Tencent:Templates", "", "Sms:Tencent:Templates (Sms__Tencent__Templates) is required with Sms:Provider tencent")]
    [InlineData("Sms:Tencent:Templates", "no/such/sms-templates.csv", "Sms:Tencent:Templates (Sms__Tencent__Templates) names 'no/such/sms-templates.csv', which is not a file")]
    [InlineData("Sms:Tencent:MaxParamLength", "3", "Sms:Tencent:MaxParamLength (Sms__Tencent__MaxParamLength) is 3: give the gateway's limit on one template variable, 4 to 500")]
    public void A_wrong_approved_templates_setting_fails_at_start_naming_it(string key, string value, string expected)
    {
        var settings = Tencent(new() { ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/v/" });
        settings[key] = value;
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmsOptions>>().Value);

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_broken_approved_templates_file_fails_at_start_naming_the_line_and_column_even_without_credentials()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("sms-approved").FullName, "sms-templates.csv");
        File.WriteAllText(file, File.ReadAllText(SampleTemplates).Replace("recipient_name;target_name", "recipient_name;link", StringComparison.Ordinal));
        try
        {
            using var provider = Build(new() { ["Sms:Provider"] = "tencent", ["Sms:Tencent:Templates"] = file });

            var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmsOptions>>().Value);

            Assert.Contains($"{file} line 4 (overdue-nudge), column params, expression 2 (`link`): names link", error.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("sms-templates.csv", "sms-templates", null, "sms-templates.csv")]
    [InlineData("config/sms-templates.csv", "sms-templates", "config/sms-templates.csv", null)]
    [InlineData("sms-templates.csv", null, "sms-templates.csv", null)]
    public void A_bare_name_with_a_templates_container_is_a_blob_and_anything_else_a_file(string templates, string? container, string? file, string? blob)
    {
        var options = new SmsOptions { Provider = "tencent", TemplatesContainer = container, Tencent = { Templates = templates } };

        Assert.Equal((file, blob), SmsServiceCollectionExtensions.ApprovedTemplatesAt(options));
        Assert.Equal((null, null), SmsServiceCollectionExtensions.ApprovedTemplatesAt(new SmsOptions { TemplatesContainer = container, Tencent = { Templates = templates } }));
    }

    [Fact]
    public void A_broken_template_override_fails_at_start_naming_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("sms-templates").FullName;
        File.WriteAllText(Path.Combine(folder, "overdue-nudge.zh-CN.scriban"), "{{ recipient_nmae }}");
        try
        {
            using var provider = Build(new() { ["Sms:TemplateFolder"] = folder });

            var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmsOptions>>().Value);

            Assert.Contains("overdue-nudge.zh-CN.scriban", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static readonly string SampleTemplates = Path.Combine(Outreach.Testing.AzuriteFixture.FindRepoRoot(), "samples", "sms-templates.csv");

    /// <summary>A complete Tencent gateway, added to <paramref name="settings"/>.</summary>
    private static Dictionary<string, string?> Tencent(Dictionary<string, string?> settings)
    {
        settings["Sms:Provider"] = "tencent";
        settings["Sms:Tencent:SecretId"] = "AKIDoutreachtestonly";
        settings["Sms:Tencent:SecretKey"] = "outreach-test-secret-key";
        settings["Sms:Tencent:SdkAppId"] = "1400006666";
        settings["Sms:Tencent:SignName"] = "走访提醒";
        settings.TryAdd("Sms:Tencent:Templates", SampleTemplates);
        return settings;
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Storage:ConnectionString"] = "UseDevelopmentStorage=true";
        settings["Links:SigningKey"] = Convert.ToBase64String(new byte[32]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddOutreach(configuration);
        return services.BuildServiceProvider();
    }
}
