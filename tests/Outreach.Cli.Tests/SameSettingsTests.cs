using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Adapters;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Reminders;

namespace Outreach.Cli.Tests;

/// <summary>
/// A setting the Functions app honours, the CLI honours, with the same limits: both compose through
/// <see cref="OutreachServiceCollectionExtensions.AddOutreach"/>. Checked for a setting of every options class, given as
/// an environment variable: a good value reads the same in both, a value out of its limits stops both with one message.
/// </summary>
public class SameSettingsTests
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public Task PlanningOptions_alike() => AlikeAsync<PlanningOptions>("PlanningOptions__FrozenDays", "12", "61", o => Text(o.FrozenDays));

    [Fact]
    public Task ProblemOptions_alike() => AlikeAsync<ProblemOptions>("ProblemOptions__AcceptHours", "36", "0", o => Text(o.AcceptHours));

    [Fact]
    public Task ReminderOptions_alike() => AlikeAsync<ReminderOptions>("ReminderOptions__MaxSegments", "5", "11", o => Text(o.MaxSegments));

    [Fact]
    public Task SmsOptions_alike() => AlikeAsync<SmsOptions>("Sms__TemplatesRefreshMinutes", "30", "1441", o => Text(o.TemplatesRefreshMinutes));

    [Fact]
    public Task LinkOptions_alike() => AlikeAsync<LinkOptions>("Links__SigningKey", Key, "dG9vIHNob3J0", o => o.SigningKey);

    private static async Task AlikeAsync<T>(string variable, string good, string bad, Func<T, string> read)
        where T : class
    {
        Assert.Equal(good, read(App<T>(variable, good)));
        Assert.Equal(good, read(await CliAsync<T>(variable, good)));
        var appError = Assert.Throws<OptionsValidationException>(() => App<T>(variable, bad));
        var cliError = await Assert.ThrowsAsync<BadInputException>(() => CliAsync<T>(variable, bad));
        Assert.Equal(string.Join(" ", appError.Failures), cliError.Message);
    }

    /// <summary>The options as the Functions app's composition binds them from its app settings.</summary>
    private static T App<T>(string variable, string value)
        where T : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = OutreachCli.DevelopmentStorage,
            [variable.Replace("__", ":", StringComparison.Ordinal)] = value,
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddOutreach(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<T>>().Value;
    }

    /// <summary>The options as the CLI binds them from its environment.</summary>
    private static async Task<T> CliAsync<T>(string variable, string value)
        where T : class
    {
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [variable.Replace("__", ":", StringComparison.Ordinal)] = value })
            .Build();
        var environment = new CliEnvironment(TextWriter.Null, TextWriter.Null, settings, TimeProvider.System, Path.GetTempPath());
        await using var context = CliContext.From(environment, OutreachCli.DevelopmentStorage, null);
        return context.Options<T>();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
