using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Outreach.Bench;

/// <summary>
/// A TCP relay on loopback that holds every chunk for a fixed one-way delay before passing it on, in order: Azurite
/// answers in a fraction of a millisecond, Table Storage from the same region in a few, and what a page pays for its
/// round trips in a row only shows with the distance put back.
/// </summary>
internal sealed class DelayingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private DelayingRelay(DnsEndPoint target, TimeSpan oneWay)
    {
        _listener.Start();
        _accepting = AcceptAsync(target, oneWay);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>A relay to <paramref name="target"/> adding <paramref name="oneWay"/> each way (twice that a round trip).</summary>
    public static DelayingRelay Start(DnsEndPoint target, TimeSpan oneWay) => new(target, oneWay);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync(DnsEndPoint target, TimeSpan oneWay)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(async () =>
            {
                using var near = client;
                using var far = new TcpClient { NoDelay = true };
                near.NoDelay = true;
                await far.ConnectAsync(target.Host, target.Port, _stop.Token);
                await Task.WhenAny(PumpAsync(near.GetStream(), far.GetStream(), oneWay), PumpAsync(far.GetStream(), near.GetStream(), oneWay));
            });
        }
    }

    /// <summary>Reads chunks as they come and writes each one delay after it was read, so the delay is added once, not per chunk.</summary>
    private async Task PumpAsync(Stream from, Stream to, TimeSpan delay)
    {
        var chunks = Channel.CreateUnbounded<(long Due, byte[] Bytes)>();
        var writing = Task.Run(async () =>
        {
            await foreach (var (due, bytes) in chunks.Reader.ReadAllAsync(_stop.Token))
            {
                var wait = TimeSpan.FromTicks(due - Environment.TickCount64 * TimeSpan.TicksPerMillisecond);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }
                await to.WriteAsync(bytes, _stop.Token);
            }
        });
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                chunks.Writer.TryWrite((Environment.TickCount64 * TimeSpan.TicksPerMillisecond + delay.Ticks, buffer[..read]));
            }
        }
        catch (IOException)
        {
        }
        chunks.Writer.TryComplete();
        await writing.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
