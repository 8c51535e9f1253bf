using System.Globalization;
using System.Runtime.ExceptionServices;
using Azure;
using Azure.Identity;
using Outreach.Azure;
using Outreach.Azure.Reminders;
using Outreach.Azure.Sms;
using Outreach.Links;
using Outreach.Reminders;

namespace Outreach.Cli;

/// <summary>
/// The reminder service as the Functions app builds it, from the same settings read from the environment:
/// <c>Sms__ConnectionString</c> or <c>Sms__Endpoint</c> with <c>Sms__From</c> (else nothing is sent: rows are
/// kept in the outbox), <c>Sms__TemplateFolder</c> or <c>Sms__TemplatesContainer</c>, <c>Links__SigningKey</c> and <c>ReminderOptions__*</c>.
/// </summary>
internal static class ReminderSetup
{
    /// <summary>
    /// The templates with the deployment's overrides, as the Functions app loads them: a folder
    /// (<c>Sms__TemplateFolder</c>, read at each render) or a blob container of the storage account
    /// (<c>Sms__TemplatesContainer</c>, read and validated here, once).
    /// </summary>
    public static async Task<ScribanTemplateRenderer> RendererAsync(CliEnvironment environment, CliStorage storage, CancellationToken cancellationToken)
    {
        var folder = NonEmpty(environment.Variable("Sms__TemplateFolder"));
        if (NonEmpty(environment.Variable("Sms__TemplatesContainer")) is not { } container)
        {
            return new(folder);
        }
        if (folder is not null)
        {
            throw new BadInputException("Set Sms__TemplateFolder or Sms__TemplatesContainer, not both.");
        }
        var source = new BlobTemplateSource(storage.Blobs(environment).GetBlobContainerClient(container));
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
        return new(overrides: source);
    }

    /// <param name="culture">Overrides <c>ReminderOptions__Culture</c> (a preview's <c>--culture</c>).</param>
    public static ReminderService Create(CliEnvironment environment, CliStorage storage, TableStores stores, ITemplateRenderer templates, TimeProvider clock, string? culture = null)
    {
        var options = Options(environment);
        options.Culture = culture ?? options.Culture;
        return new(stores.Roster, stores.Visits, stores.Outbox, templates, Links(environment, storage, options), Sender(environment), options, clock);
    }

    /// <summary>The dispatch and escalation notices, written to the outbox as the Functions app writes them.</summary>
    public static ProblemNotices Notices(CliEnvironment environment, CliStorage storage, TableStores stores, ITemplateRenderer templates, TimeProvider clock)
    {
        var options = Options(environment);
        return new(stores.Roster, stores.Outbox, templates, Links(environment, storage, options), options, clock);
    }

    /// <summary>True when messages will actually leave the machine.</summary>
    public static bool HasGateway(CliEnvironment environment) =>
        (NonEmpty(environment.Variable("Sms__ConnectionString")) ?? NonEmpty(environment.Variable("Sms__Endpoint"))) is not null
        && NonEmpty(environment.Variable("Sms__From")) is not null;

    // The client dates its signatures by the real clock, never --now: ACS refuses a request signed hours off.
    private static ISmsSender? Sender(CliEnvironment environment)
    {
        if (!HasGateway(environment))
        {
            return null;
        }
        var from = environment.Variable("Sms__From")!;
        if (NonEmpty(environment.Variable("Sms__ConnectionString")) is { } connection)
        {
            try
            {
                return new AcsSmsClient(connection, from);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                // Never echo the connection string: it holds the access key.
                throw new BadInputException("Sms__ConnectionString is not endpoint=https://…;accesskey=….");
            }
        }
        var endpoint = environment.Variable("Sms__Endpoint")!;
        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? new AcsSmsClient(uri, new DefaultAzureCredential(), from)
            : throw new BadInputException($"Sms__Endpoint '{endpoint}' is not an absolute URI, e.g. https://<resource>.communication.azure.com.");
    }

