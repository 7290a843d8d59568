using Microsoft.Extensions.Logging;

namespace MqttCam.Capture.Tests.Support;

/// <summary>Keeps every log entry and lets a test await one that matches (a signal, not a sleep).</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly List<LogEntry> _entries = [];
    private readonly List<(Func<LogEntry, bool> Match, int Count, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public ILoggerFactory CreateFactory() => LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public int Count(string eventName) => Entries.Count(e => e.EventName == eventName);

    /// <summary>Completes once <paramref name="count"/> entries named <paramref name="eventName"/> have been logged.</summary>
    public Task WaitForAsync(string eventName, int count = 1) => WaitForAsync(e => e.EventName == eventName, count);

    public Task WaitForAsync(Func<LogEntry, bool> match, int count = 1)
    {
        lock (_gate)
        {
            if (_entries.Count(match) >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, count, done));
            return done.Task;
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
            foreach (var waiter in _waiters.Where(w => _entries.Count(w.Match) >= w.Count).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    public sealed record LogEntry(string Category, LogLevel Level, string? EventName, string Message, Exception? Exception);

    private sealed class Logger(CollectingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new LogEntry(category, logLevel, eventId.Name, formatter(state, exception), exception));
    }
}
