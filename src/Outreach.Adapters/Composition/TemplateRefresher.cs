using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Adapters.Reminders;

namespace Outreach.Adapters;

/// <summary>
/// Loads the blob template overrides while the host is starting, before any hosted service (the worker's own
/// included) starts, so no function renders with half-loaded templates and a broken override stops the app at start;
/// then checks the container every <c>Sms:TemplatesRefreshMinutes</c> on the injected clock.
/// </summary>
internal sealed class TemplateRefresher(BlobTemplateSource templates, IOptions<SmsOptions> options, TimeProvider clock, ILogger<TemplateRefresher> logger)
    : BackgroundService, IHostedLifecycleService
{
    private PeriodicTimer? _timer;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await templates.LoadAsync(cancellationToken);
        // Started here rather than in ExecuteAsync, which .NET 10 runs on the thread pool: the first check is due a
        // full period after the load, whenever the background loop gets going.
        _timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.TemplatesRefreshMinutes), clock);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("StartingAsync did not run.");
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await templates.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed check must not stop the host (a faulted BackgroundService does): the next tick tries again.
                logger.LogError(e, "Checking SMS templates container {Container} failed", templates.ContainerName);
            }
        }
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }
}
