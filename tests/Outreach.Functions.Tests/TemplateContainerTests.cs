using System.Globalization;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Adapters;
using Outreach.Reminders;
using Outreach.Testing;

namespace Outreach.Functions.Tests;

/// <summary>Sms:TemplatesContainer on a real host and Azurite: overrides load before the app works, or it does not start.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TemplateContainerTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    private const string Nudge = "overdue-nudge.zh-CN.scriban";
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");

    private readonly BlobContainerClient _container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("tpl-" + AzuriteFixture.NewPrefix());
    private readonly LogRecorder _logs = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8)));

    public Task InitializeAsync() => _container.CreateAsync();

    public Task DisposeAsync() => _container.DeleteIfExistsAsync();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task The_app_renders_with_the_container_override_from_the_start_and_picks_up_a_change_when_the_refresh_is_due()
    {
        await UploadAsync("v1 {{ link }}");
        using var host = Host(new() { ["Sms:TemplatesRefreshMinutes"] = "10" });
        await host.StartAsync();
        var reloaded = _logs.WaitForAsync("Reloaded SMS templates");
        var renderer = host.Services.GetRequiredService<ITemplateRenderer>();
        Assert.Equal("v1 https://outreach.example.cn/v/7Kq2xP", Nudged(renderer));

        await UploadAsync("v2 {{ link }}");
        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("v1 https://outreach.example.cn/v/7Kq2xP", Nudged(renderer));
        _clock.Advance(TimeSpan.FromMinutes(1));

        // The refresh runs on the host's background service once the fake clock ticks: wait for its log line (the
        // timeout only keeps a broken build from hanging).
        await reloaded.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("v2 https://outreach.example.cn/v/7Kq2xP", Nudged(renderer));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_broken_override_in_the_container_stops_the_host_at_start_naming_the_blob_and_line()
    {
        await UploadAsync("第一行\n{{ recipient_nmae }}");
        using var host = Host([]);

        var error = await Assert.ThrowsAsync<TemplateException>(() => host.StartAsync());

        Assert.Contains($"{_container.Name}/{Nudge}(2,", error.Message);
    }

    [Theory]
    [InlineData("Sms:TemplateFolder", ".", "not both")]
    [InlineData("Sms:TemplatesContainer", "SMS_Templates", "blob container name")]
    [InlineData("Sms:TemplatesRefreshMinutes", "0", "between 1 and 1440")]
    public async Task Bad_container_settings_fail_at_start_naming_the_setting(string key, string value, string message)
    {
        using var host = Host(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, error.Message);
    }

    private IHost Host(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Sms:TemplatesContainer", _container.Name);
        settings["Storage:ConnectionString"] = azurite.ConnectionString;
        settings["Storage:TablePrefix"] = AzuriteFixture.NewPrefix();
        settings["Links:SigningKey"] = Convert.ToBase64String(new byte[32]);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging(b => b.AddProvider(_logs)).AddSingleton<TimeProvider>(_clock);
        builder.Services.AddOutreach(builder.Configuration);
        return builder.Build();
    }

    private static string Nudged(ITemplateRenderer renderer) => renderer.Render(MessageKind.OverdueNudge, ZhCn, MessageSamples.For(MessageKind.OverdueNudge));

    private async Task UploadAsync(string text) => await _container.GetBlobClient(Nudge).UploadAsync(BinaryData.FromString(text), overwrite: true);
}
