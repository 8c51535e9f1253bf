using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Outreach.Azure;
using Outreach.Functions.Hosting;
using Outreach.Links;

namespace Outreach.Functions.Tests;

/// <summary>
/// The link signing key at start: required, except that an app in its Development environment whose links point
/// at this machine signs with the development key (so the demo's links open in the app <c>npm start</c> runs).
/// </summary>
public class LinkKeySettingsTests
{
    [Fact]
    public void A_local_development_app_without_a_key_signs_with_the_development_key()
    {
        using var provider = Build("Development", new() { ["ReminderOptions:LinkBaseUrl"] = "http://localhost:7071/v/" });

        var token = provider.GetRequiredService<LinkTokens>().Sign(new LinkGrant("v1", "day:20261208", DateTimeOffset.UnixEpoch.AddYears(60)));

        Assert.Equal(LinkCheck.Valid, new LinkTokens(Convert.FromBase64String(LinkKeys.Development)).Verify(token, DateTimeOffset.UnixEpoch, out _));
    }

    [Theory]
    [InlineData("Production", "http://localhost:7071/v/")]
    [InlineData("Development", "https://outreach.example.cn/v/")]
    public void Anywhere_else_an_app_without_a_key_does_not_start(string environment, string linkBase)
    {
        using var provider = Build(environment, new() { ["ReminderOptions:LinkBaseUrl"] = linkBase });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LinkOptions>>().Value);

        Assert.Contains("Links:SigningKey", error.Message);
    }

    [Fact]
    public void Links_to_this_machine_with_an_sms_gateway_do_not_start()
    {
        using var provider = Build("Development", new()
        {
            ["Sms:ConnectionString"] = "endpoint=https://acs.example.com/;accesskey=" + Convert.ToBase64String(new byte[32]),
            ["Sms:From"] = "+18005550100",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmsOptions>>().Value);

        Assert.Contains("points at this machine, but an SMS gateway is set", error.Message);
    }

    [Fact]
    public void The_public_development_key_configured_in_production_does_not_start()
    {
        using var provider = Build("Production", new() { ["Links:SigningKey"] = LinkKeys.Development, ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/v/" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LinkOptions>>().Value);

        Assert.Contains("development key", error.Message);
    }

    [Fact]
    public void A_configured_key_signs_in_any_environment_and_a_link_base_off_the_page_route_does_not_start()
    {
        var key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        using var provider = Build("Production", new() { ["Links:SigningKey"] = key, ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/v/" });
        using var wrongRoute = Build("Production", new() { ["Links:SigningKey"] = key, ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/" });

        var token = provider.GetRequiredService<LinkTokens>().Sign(new LinkGrant("v1", "day:20261208", DateTimeOffset.UnixEpoch.AddYears(60)));

        Assert.Equal(LinkCheck.Valid, new LinkTokens(Convert.FromBase64String(key)).Verify(token, DateTimeOffset.UnixEpoch, out _));
        var error = Assert.Throws<OptionsValidationException>(() => wrongRoute.GetRequiredService<IOptions<Outreach.Reminders.ReminderOptions>>().Value);
        Assert.Contains("/v/", error.Message);
    }

    private static ServiceProvider Build(string environment, Dictionary<string, string?> settings)
    {
        settings["Storage:ConnectionString"] = "UseDevelopmentStorage=true";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment });
        services.AddTableStorage(configuration).AddOutreachCore().AddSms(configuration);
        return services.BuildServiceProvider();
    }
}
