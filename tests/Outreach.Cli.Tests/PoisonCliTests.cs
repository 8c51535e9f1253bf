using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Outreach.Adapters;
using Outreach.Planning;
using Outreach.Queues;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

/// <summary>
/// <c>poison</c> and <c>poison redrive</c> on Azurite: the queues are the app's (<c>plan-units</c> is fixed, so each test
/// empties it first; <c>sms-inbound</c> is named by the app setting <c>SmsInboundQueue</c>, one per test).
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PoisonCliTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Night = new(2026, 12, 7, 1, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Poison_lists_the_units_and_replies_that_failed_and_redrive_puts_them_back()
    {
        var (cli, sms) = await NewRunAsync();
        var unit = PlanUnitMessages.Serialize(new PlanUnitMessage(["xs-1", "xs-2"], new DateOnly(2026, 12, 7), new DateOnly(2027, 1, 3)));
        await PoisonAsync("plan-units-poison", unit);
        await PoisonAsync("plan-units-poison", "not json");
        await PoisonAsync($"{sms}-poison", SmsReceived("+8613800138001"));
        var failures = TableStores.Create(azurite.ConnectionString, cli.Prefix).QueueFailures;
        for (var i = 0; i < 5; i++)
        {
            await failures.RecordAsync(QueueKind.PlanUnits, QueueFailure.KeyOf(unit), "RequestFailedException: Server busy", Night.AddMinutes(i));
        }

        var table = await cli.RunAsync("poison");
        var json = await cli.RunAsync("poison", "plan-units", "--format", "json");
        var redrive = await cli.RunAsync("poison", "redrive", "plan-units");
        var after = await cli.RunAsync("poison", "plan-units");

        Assert.True(table.Code == 0, table.Error);
        Assert.Contains("plan-units-poison: 2 message(s).", table.Out);
        Assert.Contains("grids xs-1+xs-2 2026-12-07..2027-01-03", table.Out);
        Assert.Contains("failed 5x, last 12-07 01:04: RequestFailedException: Server busy", table.Out);
        Assert.Contains("unreadable: Plan message is not valid JSON", table.Out);
        Assert.Contains($"{sms}-poison: 1 message(s).", table.Out);
        Assert.Contains("SMS Incoming_1 from +86138****8001", table.Out);
        Assert.DoesNotContain("13800138001", table.Out + json.Out);

        Assert.Equal(0, json.Code);
        var listed = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, listed.Count);
        var planned = Assert.Single(listed, m => m.GetProperty("grids").ValueKind == JsonValueKind.Array);
        Assert.Equal(("plan-units", "2026-12-07", "2027-01-03", 5, "RequestFailedException: Server busy"),
            (planned.GetProperty("queue").GetString(), planned.GetProperty("from").GetString(), planned.GetProperty("to").GetString(),
             planned.GetProperty("failures").GetInt32(), planned.GetProperty("lastError").GetString()));

        Assert.True(redrive.Code == 0, redrive.Error);
        Assert.Matches(@"Moved \S+  grids xs-1\+xs-2 2026-12-07\.\.2027-01-03", redrive.Out);
        Assert.Contains("Re-drove 1 message(s) to plan-units; left 1 that do(es) not read in plan-units-poison.", redrive.Out);
        Assert.Contains("plan-units-poison: 1 message(s).", after.Out);
        var live = (await new QueueClient(azurite.ConnectionString, "plan-units").ReceiveMessagesAsync(32)).Value;
        Assert.Equal([unit], live.Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Body.ToString()))));
    }

    [Fact]
    public async Task An_unknown_queue_is_bad_input_naming_the_choices_and_storage_that_is_down_exits_2_in_one_line()
    {
        var (cli, _) = await NewRunAsync();
        var port = AzuriteFixture.ClosedPort();
        var down = CliRun.For($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};"
            + $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;");

        var listing = await cli.RunAsync("poison", "plan-unit");
        var redriving = await cli.RunAsync("poison", "redrive", "sms");
        var unreachable = await down.RunAsync("poison", "redrive", "plan-units");

        Assert.Equal((1, "Unknown queue 'plan-unit': use plan-units, sms-inbound.\n"), (listing.Code, listing.Error.ReplaceLineEndings("\n")));
        Assert.Equal(1, redriving.Code);
        Assert.Contains("use plan-units, sms-inbound", redriving.Error);
        Assert.Equal(2, unreachable.Code);
        Assert.StartsWith($"Cannot reach queue storage at http://127.0.0.1:{port}/devstoreaccount1: connection refused.", unreachable.Error);
        Assert.Single(unreachable.Error.TrimEnd().Split('\n'));
    }

    /// <summary>A run with its own <c>SmsInboundQueue</c>, and <c>plan-units</c> and its poison queue emptied.</summary>
    private async Task<(CliRun Cli, string SmsQueue)> NewRunAsync()
    {
        foreach (var queue in new[] { "plan-units", "plan-units-poison" })
        {
            await new QueueClient(azurite.ConnectionString, queue).DeleteIfExistsAsync();
        }
        var cli = CliRun.In(azurite);
        var sms = $"{cli.Prefix}-sms-inbound";
        cli.Settings["SmsInboundQueue"] = sms;
        return (cli, sms);
    }

    /// <summary>As the Functions host moves a message: the body it received, base64, on a new message.</summary>
    private async Task PoisonAsync(string queue, string text)
    {
        var client = new QueueClient(azurite.ConnectionString, queue);
        await client.CreateIfNotExistsAsync();
        await client.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
    }

    private static string SmsReceived(string from) => new JsonObject
    {
        ["id"] = "e1",
        ["topic"] = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Communication/CommunicationServices/acs",
        ["subject"] = "/phonenumber/18005550100",
        ["data"] = new JsonObject { ["messageId"] = "Incoming_1", ["from"] = from, ["to"] = "+18005550100", ["message"] = "TD", ["receivedTimestamp"] = "2026-12-07T04:00:00Z" },
        ["eventType"] = "Microsoft.Communication.SMSReceived",
        ["dataVersion"] = "1.0",
        ["eventTime"] = "2026-12-07T04:00:01Z",
    }.ToJsonString();
}
