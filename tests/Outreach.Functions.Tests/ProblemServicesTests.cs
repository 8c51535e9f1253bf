using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Azure;
using Outreach.Problems;

namespace Outreach.Functions.Tests;

/// <summary>The Functions app's container: the problem services resolve, and ProblemOptions are checked at start.</summary>
public class ProblemServicesTests
{
    [Fact]
    public void Problem_services_resolve_with_options_bound_from_their_section()
    {
        using var provider = Build(new() { ["ProblemOptions:TriageHours"] = "12" });

        Assert.NotNull(provider.GetRequiredService<ProblemService>());
        Assert.NotNull(provider.GetRequiredService<EscalationService>());
        Assert.Equal((12, 24), (provider.GetRequiredService<IOptions<ProblemOptions>>().Value.TriageHours, provider.GetRequiredService<IOptions<ProblemOptions>>().Value.AcceptHours));
    }

    [Fact]
    public void Out_of_range_problem_options_fail_validation_naming_the_setting()
    {
        using var provider = Build(new() { ["ProblemOptions:AcceptHours"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProblemOptions>>().Value);

        Assert.Contains("AcceptHours", error.Message);
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
