using System.CommandLine;
using System.Runtime.ExceptionServices;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Adapters;
using Outreach.Adapters.Reminders;
using Outreach.Calendar;
using Outreach.Import;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Reports;

namespace Outreach.Cli;

/// <summary>
/// One command's services: the Functions app's composition (<see cref="OutreachServiceCollectionExtensions.AddOutreach"/>)
/// on the environment's settings, with the CLI's storage (<c>--storage</c>) and clock (<c>--now</c>) in place of the app's.
/// A setting the app honours, the CLI honours, with the same limits and the same messages.
/// </summary>
internal sealed class CliContext(CliEnvironment environment, ServiceProvider services, CliStorage storage, TimeProvider clock) : IAsyncDisposable
{
    private bool _templatesLoaded;

    public CliEnvironment Environment { get; } = environment;
    public TimeProvider Clock { get; } = clock;
    public DateOnly Today => ChinaTime.Today(Clock);

    /// <summary>The account the command works on.</summary>
    public CliStorage Storage { get; } = storage;

    public PlanningService Planning => Get<PlanningService>();
    public RosterImportService Import => Get<RosterImportService>();
    public VisitQueryService Visits => Get<VisitQueryService>();
    public OutcomeService Outcomes => Get<OutcomeService>();
    public IVisitStore VisitStore => Get<IVisitStore>();
    public Roster.IRosterStore Roster => Get<Roster.IRosterStore>();
    public ReportService Reports => Get<ReportService>();
    public IOutboxStore Outbox => Get<IOutboxStore>();
    public Points.PointsService Points => Get<Points.PointsService>();

    /// <summary>The poison queues of <c>plan-units</c> and <c>sms-inbound</c> (the app's <c>SmsInboundQueue</c>).</summary>
    public Adapters.Queues.PoisonQueues Poison => Storage is { IsKeyless: true, TableServiceUri: { } uri } && CliStorage.ServiceUri(uri, "queue") is null
        ? throw new BadInputException($"{CliStorage.Option} '{Storage.Endpoint}' does not say where the account's queues are (its host has no '.table.'): give {CliStorage.Forms}.")
        : Get<Adapters.Queues.PoisonQueues>();

    /// <summary>Problem steps, writing dispatch and escalation notices with the deployment's templates.</summary>
    public async Task<ProblemService> ProblemsAsync(CancellationToken cancellationToken)
    {
        await TemplatesAsync(cancellationToken);
        return Get<ProblemService>();
    }

    /// <summary>The reminder service, with the deployment's templates, link keys and sender.</summary>
    public async Task<ReminderService> RemindersAsync(CancellationToken cancellationToken)
    {
        await TemplatesAsync(cancellationToken);
        return Get<ReminderService>();
    }

    /// <summary>
    /// The SMS templates with the deployment's overrides: a folder (<c>Sms__TemplateFolder</c>, read at each render) or a
    /// blob container of the storage account (<c>Sms__TemplatesContainer</c>), read and checked here, once: the Functions
    /// app does the same while it starts.
    /// </summary>
    public async Task<ITemplateRenderer> TemplatesAsync(CancellationToken cancellationToken)
    {
        var renderer = Get<ITemplateRenderer>();
        if (!_templatesLoaded && services.GetService<BlobTemplateSource>() is { } source)
        {
            try
            {
                await source.LoadAsync(cancellationToken);
            }
            catch (InvalidOperationException e) when (e.InnerException is RequestFailedException { Status: not 404 } failed)
            {
                // Not a wrong setting but storage refusing or unreachable: exit 2, with the sign-in hint for a keyless account.
                ExceptionDispatchInfo.Throw(failed);
            }
            catch (Exception e) when (e is InvalidOperationException or TemplateException)
            {
                throw new BadInputException(e.Message);
            }
        }
        _templatesLoaded = true;
        return renderer;
    }

    /// <summary>
    /// The deployment's approved SMS templates when it sends them (<c>Sms__Provider=tencent</c>), read and checked as the app
    /// reads them (a file, or a blob loaded with the overrides); null when messages carry links.
    /// </summary>
    public async Task<IApprovedTemplates?> ApprovedTemplatesAsync(CancellationToken cancellationToken)
    {
        await TemplatesAsync(cancellationToken);
        return Options<SmsOptions>().IsTencent ? Get<IApprovedTemplates>() : null;
    }

