using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Azure;
using Outreach.Azure.Sms;
using Outreach.Reminders;

namespace Outreach.Functions.Tests;

/// <summary>AddSms: the gateway is optional, its settings and every template are checked at start.</summary>
public class SmsServicesTests
{
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
