namespace MqttCam.Capture.Processes;

/// <summary>
/// Cancels a camera run when no frame arrives in time: first within the startup timeout, then within the stall
/// timeout of the previous frame. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class StallWatchdog(TimeProvider timeProvider, TimeSpan startupTimeout, TimeSpan stallTimeout)
{
    private readonly long _startedAt = timeProvider.GetTimestamp();
    private long _lastFrameAt;

    public bool Stalled { get; private set; }

    public TimeSpan StalledAfter { get; private set; }

    public void FrameArrived() => Volatile.Write(ref _lastFrameAt, timeProvider.GetTimestamp());

    public async Task WatchAsync(CancellationTokenSource run)
    {
        try
        {
            while (!run.IsCancellationRequested)
            {
                var lastFrameAt = Volatile.Read(ref _lastFrameAt);
                var (since, limit) = lastFrameAt == 0 ? (_startedAt, startupTimeout) : (lastFrameAt, stallTimeout);
                var remaining = limit - timeProvider.GetElapsedTime(since);
                if (remaining <= TimeSpan.Zero)
                {
                    StalledAfter = limit;
                    Stalled = true;
                    await run.CancelAsync().ConfigureAwait(false);
                    return;
                }

                // Sleep until the deadline as it stands now; a frame in the meantime moves it and the loop re-checks.
                await Task.Delay(remaining, timeProvider, run.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended for another reason.
        }
    }
}
