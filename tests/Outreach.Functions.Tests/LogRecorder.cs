using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Outreach.Functions.Tests;

/// <summary>Keeps every formatted log line of a container (<c>AddLogging(b =&gt; b.AddProvider(recorder))</c>) and can wait for one.</summary>
internal sealed class LogRecorder : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentBag<(string Prefix, TaskCompletionSource Seen)> _waiting = [];

    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>The lines logged at <see cref="LogLevel.Error"/> or above.</summary>
    public IReadOnlyList<string> Errors => _errors.ToArray();

    /// <summary>Completes when a line starting with <paramref name="prefix"/> is logged (lines already logged count).</summary>
    public Task WaitForAsync(string prefix)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Add((prefix, seen));
        if (_lines.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
        {
            seen.TrySetResult();
        }
        return seen.Task;
    }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = formatter(state, exception);
        _lines.Enqueue(line);
        if (logLevel >= LogLevel.Error)
        {
            _errors.Enqueue(line);
        }
        foreach (var (prefix, seen) in _waiting)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        }
    }

    public void Dispose()
    {
    }
}
