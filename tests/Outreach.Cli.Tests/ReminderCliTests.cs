using System.Globalization;
using System.Text.Json;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

/// <summary>remind, outbox and template preview, with no SMS gateway configured: nothing leaves the machine.</summary>
[Collection(AzuriteFixture.Collection)]
public class ReminderCliTests(AzuriteFixture azurite)
{
    private const string Now = "--now=2026-12-07T09:00";

    [Fact]
    public async Task Remind_keeps_the_evening_digests_in_the_outbox_and_a_second_run_adds_nothing()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);

        var first = await cli.RunAsync("remind", "--at", "2026-12-07T18:00", Now);
        var second = await cli.RunAsync("remind", "--at", "2026-12-07T18:00", Now);
        var (listed, json, _) = await cli.RunAsync("outbox", "--format", "json", Now);
        var pending = await cli.RunAsync("outbox", "--status", "pending", Now);
        var table = await cli.RunAsync("outbox", Now);

        Assert.Equal((0, 0, 0), (first.Code, second.Code, listed));
        Assert.Matches(@"Composed [1-9]\d* new message", first.Out);
        Assert.Contains("No SMS gateway configured", first.Out);
        Assert.Contains("Composed 0 new message(s)", second.Out);
        Assert.Contains("Sent 0, kept in the outbox 0", second.Out);
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.Equal("evening-digest", r.GetProperty("kind").GetString());
            Assert.Equal("kept-local", r.GetProperty("status").GetString());
            Assert.Equal("2026-12-08", r.GetProperty("date").GetString());
            Assert.Contains("****", r.GetProperty("phone").GetString());
        });
        Assert.Contains("The outbox is empty.", pending.Out);
        Assert.Contains("【走访提醒】", table.Out);
        Assert.DoesNotContain("13800138001", table.Out + json);
    }

    [Fact]
    public async Task Links_to_this_machine_are_signed_with_the_development_key_only_while_the_storage_is_this_machines_too()
    {
        var local = CliRun.In(azurite);
        await local.ImportSmallRosterAsync();
        await local.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        var remote = CliRun.For("DefaultEndpointsProtocol=https;AccountName=outreachprod;AccountKey=" + Convert.ToBase64String(new byte[64]) + ";EndpointSuffix=core.windows.net");
        remote.Settings["Links__SigningKey"] = Convert.ToBase64String(new byte[32]);
        var gateway = CliRun.In(azurite);
        gateway.Settings["Sms__ConnectionString"] = "endpoint=https://acs.example.com/;accesskey=" + Convert.ToBase64String(new byte[32]);
        gateway.Settings["Sms__From"] = "+18005550100";
        var publicKey = CliRun.In(azurite);
        publicKey.Settings["ReminderOptions__LinkBaseUrl"] = "https://outreach.example.cn/v/";
        publicKey.Settings["Links__SigningKey"] = Links.LinkKeys.Development;

        var composed = await local.RunAsync("remind", "--at", "2026-12-07T18:00", Now);
        var outbox = await local.RunAsync("outbox", Now);
        var toProduction = await remote.RunAsync("remind", "--at", "2026-12-07T18:00", Now);
        var sending = await gateway.RunAsync("remind", "--at", "2026-12-07T18:00", Now);
        var forgeable = await publicKey.RunAsync("remind", "--at", "2026-12-07T18:00", Now);

        // The digest's link opens in the app npm start runs: it verifies with the development key.
        Assert.True(composed.Code == 0, composed.Error);
        var token = System.Text.RegularExpressions.Regex.Match(outbox.Out, @"http://localhost:7071/v/(\S+)").Groups[1].Value;
        Assert.Equal(Links.LinkCheck.Valid, new Links.LinkTokens(Convert.FromBase64String(Links.LinkKeys.Development)).Verify(token, DateTimeOffset.Parse("2026-12-07T09:00+08:00", CultureInfo.InvariantCulture), out _));
        Assert.Equal((1, 1, 1), (toProduction.Code, sending.Code, forgeable.Code));
        Assert.Contains("points at this machine, but the storage is not the emulator", toProduction.Error);
        Assert.Contains("an SMS gateway is set", sending.Error);
        Assert.Contains("not the public development key", forgeable.Error);
    }

    [Fact]
    public async Task A_denied_number_gets_no_reminder()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        // Whoever the plan sends on the 8th gets the evening digest of the 7th; the small roster's vN has phone 1380013800N.
        var (_, visits, _) = await cli.RunAsync("visits", "--from", "2026-12-08", "--to", "2026-12-08", "--format", "json", Now);
        var visitor = JsonDocument.Parse(visits).RootElement.EnumerateArray().First().GetProperty("visitorIds")[0].GetString()!;

        var denied = await cli.RunAsync("deny", $"138 0013 800{visitor[1..]}", "--reason", "退订", Now);
        var bad = await cli.RunAsync("deny", "12345", Now);
        await cli.RunAsync("remind", "--at", "2026-12-07T18:00", Now);
        var (_, json, _) = await cli.RunAsync("outbox", "--format", "json", Now);

        Assert.Equal((0, 1), (denied.Code, bad.Code));
        Assert.Contains($"Denied +86138****800{visitor[1..]}", denied.Out);
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal("denied", Assert.Single(rows, r => r.GetProperty("recipientId").GetString() == visitor).GetProperty("status").GetString());
        Assert.DoesNotContain(rows, r => r.GetProperty("recipientId").GetString() != visitor && r.GetProperty("status").GetString() == "denied");
    }

    [Fact]
    public async Task Remind_in_quiet_hours_defers_to_eight()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);

        var night = await cli.RunAsync("remind", "--at", "2026-12-07T22:00", Now);
        var (_, json, _) = await cli.RunAsync("outbox", "--status", "pending", "--format", "json", Now);

        Assert.Contains("Quiet hours", night.Out);
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.StartsWith("2026-12-08T08:00:00+08:00", r.GetProperty("nextAttemptAt").GetString()));
    }

    [Fact]
    public async Task Demo_prints_the_first_evenings_digests_from_the_outbox_without_sending_them()
    {
        var cli = CliRun.In(azurite);

        var (code, output, error) = await cli.RunAsync("demo", Now);
        var (_, json, _) = await cli.RunAsync("outbox", "--format", "json", Now);

        Assert.True(code == 0, error);
        var digests = output[output.IndexOf("Evening digests for 2026-12-08", StringComparison.Ordinal)..];
        Assert.Contains("【走访提醒】", digests);
        Assert.Contains(" message(s).", digests);
        Assert.All(JsonDocument.Parse(json).RootElement.EnumerateArray(), r => Assert.Equal("pending", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Outbox_purge_deletes_final_rows_before_the_date_and_refuses_a_bad_or_future_date()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        await cli.RunAsync("remind", "--at", "2026-12-07T18:00", Now);
        var (_, before, _) = await cli.RunAsync("outbox", "--format", "json", Now);
        var kept = JsonDocument.Parse(before).RootElement.GetArrayLength();

        var future = await cli.RunAsync("outbox", "purge", "--before", "2026-12-08", Now);
        var notADate = await cli.RunAsync("outbox", "purge", "--before", "yesterday", Now);
        var byDefault = await cli.RunAsync("outbox", "purge", "--now=2027-03-01T09:00");
        var purged = await cli.RunAsync("outbox", "purge", "--before", "2026-12-09", "--now=2026-12-10T09:00");
        var (_, after, _) = await cli.RunAsync("outbox", "--format", "json", Now);

        Assert.Equal((1, 1, 0, 0), (future.Code, notADate.Code, byDefault.Code, purged.Code));
        Assert.Contains("--before 2026-12-08 is in the future", future.Error);
        Assert.Contains("--before 'yesterday' is not a date", notADate.Error);
        Assert.Contains("Deleted 0 outbox row(s) in a final state dated before 2026-12-01", byDefault.Out); // 90 days before 2027-03-01
        Assert.True(kept > 0);
        Assert.Contains($"Deleted {kept} outbox row(s) in a final state dated before 2026-12-09", purged.Out);
        Assert.Equal(0, JsonDocument.Parse(after).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Template_preview_prints_the_text_its_characters_and_segments()
    {
        var cli = CliRun.In(azurite);

        var zh = await cli.RunAsync("template", "preview", "evening-digest");
        var en = await cli.RunAsync("template", "preview", "overdue-nudge", "--culture", "en-US");
        var unknown = await cli.RunAsync("template", "preview", "nope");

        Assert.Equal((0, 0, 1), (zh.Code, en.Code, unknown.Code));
        Assert.Contains("【走访提醒】王芳", zh.Out);
        Assert.Matches(@"\d+ characters, UCS2 \(\d+ units\), \d segment\(s\)\.", zh.Out);
        Assert.Contains("[Visit overdue] Hi 王芳", en.Out);
        Assert.Contains("No template 'nope'", unknown.Error);
    }
}
