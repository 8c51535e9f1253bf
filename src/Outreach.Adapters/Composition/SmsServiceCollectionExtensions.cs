using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Adapters.Reminders;
using Outreach.Adapters.Sms;
using Outreach.Adapters.Sms.Tencent;
using Outreach.Links;
using Outreach.Planning;
using Outreach.Problems;
using Outreach.Reminders;
using Outreach.Roster;

namespace Outreach.Adapters;

/// <summary>The SMS half of <see cref="OutreachServiceCollectionExtensions.AddOutreach"/>.</summary>
internal static partial class SmsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the template renderer (with the blob overrides of <c>Sms:TemplatesContainer</c>, loaded before the app
    /// takes work and refreshed by <see cref="TemplateRefresher"/>), the sender <see cref="SmsOptions.Provider"/> names: ACS when
    /// <c>Sms:ConnectionString</c> or <c>Sms:Endpoint</c> is set with <c>Sms:From</c>, Tencent Cloud SMS when its credentials
    /// are set (otherwise none: reminders are kept in the outbox), <see cref="ReminderService"/>,
    /// <see cref="InboundSmsService"/> for replies, and <see cref="ProblemNotices"/> as the <see cref="IProblemNotifier"/> of the
    /// problem steps and the escalation timer. Every template is parsed and rendered against its sample at start,
    /// as are <see cref="ReminderOptions"/> and the gateway settings. With provider tencent, which sends only approved
    /// templates, the messages are those of <c>Sms:Tencent:Templates</c> (<see cref="ScribanApprovedTemplates"/>, a file
    /// checked at start, or a blob loaded and checked with the overrides) and carry codes instead of links.
    /// </summary>
    public static IServiceCollection AddSms(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SmsOptions>()
            .Bind(configuration.GetSection("Sms"))
            .Validate(o => string.IsNullOrWhiteSpace(o.Endpoint) || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Sms:Endpoint must be an absolute URI, e.g. https://<resource>.communication.azure.com.")
            .Validate(o => string.IsNullOrWhiteSpace(o.TemplateFolder) || Directory.Exists(o.TemplateFolder), "Sms:TemplateFolder names a folder that does not exist.")
            .Validate(o => NonEmpty(o.TemplateFolder) is null || NonEmpty(o.TemplatesContainer) is null, "Set Sms:TemplateFolder or Sms:TemplatesContainer, not both.")
            .Validate(o => NonEmpty(o.TemplatesContainer) is null || ContainerName().IsMatch(o.TemplatesContainer!), "Sms:TemplatesContainer must be a blob container name: 3 to 63 lower-case letters, digits and single hyphens, e.g. sms-templates.")
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.Provider) || o.IsTencent || string.Equals(o.Provider.Trim(), "acs", StringComparison.OrdinalIgnoreCase),
                "Sms:Provider (Sms__Provider) must be acs (Azure Communication Services, the default) or tencent (Tencent Cloud SMS, for mainland Chinese phones).")
            .Validate(o => !o.IsTencent || string.IsNullOrWhiteSpace(o.Tencent.SecretId) == string.IsNullOrWhiteSpace(o.Tencent.SecretKey),
                "Sms:Tencent:SecretId and Sms:Tencent:SecretKey (Sms__Tencent__SecretId, Sms__Tencent__SecretKey) go together: set both (in Azure the key as a Key Vault reference), or neither to keep messages in the outbox.")
            .Validate(o => !o.IsTencent || o.Tencent.SecretKey?.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) != true,
                "Sms:Tencent:SecretKey (Sms__Tencent__SecretKey) is a Key Vault reference that did not resolve: set the secret it names (TENCENT_SECRET_KEY_SECRET_NAME, docs/deploy.md) and restart the app; the app's identity reads it as Key Vault Secrets User.")
            .Validate(o => TencentValid(o, t => Uri.TryCreate(t.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"),
                $"Sms:Tencent:Endpoint (Sms__Tencent__Endpoint) must be an absolute URI; unset, it is {TencentSmsOptions.DefaultEndpoint}.")
            .Validate(o => TencentValid(o, t => !string.IsNullOrWhiteSpace(t.Region)),
                $"Sms:Tencent:Region (Sms__Tencent__Region) must name the API region: {TencentSmsOptions.DefaultRegion} (the default), ap-beijing or ap-nanjing.")
            .Validate(o => TencentValid(o, t => t.SdkAppId?.Trim() is { Length: > 0 } id && id.All(char.IsAsciiDigit)),
                "Sms:Tencent:SdkAppId (Sms__Tencent__SdkAppId) is required with the Tencent credentials: the SdkAppId of the application in the Tencent SMS console, digits such as 1400006666.")
            .Validate(o => TencentValid(o, t => !string.IsNullOrWhiteSpace(t.SignName) && !t.SignName.Contains('【', StringComparison.Ordinal) && !t.SignName.Contains('】', StringComparison.Ordinal)),
                "Sms:Tencent:SignName (Sms__Tencent__SignName) is required with the Tencent credentials: the approved signature (签名) as the Tencent SMS console lists it, without 【】, e.g. 腾讯云.")
            .Validate(o => !(o.ReachesPhones && LinkKeys.IsLoopback(OutreachServiceCollectionExtensions.LinkBase(configuration))),
                "ReminderOptions:LinkBaseUrl points at this machine, but an SMS gateway is set (Sms:From with Sms:ConnectionString or Sms:Endpoint, or Sms:Provider tencent with its credentials): the messages would reach real phones with links that never open. Set it to the app's address.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsOptions>, TemplateValidation>();
        services.AddSingleton<IValidateOptions<SmsOptions>, ApprovedTemplateValidation>();
        services.AddOptions<ReminderOptions>()
            .BindConfiguration(nameof(ReminderOptions))
            .ValidateDataAnnotations()
            .Validate(o => !LinkKeys.IsLoopback(o.LinkBaseUrl) || StorageServiceCollectionExtensions.IsEmulator(configuration),
                "ReminderOptions:LinkBaseUrl (ReminderOptions__LinkBaseUrl) points at this machine, but the storage is not the emulator on this machine: its messages reach real phones, "
                + "with links that would never open. Set it to the app's address (azd env get-value LINK_BASE_URL).")
            .ValidateOnStart();
        if (NonEmpty(configuration["Sms:TemplatesContainer"]) is { } container)
        {
            services.TryAddSingleton(sp => new BlobTemplateSource(
                StorageServiceCollectionExtensions.CreateBlobServiceClient(configuration, sp.GetRequiredService<TokenCredential>(), sp.GetService<Azure.Core.Pipeline.HttpPipelineTransport>())
                    .GetBlobContainerClient(container),
                sp.GetRequiredService<ILogger<BlobTemplateSource>>(),
                ApprovedTemplatesAt(sp.GetRequiredService<IOptions<SmsOptions>>().Value).Blob is { } blob
                    ? new ApprovedTemplateBlob(blob, sp.GetRequiredService<ScribanApprovedTemplates>())
                    : null));
            services.AddHostedService<TemplateRefresher>();
        }
        services.TryAddSingleton<ITemplateRenderer>(sp => new ScribanTemplateRenderer(
            NonEmpty(sp.GetRequiredService<IOptions<SmsOptions>>().Value.TemplateFolder), sp.GetService<BlobTemplateSource>()));
        services.TryAddSingleton(sp =>
        {
            var sms = sp.GetRequiredService<IOptions<SmsOptions>>().Value;
            var templates = new ScribanApprovedTemplates(sms.Tencent.MaxParamLength,
                CultureInfo.GetCultureInfo(sp.GetRequiredService<IOptions<ReminderOptions>>().Value.Culture));
            return ApprovedTemplatesAt(sms).File is { } file ? templates.LoadFile(file) : templates;
        });
        services.TryAddSingleton<IApprovedTemplates>(sp => sp.GetRequiredService<ScribanApprovedTemplates>());
        // The sender dates its signatures by the wall clock, never a host's chosen "now" (the CLI's --now): ACS and Tencent
        // refuse a request signed hours (Tencent: five minutes) off.
        services.TryAddSingleton(sp => CreateSender(sp.GetRequiredService<IOptions<SmsOptions>>().Value,
            sp.GetRequiredKeyedService<TimeProvider>(OutreachServiceCollectionExtensions.WallClock), sp.GetRequiredService<TokenCredential>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new ReminderService(
            sp.GetRequiredService<IRosterStore>(),
            sp.GetRequiredService<IVisitStore>(),
            sp.GetRequiredService<IOutboxStore>(),
            sp.GetRequiredService<ITemplateRenderer>(),
            sp.GetRequiredService<LinkTokens>(),
            sp.GetRequiredService<SmsGateway>().Sender,
            sp.GetRequiredService<IOptions<ReminderOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ReminderService>>(),
            Approved(sp)));
        // The department's notices and the requester's rating request, told of every step.
        services.AddSingleton<IProblemNotifier>(sp => new ProblemNotifierSet([sp.GetRequiredService<ProblemNotices>(), sp.GetRequiredService<RatingNotices>()]));
        services.AddSingleton(sp => new RatingNotices(
            sp.GetRequiredService<IRosterStore>(),
            sp.GetRequiredService<IOutboxStore>(),
            sp.GetRequiredService<ITemplateRenderer>(),
            sp.GetRequiredService<LinkTokens>(),
            sp.GetRequiredService<IOptions<ReminderOptions>>().Value,
            sp.GetRequiredService<IOptions<Outreach.Requests.RequestOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RatingNotices>>(),
            Approved(sp)));
        services.AddSingleton(sp => new ProblemNotices(
            sp.GetRequiredService<IRosterStore>(),
            sp.GetRequiredService<IOutboxStore>(),
            sp.GetRequiredService<ITemplateRenderer>(),
            sp.GetRequiredService<LinkTokens>(),
            sp.GetRequiredService<IOptions<ReminderOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ProblemNotices>>(),
            Approved(sp)));
        services.AddSingleton<InboundSmsService>();
        return services;
    }

    private static SmsGateway CreateSender(SmsOptions options, TimeProvider clock, TokenCredential credential, ILoggerFactory logging)
    {
        if (!options.HasGateway)
        {
            return new SmsGateway(null);
        }
        if (options.IsTencent)
        {
            return new SmsGateway(new TencentSmsClient(options.Tencent, new TencentSmsClientOptions { TimeProvider = clock },
                logging.CreateLogger<TencentSmsClient>()));
        }
        var logger = logging.CreateLogger<AcsSmsClient>();
        var client = new AcsSmsClientOptions { TimeProvider = clock };
        if (NonEmpty(options.ConnectionString) is { } connection)
        {
            return new SmsGateway(new AcsSmsClient(connection, options.From!, client, logger));
        }
        if (NonEmpty(options.Endpoint) is { } endpoint)
        {
            return new SmsGateway(new AcsSmsClient(new Uri(endpoint), credential, options.From!, client, logger));
        }
        return new SmsGateway(null);
    }

    /// <summary>Approved templates and codes when the gateway sends nothing else (provider tencent); null: messages carry links.</summary>
    private static ApprovedMessages? Approved(IServiceProvider services) =>
        services.GetRequiredService<IOptions<SmsOptions>>().Value.IsTencent
            ? new ApprovedMessages(services.GetRequiredService<IApprovedTemplates>(), services.GetRequiredService<LinkCodeService>())
            : null;

    /// <summary>
    /// Where provider tencent's approved templates are: a blob of <c>Sms:TemplatesContainer</c> when that is set and
    /// <c>Sms:Tencent:Templates</c> is a bare name (no <c>/</c> or <c>\</c>), else a file; neither for another provider.
    /// </summary>
    internal static (string? File, string? Blob) ApprovedTemplatesAt(SmsOptions options)
    {
        if (!options.IsTencent || NonEmpty(options.Tencent.Templates)?.Trim() is not { } templates)
        {
            return (null, null);
        }
        return NonEmpty(options.TemplatesContainer) is not null && templates.IndexOfAny(['/', '\\']) < 0 ? (null, templates) : (templates, null);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>A Tencent setting is checked only when Tencent sends: provider tencent and its credentials set.</summary>
    private static bool TencentValid(SmsOptions options, Func<TencentSmsOptions, bool> valid) =>
        !options.IsTencent || !options.Tencent.HasCredentials || valid(options.Tencent);

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContainerName();

    /// <summary>Renders every template against its sample, so a broken override stops the app at start, not at 18:00.</summary>
    private sealed class TemplateValidation : IValidateOptions<SmsOptions>
    {
        public ValidateOptionsResult Validate(string? name, SmsOptions options)
        {
            if (NonEmpty(options.TemplateFolder) is { } folder && !Directory.Exists(folder))
            {
                return ValidateOptionsResult.Skip;
            }
            try
            {
                new ScribanTemplateRenderer(NonEmpty(options.TemplateFolder)).ValidateAll();
                return ValidateOptionsResult.Success;
            }
            catch (TemplateException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}

/// <summary>
/// Checks provider tencent's approved templates at start: the setting is there, the limit is sane, and a file is there
/// and sound (a blob is checked when it is loaded, with the overrides).
/// </summary>
internal sealed class ApprovedTemplateValidation : IValidateOptions<SmsOptions>
{
    public const int MinParamLength = 4;
    public const int MaxParamLength = 500;

    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        if (!options.IsTencent)
        {
            return ValidateOptionsResult.Skip;
        }
        if (string.IsNullOrWhiteSpace(options.Tencent.Templates))
        {
            return ValidateOptionsResult.Fail("Sms:Tencent:Templates (Sms__Tencent__Templates) is required with Sms:Provider tencent, which sends only approved templates: "
                + "give the path of the approved templates file (kind,template_id,params,text; see samples/sms-templates.csv), or the name of a blob in Sms:TemplatesContainer.");
        }
        if (options.Tencent.MaxParamLength is < MinParamLength or > MaxParamLength)
        {
            return ValidateOptionsResult.Fail($"Sms:Tencent:MaxParamLength (Sms__Tencent__MaxParamLength) is {options.Tencent.MaxParamLength}: give the gateway's limit on one template variable, "
                + $"{MinParamLength} to {MaxParamLength} characters (default {ScribanApprovedTemplates.DefaultMaxParamLength}, the strictest common rule).");
        }
        if (SmsServiceCollectionExtensions.ApprovedTemplatesAt(options).File is not { } file)
        {
            return ValidateOptionsResult.Success;
        }
        if (!File.Exists(file))
        {
            return ValidateOptionsResult.Fail($"Sms:Tencent:Templates (Sms__Tencent__Templates) names '{file}', which is not a file: give the approved templates file's path"
                + (string.IsNullOrWhiteSpace(options.TemplatesContainer) ? ", or set Sms:TemplatesContainer and name a blob in it." : ", or a blob name without '/' in Sms:TemplatesContainer."));
        }
        try
        {
            ScribanApprovedTemplates.Parse(File.ReadAllText(file), file);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is TemplateException or IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}

/// <summary>The configured SMS sender, or none: then reminders are kept in the outbox.</summary>
public sealed record SmsGateway(ISmsSender? Sender);
