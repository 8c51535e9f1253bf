using System.CommandLine;
using System.Globalization;
using Outreach.Azure;
using Outreach.Azure.Reminders;
using Outreach.Calendar;
using Outreach.Import;
using Outreach.Outcomes;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Reports;

namespace Outreach.Cli;

/// <summary>Storage, clock and services for one command, resolved from options and environment.</summary>
internal sealed class CliContext(CliEnvironment environment, TableStores stores, CliStorage storage, TimeProvider clock)
{
    private ScribanTemplateRenderer? _templates;

    public CliEnvironment Environment { get; } = environment;
    public TimeProvider Clock { get; } = clock;
    public DateOnly Today => ChinaTime.Today(Clock);

    /// <summary>The account the command works on.</summary>
    public CliStorage Storage { get; } = storage;

    private TableStores Stores { get; } = stores;

    public PlanningService Planning => new(Stores.Roster, Stores.Visits, Clock, ReadPlanningOptions(Environment));
    public RosterImportService Import => new(Stores.Roster);
    public VisitQueryService Visits => new(Stores.Roster, Stores.Visits);
    public OutcomeService Outcomes => new(Stores.Visits, Clock);
    public IVisitStore VisitStore => Stores.Visits;
    public Roster.IRosterStore Roster => Stores.Roster;
    /// <summary>Problem steps, writing dispatch and escalation notices with the deployment's templates.</summary>
    public async Task<ProblemService> ProblemsAsync(CancellationToken cancellationToken) =>
        new(Stores.Problems, Stores.Roster, Clock, ReminderSetup.Notices(Environment, Storage, Stores, await TemplatesAsync(cancellationToken), Clock));

    public ReportService Reports => new(Stores.Roster, Stores.Visits, Stores.Problems, Clock);
    /// <summary>The reminder service, rendering in <paramref name="culture"/> (zh-CN or en-US) when given, for previews.</summary>
    public async Task<Reminders.ReminderService> RemindersAsync(CancellationToken cancellationToken, string? culture = null) =>
        ReminderSetup.Create(Environment, Storage, Stores, await TemplatesAsync(cancellationToken), Clock, culture);

    /// <summary>The SMS templates with the deployment's overrides (<c>Sms__TemplateFolder</c> or <c>Sms__TemplatesContainer</c>), read once.</summary>
    public async Task<ScribanTemplateRenderer> TemplatesAsync(CancellationToken cancellationToken) =>
        _templates ??= await ReminderSetup.RendererAsync(Environment, Storage, cancellationToken);
    public Reminders.IOutboxStore Outbox => Stores.Outbox;

    public static CliContext From(CliEnvironment environment, ParseResult parsed)
    {
        var storage = CliStorage.Parse(parsed.GetValue(OutreachCli.Storage)
            ?? environment.Variable(OutreachCli.StorageVariable)
            ?? OutreachCli.DevelopmentStorage);
        var nowText = parsed.GetValue(OutreachCli.Now) ?? environment.Variable(OutreachCli.NowVariable);
        TimeProvider clock = environment.Clock;
        if (!string.IsNullOrWhiteSpace(nowText))
        {
            if (!FixedClock.TryParse(nowText, out var now))
            {
                throw new BadInputException($"--now '{nowText}' is not a date-time: use YYYY-MM-DD, YYYY-MM-DDTHH:MM (China time) or add an offset, e.g. 2026-12-01T09:00+08:00.");
            }
            if (now.Year is < 2000 or > 2100)
            {
                throw new BadInputException($"--now '{nowText}' is outside the years 2000 to 2100.");
            }
            clock = new FixedClock(now);
        }
        var prefix = environment.Variable(OutreachCli.TablePrefixVariable) ?? "";
        try
        {
            return new CliContext(environment, storage.Tables(environment, prefix), storage, clock);
        }
        catch (ArgumentException e) when (e.ParamName == "TablePrefix")
        {
            throw new BadInputException($"{OutreachCli.TablePrefixVariable}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    /// <summary>The same <c>PlanningOptions__*</c> settings the Functions app reads, from the environment.</summary>
    private static PlanningOptions ReadPlanningOptions(CliEnvironment environment)
    {
        var options = new PlanningOptions();
        options.FrozenDays = environment.IntSetting(nameof(PlanningOptions), nameof(options.FrozenDays), options.FrozenDays, 0, 60);
        options.HistoryDays = environment.IntSetting(nameof(PlanningOptions), nameof(options.HistoryDays), options.HistoryDays, 30, 1000);
        options.NotReachableLimit = environment.IntSetting(nameof(PlanningOptions), nameof(options.NotReachableLimit), options.NotReachableLimit, 1, 20);
        return options;
    }

    public static DateOnly? ParseDate(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.Year is >= 2000 and <= 2100
                ? date
                : throw new BadInputException($"{option} '{text}' is outside the years 2000 to 2100.");
        }
        throw new BadInputException($"{option} '{text}' is not a date: use YYYY-MM-DD, e.g. 2026-12-01.");
    }
}
