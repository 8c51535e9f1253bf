using System.Collections.Frozen;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Reminders;

namespace Outreach.Adapters.Reminders;

/// <summary>
/// SMS templates overridden per deployment by blobs named like the embedded files
/// (<c>evening-digest.zh-CN.scriban</c>) in one container. Renders are synchronous and must not block on I/O, so the
/// blobs are read ahead: <see cref="LoadAsync"/> at start, where a broken or misnamed template is an error, and
/// <see cref="RefreshAsync"/> now and then, which downloads only blobs whose ETag changed and keeps the templates in
/// use when the new ones are broken.
/// </summary>
public sealed class BlobTemplateSource(BlobContainerClient container, ILogger<BlobTemplateSource>? logger = null) : ITemplateOverrides
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private volatile Snapshot _current = Snapshot.Empty;

    public string ContainerName => container.Name;

    public TemplateOverride? Find(string fileName) => _current.Templates.GetValueOrDefault(fileName)?.Template;

    /// <summary>Reads every override and renders every template against its sample.</summary>
    /// <exception cref="TemplateException">A template does not parse or render, or a blob is not named after one; each is listed by blob name (and line).</exception>
    /// <exception cref="InvalidOperationException">The container does not exist or cannot be read.</exception>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        Snapshot next;
        try
        {
            next = await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException)
        {
            throw new InvalidOperationException(
                $"Cannot read the SMS templates container '{container.Name}' at {container.Uri}: {Reason(e)}. "
                + "Create the container (it may be empty) or unset Sms:TemplatesContainer (Sms__TemplatesContainer).", e);
        }
        Validate(next);
        _current = next;
        _logger.LogInformation("Loaded {Count} SMS template overrides from container {Container}", next.Templates.Count, container.Name);
    }

    /// <summary>
    /// Picks up added, changed and removed blobs. True when the templates in use changed; false when nothing changed,
    /// the container could not be read, or the new set is broken (logged; the templates in use stay).
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        Snapshot next;
        try
        {
            next = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (next.SameAs(_current))
            {
                return false;
            }
            Validate(next);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or TemplateException)
        {
            _logger.LogError("SMS templates in container {Container} not reloaded, the ones in use stay: {Reason}", container.Name, Reason(e));
            return false;
        }
        _current = next;
        _logger.LogInformation("Reloaded SMS templates from container {Container}: {Count} overrides", container.Name, next.Templates.Count);
        return true;
    }

    private async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        var templates = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var misnamed = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!blob.Name.EndsWith(".scriban", StringComparison.Ordinal))
            {
                continue;
            }
            if (!ScribanTemplateRenderer.FileNames.Contains(blob.Name))
            {
                misnamed.Add($"{Origin(blob.Name)}: not a template name; use one of the embedded names, e.g. evening-digest.zh-CN.scriban.");
                continue;
            }
            var etag = blob.Properties.ETag?.ToString() ?? "";
            if (current.Templates.TryGetValue(blob.Name, out var known) && known.ETag == etag)
            {
                templates[blob.Name] = known;
                continue;
            }
            var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            // The ETag of the content read, not of the listing: a blob replaced in between is read again next time.
            templates[blob.Name] = new Entry(new TemplateOverride(content.Value.Content.ToString(), Origin(blob.Name)), content.Value.Details.ETag.ToString());
        }
        if (misnamed.Count > 0)
        {
            throw new TemplateException("SMS templates are broken:\n" + string.Join('\n', misnamed), misnamed);
        }
        return new Snapshot(templates.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static void Validate(Snapshot snapshot) => new ScribanTemplateRenderer(overrides: new Fixed(snapshot)).ValidateAll();

    private string Origin(string blobName) => $"{container.Name}/{blobName}";

    private static string Reason(Exception e) => e switch
    {
        RequestFailedException { Status: 404 } => "the container does not exist",
        RequestFailedException failed => $"{failed.Status} {failed.ErrorCode}",
        AggregateException aggregate => aggregate.InnerExceptions.LastOrDefault()?.Message ?? aggregate.Message,
        _ => e.Message,
    };

    private sealed record Entry(TemplateOverride Template, string ETag);

    private sealed record Snapshot(FrozenDictionary<string, Entry> Templates)
    {
        public static Snapshot Empty { get; } = new(FrozenDictionary<string, Entry>.Empty);

        public bool SameAs(Snapshot other) =>
            Templates.Count == other.Templates.Count
            && Templates.All(t => other.Templates.TryGetValue(t.Key, out var o) && o.ETag == t.Value.ETag);
    }

    private sealed class Fixed(Snapshot snapshot) : ITemplateOverrides
    {
        public TemplateOverride? Find(string fileName) => snapshot.Templates.GetValueOrDefault(fileName)?.Template;
    }
}
