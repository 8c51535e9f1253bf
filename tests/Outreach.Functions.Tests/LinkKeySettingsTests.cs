using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Adapters;
using Outreach.Links;
using Outreach.Reminders;

namespace Outreach.Functions.Tests;

/// <summary>
/// The link signing key at start: required, except that links to this machine, on the storage emulator of this
/// machine, are signed with the development key (so the demo's links open in the app <c>npm start</c> runs); and links
/// to this machine are refused wherever their messages could reach real phones.
/// </summary>
public class LinkKeySettingsTests
{
    private const string Emulator = "UseDevelopmentStorage=true";
    private static readonly string Remote = "DefaultEndpointsProtocol=https;AccountName=outreachprod;AccountKey=" + Convert.ToBase64String(new byte[64]) + ";EndpointSuffix=core.windows.net";

    [Fact]
    public void Links_and_storage_on_this_machine_without_a_key_are_signed_with_the_development_key()
    {
        using var provider = Build(Emulator, new() { ["ReminderOptions:LinkBaseUrl"] = "http://localhost:7071/v/" });

        var token = provider.GetRequiredService<LinkTokens>().Sign(new LinkGrant("v1", "day:20261208", DateTimeOffset.UnixEpoch.AddYears(60)));

        Assert.Equal(LinkCheck.Valid, new LinkTokens(Convert.FromBase64String(LinkKeys.Development)).Verify(token, DateTimeOffset.UnixEpoch, out _));
    }

    [Fact]
    public void Links_to_the_world_without_a_key_do_not_start()
    {
        using var provider = Build(Emulator, new() { ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/v/" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LinkOptions>>().Value);

        Assert.Contains("Links:SigningKey", error.Message);
    }

    [Fact]
    public void Links_to_this_machine_on_real_storage_do_not_start_key_or_not()
    {
        using var keyless = Build(Remote, new() { ["ReminderOptions:LinkBaseUrl"] = "http://localhost:7071/v/" });
        using var keyed = Build(Remote, new() { ["ReminderOptions:LinkBaseUrl"] = "http://localhost:7071/v/", ["Links:SigningKey"] = Convert.ToBase64String(new byte[32]) });

        Assert.Contains("Links:SigningKey", Assert.Throws<OptionsValidationException>(() => keyless.GetRequiredService<IOptions<LinkOptions>>().Value).Message);
        Assert.Contains("the storage is not the emulator", Assert.Throws<OptionsValidationException>(() => keyed.GetRequiredService<IOptions<ReminderOptions>>().Value).Message);
    }

    [Fact]
    public void Links_to_this_machine_with_an_sms_gateway_do_not_start()
    {
        using var provider = Build(Emulator, new()
        {
            ["Sms:ConnectionString"] = "endpoint=https://acs.example.com/;accesskey=" + Convert.ToBase64String(new byte[32]),
            ["Sms:From"] = "+18005550100",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmsOptions>>().Value);

        Assert.Contains("points at this machine, but an SMS gateway is set", error.Message);
    }

    [Fact]
    public void The_public_development_key_configured_for_real_links_does_not_start()
    {
        using var provider = Build(Remote, new() { ["Links:SigningKey"] = LinkKeys.Development, ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/v/" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LinkOptions>>().Value);

        Assert.Contains("development key", error.Message);
    }

    [Fact]
    public void A_configured_key_signs_and_a_link_base_off_the_page_route_does_not_start()
    {
        var key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        using var provider = Build(Remote, new() { ["Links:SigningKey"] = key, ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/v/" });
        using var wrongRoute = Build(Remote, new() { ["Links:SigningKey"] = key, ["ReminderOptions:LinkBaseUrl"] = "https://outreach.example.cn/" });

        var token = provider.GetRequiredService<LinkTokens>().Sign(new LinkGrant("v1", "day:20261208", DateTimeOffset.UnixEpoch.AddYears(60)));

        Assert.Equal(LinkCheck.Valid, new LinkTokens(Convert.FromBase64String(key)).Verify(token, DateTimeOffset.UnixEpoch, out _));
        var error = Assert.Throws<OptionsValidationException>(() => wrongRoute.GetRequiredService<IOptions<ReminderOptions>>().Value);
        Assert.Contains("/v/", error.Message);
    }

    private static ServiceProvider Build(string storage, Dictionary<string, string?> settings)
    {
        settings["Storage:ConnectionString"] = storage;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddOutreach(configuration);
        return services.BuildServiceProvider();
    }
}
