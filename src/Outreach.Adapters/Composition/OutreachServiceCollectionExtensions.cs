using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Import;
using Outreach.Links;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Queues;
using Outreach.Reminders;
using Outreach.Reports;
using Outreach.Requests;
using Outreach.Roster;

namespace Outreach.Adapters;

/// <summary>
/// The one composition of Outreach, for every host: the Functions app (<c>Program.cs</c>) and the coordinator CLI both
/// call <see cref="AddOutreach"/> with their configuration, so a setting one honours the other honours too, with the
/// same limits (on the options classes) and the same checks.
/// </summary>
public static class OutreachServiceCollectionExtensions
{
    /// <summary>The key of a clock that must be the wall clock whatever <see cref="TimeProvider"/> is (request signatures).</summary>
    public const string WallClock = "wall-clock";

    /// <summary>
    /// Table Storage stores (<see cref="StorageServiceCollectionExtensions.AddTableStorage"/>), the application services on
    /// them, the link keys, the SMS templates, sender and notices. The real clock unless the host registered its own
    /// <see cref="TimeProvider"/> first (the CLI's <c>--now</c>, tests); a host may also register a
    /// <see cref="Azure.Core.TokenCredential"/> and an <see cref="Azure.Core.Pipeline.HttpPipelineTransport"/>
    /// for storage reached by URI. Options are validated when first read, and at start by hosts that validate on start.
    /// </summary>
    public static IServiceCollection AddOutreach(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(WallClock, TimeProvider.System);
        services.AddTableStorage(configuration);
        services.AddOptions<PlanningOptions>().BindConfiguration(nameof(PlanningOptions)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProblemOptions>().BindConfiguration(nameof(ProblemOptions)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RequestOptions>().BindConfiguration(nameof(RequestOptions)).ValidateDataAnnotations().ValidateOnStart();
        services.AddLinkKeys(configuration);
        services.AddSingleton(sp => new RosterImportService(sp.GetRequiredService<IRosterStore>(), sp.GetRequiredService<Outreach.Points.IPointsStore>()));
        services.AddSingleton<Outreach.Points.PointsService>();
        services.AddSingleton<OutcomeService>();
        services.AddSingleton<VisitQueryService>();
        services.AddSingleton<ReportService>();
        services.AddSingleton(sp => new ProblemService(
            sp.GetRequiredService<IProblemStore>(),
            sp.GetRequiredService<IRosterStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IProblemNotifier>(),
            sp.GetRequiredService<ILogger<ProblemService>>()));
        services.AddSingleton(sp => new EscalationService(
            sp.GetRequiredService<IProblemStore>(),
            sp.GetRequiredService<IVisitStore>(),
            sp.GetRequiredService<IRosterStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ProblemOptions>>().Value,
            sp.GetService<IProblemNotifier>(),
            sp.GetRequiredService<ILogger<EscalationService>>(),
            sp.GetRequiredService<IOptions<RequestOptions>>().Value));
        services.AddSingleton(sp => new PlanningService(
            sp.GetRequiredService<IRosterStore>(),
            sp.GetRequiredService<IVisitStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PlanningOptions>>().Value,
            sp.GetRequiredService<ILogger<PlanningService>>()));
        services.AddSms(configuration);
        services.AddQueues(configuration);
        services.AddSingleton<LinkCodeService>();
        services.AddSingleton(sp => new RequestService(
            sp.GetRequiredService<IRosterStore>(),
            sp.GetRequiredService<IProblemStore>(),
            sp.GetRequiredService<IRequestLinkStore>(),
            sp.GetRequiredService<ProblemService>(),
            sp.GetRequiredService<LinkTokens>(),
            sp.GetRequiredService<IOptions<ProblemOptions>>().Value,
            sp.GetRequiredService<IOptions<RequestOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new LinkService(
            sp.GetRequiredService<LinkTokens>(),
            sp.GetRequiredService<IRosterStore>(),
            sp.GetRequiredService<IVisitStore>(),
            sp.GetRequiredService<IProblemStore>(),
            sp.GetRequiredService<OutcomeService>(),
            sp.GetRequiredService<ProblemService>(),
            sp.GetRequiredService<IOptions<ProblemOptions>>().Value,
            sp.GetRequiredService<IOptions<ReminderOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RequestService>(),
            sp.GetRequiredService<Outreach.Points.PointsService>()));
        return services;
    }

    /// <summary>
    /// The work queues' failures (<see cref="QueueFailures"/>, kept by the queue functions) and their poison queues
    /// (<see cref="Queues.PoisonQueues"/>), named by the settings the triggers read. The queue service is reached the way
    /// the tables are, and only when first used.
    /// </summary>
    private static void AddQueues(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => new QueueFailures(
            sp.GetRequiredService<IQueueFailureStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<QueueFailures>>()));
        services.AddSingleton(sp => new Queues.PoisonQueues(
            StorageServiceCollectionExtensions.CreateQueueServiceClient(configuration, sp.GetRequiredService<Azure.Core.TokenCredential>(), sp.GetService<Azure.Core.Pipeline.HttpPipelineTransport>()),
            Queues.QueueNames.From(configuration),
            sp.GetRequiredService<IQueueFailureStore>(),
            sp.GetRequiredService<ILogger<Queues.PoisonQueues>>()));
    }

    /// <summary>
    /// The keys that sign and verify the links in SMS (<see cref="LinkOptions"/>). Without one, links that point at this
    /// machine while the storage is the emulator on this machine are signed with <see cref="LinkKeys.Development"/>:
    /// such links reach nobody, and the demo's open in the app <c>npm start</c> runs.
    /// </summary>
    private static void AddLinkKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LinkOptions>()
            .BindConfiguration("Links")
            .Validate(o => o.Tokens(Local(configuration)) is not null,
                "Links:SigningKey (Links__SigningKey) must be base64 of at least 32 random bytes (openssl rand -base64 32), and not the public development key: "
                + "only links to this machine, on the storage emulator, may go without one. In Azure it is the Key Vault secret LINKS_SIGNING_KEY_SECRET_NAME names.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LinkOptions>>().Value.Tokens(Local(configuration))!);
    }

    /// <summary>Whether links and storage are both on this machine: what is written reaches no real phone.</summary>
    internal static bool Local(IConfiguration configuration) =>
        LinkKeys.IsLoopback(LinkBase(configuration)) && StorageServiceCollectionExtensions.IsEmulator(configuration);

    /// <summary>
    /// <c>ReminderOptions:LinkBaseUrl</c> as configured, read raw: the checks of other options use it without depending on
    /// <see cref="ReminderOptions"/> being valid (its own validation says what is wrong with it).
    /// </summary>
    internal static string LinkBase(IConfiguration configuration) =>
        configuration[$"{nameof(ReminderOptions)}:{nameof(ReminderOptions.LinkBaseUrl)}"] ?? new ReminderOptions().LinkBaseUrl;
}
