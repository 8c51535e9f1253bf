using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Pages;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Reports;
using Outreach.Roster;

namespace Outreach.Functions.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The core services on the stores registered by <c>AddTableStorage</c>, with the real clock unless a test
    /// registered its own <see cref="TimeProvider"/> first.
    /// </summary>
    public static IServiceCollection AddOutreachCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PlanningOptions>()
            .BindConfiguration(nameof(PlanningOptions))
            .Validate(o => o.HorizonDays is >= 1 and <= 366, "PlanningOptions:HorizonDays must be between 1 and 366.")
            .Validate(o => o.FrozenDays is >= 0 and <= 60, "PlanningOptions:FrozenDays must be between 0 and 60.")
            .Validate(o => o.HistoryDays is >= 30 and <= 1000, "PlanningOptions:HistoryDays must be between 30 and 1000.")
            .Validate(o => o.NotReachableLimit is >= 1 and <= 20, "PlanningOptions:NotReachableLimit must be between 1 and 20.")
            .ValidateOnStart();
        services.AddOptions<LinkOptions>()
            .BindConfiguration("Links")
            .Validate<IServiceProvider>((o, sp) => o.Tokens(sp) is not null,
                "Links:SigningKey must be base64 of at least 32 random bytes (openssl rand -base64 32), and not the public development key; only an app in its Development environment whose ReminderOptions:LinkBaseUrl is on this machine may go without one.")
            .Validate(o => o.PreviousKeys.All(LinkKeys.IsKey), "Every Links:PreviousKeys entry must be base64 of at least 32 bytes.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LinkOptions>>().Value.Tokens(sp)!);
        services.AddOptions<ProblemOptions>()
            .BindConfiguration(nameof(ProblemOptions))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<OutcomeService>();
        services.AddSingleton<ProblemService>();
        services.AddSingleton(sp => new EscalationService(
            sp.GetRequiredService<IProblemStore>(),
            sp.GetRequiredService<IVisitStore>(),
            sp.GetRequiredService<IRosterStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ProblemOptions>>().Value,
            sp.GetService<IProblemNotifier>(),
            sp.GetRequiredService<ILogger<EscalationService>>()));
        services.AddSingleton<VisitQueryService>();
        services.AddSingleton(sp => new LinkService(
            sp.GetRequiredService<LinkTokens>(),
            sp.GetRequiredService<IRosterStore>(),
            sp.GetRequiredService<IVisitStore>(),
            sp.GetRequiredService<IProblemStore>(),
            sp.GetRequiredService<OutcomeService>(),
            sp.GetRequiredService<ProblemService>(),
            sp.GetRequiredService<IOptions<ProblemOptions>>().Value,
            sp.GetRequiredService<IOptions<Outreach.Reminders.ReminderOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ReportService>();
        services.AddSingleton(sp => new PlanningService(
            sp.GetRequiredService<IRosterStore>(),
            sp.GetRequiredService<IVisitStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PlanningOptions>>().Value,
            sp.GetRequiredService<ILogger<PlanningService>>()));
        return services;
    }

    /// <summary>The pages behind the links in SMS (<c>/v/{token}</c>), on the core services.</summary>
    public static IServiceCollection AddLinkPages(this IServiceCollection services)
    {
        services.AddSingleton<PageRenderer>();
        services.AddSingleton(sp => new LinkPages(
            sp.GetRequiredService<LinkService>(),
            sp.GetRequiredService<PageRenderer>(),
            sp.GetRequiredService<IOptions<ProblemOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LinkPages>>()));
        return services;
    }
}
