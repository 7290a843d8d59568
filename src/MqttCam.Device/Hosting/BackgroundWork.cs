namespace MqttCam.Device.Hosting;

/// <summary>
/// The device's work that runs beside the message loop (captures, recordings, replies, announcements). Each piece
/// is tracked so stopping can cancel it and wait for it instead of leaving it running against disposed objects.
/// </summary>
public sealed class BackgroundWork : IDisposable
{
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _running = [];
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the device stops; pass it to work that could otherwise wait forever.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Pieces still running (a finished one counts as gone even before its removal continuation has run).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _running.Count(t => !t.IsCompleted);
            }
        }
    }

    /// <summary>Starts <paramref name="work"/> inline (its synchronous part runs now, in order) and tracks the rest.</summary>
    public void Run(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var task = work(_stopping.Token);
        if (task.IsCompleted)
        {
            return;
        }

        lock (_lock)
        {
            _running.Add(task);
        }

        task.ContinueWith(Forget, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Asks every piece of work to stop (through <see cref="Stopping"/>).</summary>
    public void Cancel() => _stopping.Cancel();

    /// <summary>Waits for the tracked work to end; false if some was still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time)
    {
        Task[] running;
        lock (_lock)
        {
            running = [.. _running];
        }

        // Each piece catches and logs its own errors; only the time limit matters here.
        await Task.WhenAll(running).WaitAsync(timeout, time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return running.All(t => t.IsCompleted);
    }

    public void Dispose() => _stopping.Dispose();

    private static void Forget(Task task, object? state)
    {
        var owner = (BackgroundWork)state!;
        lock (owner._lock)
        {
            owner._running.Remove(task);
        }
    }
}