    // Links must verify in the Functions app that serves them: signed with its key, or with the development key when
    // both they and the storage are on this machine (the app `npm start` runs). A random key would send links that
    // never open, and links to localhost written to a real outbox would reach real phones and never open either.
    private static LinkTokens Links(CliEnvironment environment, CliStorage storage, ReminderOptions options)
    {
        var key = NonEmpty(environment.Variable("Links__SigningKey"));
        var local = LinkKeys.IsLoopback(options.LinkBaseUrl);
        if (local && !storage.IsLocal)
        {
            throw new BadInputException($"ReminderOptions__LinkBaseUrl is {options.LinkBaseUrl}, on this machine, but the storage is {storage.Endpoint}: its messages reach real phones. "
                + "Set ReminderOptions__LinkBaseUrl to the app's address (azd env get-value LINK_BASE_URL) and Links__SigningKey to its key.");
        }
        if (LinkKeys.Create(key, [], allowDevelopmentKey: local) is { } tokens)
        {
            return tokens;
        }
        throw new BadInputException(key is null
            ? $"Links__SigningKey is not set, so links to {options.LinkBaseUrl} would not open: set it to the Functions app's key (in Azure, the Key Vault secret LINKS_SIGNING_KEY_SECRET_NAME names)."
            : "Links__SigningKey must be base64 of at least 32 bytes (openssl rand -base64 32), and not the public development key.");
    }

    private static ReminderOptions Options(CliEnvironment environment)
    {
        var options = new ReminderOptions();
        options.MaxSegments = environment.IntSetting(nameof(ReminderOptions), nameof(options.MaxSegments), options.MaxSegments, 1, 10);
        options.MessagesPerMinute = environment.IntSetting(nameof(ReminderOptions), nameof(options.MessagesPerMinute), options.MessagesPerMinute, 1, 10000);
        options.MaxAttempts = environment.IntSetting(nameof(ReminderOptions), nameof(options.MaxAttempts), options.MaxAttempts, 1, 20);
        options.RetryBaseMinutes = environment.IntSetting(nameof(ReminderOptions), nameof(options.RetryBaseMinutes), options.RetryBaseMinutes, 1, 240);
        options.OverdueLookbackDays = environment.IntSetting(nameof(ReminderOptions), nameof(options.OverdueLookbackDays), options.OverdueLookbackDays, 1, 90);
        options.DrainBudgetMinutes = environment.IntSetting(nameof(ReminderOptions), nameof(options.DrainBudgetMinutes), options.DrainBudgetMinutes, 1, 30);
        options.RetentionDays = environment.IntSetting(nameof(ReminderOptions), nameof(options.RetentionDays), options.RetentionDays, 1, 3650);
        options.MorningReminder = string.Equals(environment.Variable($"{nameof(ReminderOptions)}__{nameof(options.MorningReminder)}"), "true", StringComparison.OrdinalIgnoreCase);
        options.Culture = NonEmpty(environment.Variable($"{nameof(ReminderOptions)}__{nameof(options.Culture)}")) ?? options.Culture;
        options.LinkBaseUrl = NonEmpty(environment.Variable($"{nameof(ReminderOptions)}__{nameof(options.LinkBaseUrl)}")) ?? options.LinkBaseUrl;
        if (ReminderOptions.LinkBaseProblem(options.LinkBaseUrl) is { } problem)
        {
            throw new BadInputException($"{nameof(ReminderOptions)}__{nameof(options.LinkBaseUrl)} {problem}");
        }
        if (HasGateway(environment) && LinkKeys.IsLoopback(options.LinkBaseUrl))
        {
            throw new BadInputException(LoopbackWithGateway);
        }
        if (options.Culture is not ("zh-CN" or "en-US"))
        {
            throw new BadInputException($"{nameof(ReminderOptions)}__Culture '{options.Culture}' must be zh-CN or en-US.");
        }
        return options;
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private const string LoopbackWithGateway =
        "ReminderOptions__LinkBaseUrl points at this machine, but an SMS gateway is set: the messages would reach real phones with links that never open. Set it to the app's address.";
}
