using System.Globalization;
using Azure.Storage.Blobs;
using Outreach.Adapters.Reminders;
using Outreach.Reminders;
using Outreach.Testing;

namespace Outreach.Adapters.Tests.Reminders;

/// <summary>Template overrides from a blob container on Azurite's blob service.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BlobTemplateSourceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Nudge = "overdue-nudge.zh-CN.scriban";
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");

    private readonly BlobContainerClient _container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("tpl-" + AzuriteFixture.NewPrefix());

    public Task InitializeAsync() => _container.CreateAsync();

    public Task DisposeAsync() => _container.DeleteIfExistsAsync();

    [Fact]
    public async Task An_override_replaces_its_template_and_the_others_stay_embedded()
    {
        await UploadAsync(Nudge, "{{ recipient_name }}：{{ target_name }}逾期{{ days_overdue }}天 {{ link }}");
        var source = new BlobTemplateSource(_container);
        await source.LoadAsync();
        var renderer = new ScribanTemplateRenderer(overrides: source);

        Assert.Equal("王芳：赵大爷逾期3天 https://outreach.example.cn/v/7Kq2xP", renderer.Render(MessageKind.OverdueNudge, ZhCn, MessageSamples.For(MessageKind.OverdueNudge)));
        foreach (var kind in MessageKinds.All.Where(k => k != MessageKind.OverdueNudge))
        {
            Assert.Equal(new ScribanTemplateRenderer().Render(kind, ZhCn, MessageSamples.For(kind)), renderer.Render(kind, ZhCn, MessageSamples.For(kind)));
        }
        Assert.Equal(new ScribanTemplateRenderer().Render(MessageKind.OverdueNudge, CultureInfo.GetCultureInfo("en-US"), MessageSamples.For(MessageKind.OverdueNudge)),
            renderer.Render(MessageKind.OverdueNudge, CultureInfo.GetCultureInfo("en-US"), MessageSamples.For(MessageKind.OverdueNudge)));
    }

    [Fact]
    public async Task A_broken_override_fails_the_load_naming_the_blob_and_the_line()
    {
        await UploadAsync(Nudge, "【走访逾期】\n{{ recipient_nmae }}您好");

        var error = await Assert.ThrowsAsync<TemplateException>(() => new BlobTemplateSource(_container).LoadAsync());

        Assert.Contains($"{_container.Name}/{Nudge}(2,", error.Message);
        Assert.Contains("recipient_nmae", error.Message);
    }

    [Fact]
    public async Task A_blob_not_named_after_a_template_fails_the_load_instead_of_being_ignored()
    {
        await UploadAsync("overdue-nudge.zh-TW.scriban", "{{ link }}");
        await UploadAsync("README.md", "other files are left alone");

        var error = await Assert.ThrowsAsync<TemplateException>(() => new BlobTemplateSource(_container).LoadAsync());

        Assert.Equal([$"{_container.Name}/overdue-nudge.zh-TW.scriban: not a template name; use one of the embedded names, e.g. evening-digest.zh-CN.scriban."], error.Errors);
    }

    [Fact]
    public async Task A_missing_container_fails_the_load_naming_it()
    {
        await _container.DeleteAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new BlobTemplateSource(_container).LoadAsync());

        Assert.Contains($"'{_container.Name}'", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task A_refresh_picks_up_changed_added_and_removed_blobs_and_keeps_the_last_good_set_when_one_breaks()
    {
        var source = new BlobTemplateSource(_container);
        await source.LoadAsync();
        var renderer = new ScribanTemplateRenderer(overrides: source);
        var embedded = Nudged(renderer);

        Assert.False(await source.RefreshAsync());
        await UploadAsync(Nudge, "v1 {{ link }}");
        Assert.True(await source.RefreshAsync());
        Assert.Equal("v1 https://outreach.example.cn/v/7Kq2xP", Nudged(renderer));

        await UploadAsync(Nudge, "v2 {{ lnk }}");
        Assert.False(await source.RefreshAsync());
        Assert.Equal("v1 https://outreach.example.cn/v/7Kq2xP", Nudged(renderer));

        await UploadAsync(Nudge, "v3 {{ link }}");
        Assert.True(await source.RefreshAsync());
        Assert.Equal("v3 https://outreach.example.cn/v/7Kq2xP", Nudged(renderer));

        await _container.DeleteBlobAsync(Nudge);
        Assert.True(await source.RefreshAsync());
        Assert.Equal(embedded, Nudged(renderer));
    }

    private static string Nudged(ScribanTemplateRenderer renderer) => renderer.Render(MessageKind.OverdueNudge, ZhCn, MessageSamples.For(MessageKind.OverdueNudge));

    private async Task UploadAsync(string name, string text) => await _container.GetBlobClient(name).UploadAsync(BinaryData.FromString(text), overwrite: true);
}
