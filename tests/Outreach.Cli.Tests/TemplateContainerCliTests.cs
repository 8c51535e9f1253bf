using Azure.Storage.Blobs;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

/// <summary>The CLI reads a deployment's template overrides from <c>Sms__TemplatesContainer</c>, as the Functions app does.</summary>
[Collection(AzuriteFixture.Collection)]
public class TemplateContainerCliTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_blob_override_replaces_its_template_in_previews_and_the_others_stay_built_in()
    {
        var cli = CliRun.In(azurite);
        var container = await ContainerAsync(cli, ("overdue-nudge.zh-CN.scriban", "【区网格办】{{ recipient_name }}：{{ target_name }}已逾期{{ days_overdue }}天。{{ link }}"));
        cli.Settings["Sms__TemplatesContainer"] = container;

        var overridden = await cli.RunAsync("template", "preview", "overdue-nudge");
        var builtIn = await cli.RunAsync("template", "preview", "evening-digest");

        Assert.True(overridden.Code == 0, overridden.Error);
        Assert.StartsWith("【区网格办】王芳：赵大爷已逾期3天。https://", overridden.Out);
        Assert.StartsWith("【走访提醒】王芳您好", builtIn.Out);
    }

    [Fact]
    public async Task A_broken_blob_or_a_missing_container_is_exit_code_1_naming_it()
    {
        var cli = CliRun.In(azurite);
        cli.Settings["Sms__TemplatesContainer"] = await ContainerAsync(cli, ("overdue-nudge.zh-CN.scriban", "{{ recipient_nme }}"));

        var broken = await cli.RunAsync("template", "preview", "evening-digest");
        cli.Settings["Sms__TemplatesContainer"] = "no-such-templates";
        var missing = await cli.RunAsync("template", "preview", "evening-digest");
        cli.Settings["Sms__TemplateFolder"] = cli.Folder;
        var both = await cli.RunAsync("template", "preview", "evening-digest");

        Assert.Equal((1, ""), (broken.Code, broken.Out));
        Assert.Contains("overdue-nudge.zh-CN.scriban", broken.Error);
        Assert.Contains("recipient_nme", broken.Error);
        Assert.Equal(1, missing.Code);
        Assert.Contains("no-such-templates", missing.Error);
        Assert.Equal(1, both.Code);
        Assert.Contains("not both", both.Error);
    }

    [Fact]
    public async Task Storage_refusing_the_container_is_exit_code_2_not_bad_input()
    {
        // The emulator's account with another key: every request is refused (403), so this is the environment's fault.
        var wrongKey = System.Text.RegularExpressions.Regex.Replace(azurite.ConnectionString, "AccountKey=[^;]+", "AccountKey=" + Convert.ToBase64String(new byte[64]));
        var cli = new CliRun(wrongKey, Directory.CreateTempSubdirectory("outreach-cli-").FullName);
        cli.Settings["Sms__TemplatesContainer"] = "sms-templates";

        var (code, output, error) = await cli.RunAsync("template", "preview", "evening-digest");

        Assert.Equal((2, ""), (code, output));
        Assert.Contains("403", error);
    }

    private static async Task<string> ContainerAsync(CliRun cli, params (string Name, string Text)[] blobs)
    {
        var name = "tpl-" + Guid.NewGuid().ToString("N")[..12];
        var container = new BlobServiceClient(cli.Storage).GetBlobContainerClient(name);
        await container.CreateAsync();
        foreach (var (blob, text) in blobs)
        {
            await container.UploadBlobAsync(blob, BinaryData.FromString(text));
        }
        return name;
    }
}
