using System.Text.Json.Nodes;
using Outreach.Functions.Pages;
using Outreach.Functions.Planning;
using Outreach.Functions.Problems;
using Outreach.Functions.Reports;
using Outreach.Functions.Visits;

namespace Outreach.Functions.Tests;

/// <summary>
/// The Functions host reads functions.metadata, written by the worker SDK at build time; Core Tools cannot
/// run here, so this is what we check: every function's trigger, schedule setting and queue.
/// </summary>
public class FunctionsMetadataTests
{
    private static readonly JsonArray Functions = Load();

    [Fact]
    public void The_nightly_timer_reads_its_schedule_from_an_app_setting_and_writes_to_the_plan_queue()
    {
        var bindings = Bindings(nameof(ScheduleRotation));

        var trigger = Assert.Single(bindings, b => (string?)b["direction"] == "In");
        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal("%PlanSchedule%", (string?)trigger["schedule"]);
        var output = Assert.Single(bindings, b => (string?)b["direction"] == "Out");
        Assert.Equal("queue", (string?)output["type"]);
        Assert.Equal(ScheduleRotation.QueueName, (string?)output["queueName"]);
    }

    [Fact]
    public void The_escalation_timer_reads_its_schedule_from_an_app_setting()
    {
        var trigger = Assert.Single(Bindings(nameof(EscalateOverdue)));

        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal("%EscalationSchedule%", (string?)trigger["schedule"]);
    }

    [Theory]
    [InlineData("SendEveningDigest", "%EveningDigestSchedule%")]
    [InlineData("DrainOutbox", "%DrainSchedule%")]
    [InlineData("CleanUpOutbox", "%OutboxCleanupSchedule%")]
    [InlineData("SendMorningReminder", "%MorningReminderSchedule%")]
    [InlineData("SendOverdueReminders", "%OverdueSchedule%")]
    [InlineData("ReportPoisonMessages", "%PoisonCheckSchedule%")]
    public void The_reminder_timers_read_their_schedules_from_app_settings(string name, string schedule)
    {
        var trigger = Assert.Single(Bindings(name));

        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal(schedule, (string?)trigger["schedule"]);
    }

    [Fact]
    public void Each_planning_unit_is_planned_by_a_queue_triggered_function()
    {
        var trigger = Assert.Single(Bindings(nameof(PlanUnit)));

        Assert.Equal("queueTrigger", (string?)trigger["type"]);
        Assert.Equal("plan-units", (string?)trigger["queueName"]);
        Assert.Equal("Outreach.Functions.Planning.PlanUnit.Run", (string?)Function(nameof(PlanUnit))["entryPoint"]);
    }

    [Fact]
    public void Sms_replies_arrive_on_the_queue_named_by_an_app_setting()
    {
        var trigger = Assert.Single(Bindings("ReceiveSms"));

        Assert.Equal("queueTrigger", (string?)trigger["type"]);
        Assert.Equal("%SmsInboundQueue%", (string?)trigger["queueName"]);
        Assert.Equal("Outreach.Functions.Reminders.ReceiveSms.Run", (string?)Function("ReceiveSms")["entryPoint"]);
    }

    [Theory]
    [InlineData(nameof(GetVisit), "get", "api/visits/{visitId}", "Function")]
    [InlineData(nameof(GetVisitorVisits), "get", "api/visitors/{visitorId}/visits", "Function")]
    [InlineData(nameof(RecordOutcome), "post", "api/visits/{visitId}/outcome", "Anonymous")]
    [InlineData(nameof(OpenProblem), "post", "api/problems", "Function")]
    [InlineData(nameof(ListProblems), "get", "api/problems", "Function")]
    [InlineData(nameof(GetProblem), "get", "api/problems/{id}", "Function")]
    [InlineData(nameof(AdvanceProblem), "post", "api/problems/{id}/{action}", "Function")]
    [InlineData(nameof(GetProblemByLink), "get", "api/link/problems/{id}", "Anonymous")]
    [InlineData(nameof(AdvanceProblemByLink), "post", "api/link/problems/{id}/{action}", "Anonymous")]
    [InlineData(nameof(GetReport), "get", "api/reports/{kind}", "Function")]
    [InlineData(nameof(OpenLinkPage), "get", "v/{token}", "Anonymous")]
    [InlineData(nameof(PostLinkForm), "post", "v/{token}", "Anonymous")]
    [InlineData(nameof(OpenCodePage), "get", "c", "Anonymous")]
    [InlineData(nameof(PostCodeForm), "post", "c", "Anonymous")]
    public void Http_functions_have_their_route_method_and_auth_level(string name, string method, string route, string authLevel)
    {
        var trigger = Assert.Single(Bindings(name), b => (string?)b["type"] == "httpTrigger");

        Assert.Equal(route, (string?)trigger["route"]);
        Assert.Equal(authLevel, (string?)trigger["authLevel"]);
        Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => (string)m!));
    }

    [Fact]
    public void Only_the_known_functions_are_published()
    {
        Assert.Equal(["AdvanceProblem", "AdvanceProblemByLink", "CleanUpOutbox", "DrainOutbox", "EscalateOverdue", "GetProblem", "GetProblemByLink", "GetReport", "GetVisit", "GetVisitorVisits", "ListProblems", "OpenCodePage", "OpenLinkPage", "OpenProblem", "PlanUnit", "PostCodeForm", "PostLinkForm", "ReceiveSms", "RecordOutcome", "ReportPoisonMessages", "ScheduleRotation", "SendEveningDigest", "SendMorningReminder", "SendOverdueReminders"], Functions.Select(f => (string)f!["name"]!).Order());
    }

    private static JsonNode Function(string name) => Functions.Single(f => (string?)f!["name"] == name)!;

    private static List<JsonNode> Bindings(string name) => Function(name)["bindings"]!.AsArray().Select(b => b!).ToList();

    private static JsonArray Load()
    {
        // The test project references the Functions project, so its build output sits beside the test's.
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not found at {path}: build src/Outreach.Functions first.");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray();
    }
}