    /// <summary>What the links in SMS open and do, as the pages use it (the demo acts as a requester through it).</summary>
    public Links.LinkService LinkPages => Get<Links.LinkService>();

    /// <summary>Request links (企业下单、居民点单) and the requests placed through them.</summary>
    public Requests.RequestService Requests => Get<Requests.RequestService>();

    /// <summary>The codes that stand for links in approved templates.</summary>
    public Links.LinkCodeService Codes => Get<Links.LinkCodeService>();

    public static CliContext From(CliEnvironment environment, ParseResult parsed) =>
        From(environment, parsed.GetValue(OutreachCli.Storage), parsed.GetValue(OutreachCli.Now));

    /// <param name="storageOption">--storage, else <c>OUTREACH_STORAGE</c>, else the emulator on this machine.</param>
    /// <param name="nowOption">--now, else <c>OUTREACH_NOW</c>, else the environment's clock.</param>
    public static CliContext From(CliEnvironment environment, string? storageOption, string? nowOption)
    {
        var storage = CliStorage.Parse(storageOption
            ?? environment.Variable(OutreachCli.StorageVariable)
            ?? OutreachCli.DevelopmentStorage);
        var clock = ClockFor(environment, nowOption ?? environment.Variable(OutreachCli.NowVariable));
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(environment.Settings)
            .AddInMemoryCollection(storage.Settings(environment, environment.Variable(OutreachCli.TablePrefixVariable)))
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(clock)
            // Request signatures go by the wall clock, never --now: ACS refuses a request signed hours off.
            .AddKeyedSingleton(OutreachServiceCollectionExtensions.WallClock, environment.Clock);
        if (environment.Credential is { } credential)
        {
            services.AddSingleton(credential);
        }
        if (environment.StorageTransport is { } transport)
        {
            services.AddSingleton(transport);
        }
        try
        {
            services.AddOutreach(configuration);
        }
        catch (ArgumentException e) when (e.ParamName == "TablePrefix")
        {
            throw new BadInputException($"{OutreachCli.TablePrefixVariable}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
        return new CliContext(environment, services.BuildServiceProvider(), storage, clock);
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();

    private static TimeProvider ClockFor(CliEnvironment environment, string? now)
    {
        if (string.IsNullOrWhiteSpace(now))
        {
            return environment.Clock;
        }
        if (!FixedClock.TryParse(now, out var moment))
        {
            throw new BadInputException($"--now '{now}' is not a date-time: use YYYY-MM-DD, YYYY-MM-DDTHH:MM (China time) or add an offset, e.g. 2026-12-01T09:00+08:00.");
        }
        return moment.Year is < 2000 or > 2100
            ? throw new BadInputException($"--now '{now}' is outside the years 2000 to 2100.")
            : new FixedClock(moment);
    }

    /// <summary>The options the composition binds (tests compare them with the Functions app's).</summary>
    internal T Options<T>()
        where T : class
    {
        try
        {
            return services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException e)
        {
            throw new BadInputException(string.Join(" ", e.Failures));
        }
    }

    /// <summary>A service of the composition; a setting out of its limits is bad input, named as the app names it.</summary>
    private T Get<T>()
        where T : notnull
    {
        try
        {
            return services.GetRequiredService<T>();
        }
        catch (OptionsValidationException e)
        {
            throw new BadInputException(string.Join(" ", e.Failures));
        }
        catch (ArgumentException e) when (e.ParamName == "connectionString")
        {
            throw new BadInputException($"{CliStorage.Option}: {e.Message.Split(" (Parameter", 2)[0]} Give {CliStorage.Forms}.");
        }
    }

    /// <summary>A day option (<see cref="Input.QueryValues.Day"/>, as the API reads its query); bad input naming the option.</summary>
    public static DateOnly? ParseDate(string? text, string option)
    {
        var errors = new List<FieldError>();
        var day = Input.QueryValues.Day(text, option, errors);
        return errors.Count > 0 ? throw new BadInputException(errors[0].Message) : day;
    }
}
