using MqttCam.Capture;
using MqttCam.Device.Configuration;

namespace MqttCam.Device.Feed;

/// <summary>
/// The frame sink behind <c>capture</c> and the timelapse: whoever waits gets a copy of the next live frame, or a
/// <see cref="TimeoutException"/> after <c>Device:CaptureTimeoutSeconds</c>.
/// </summary>
public sealed class StillWaiters(DeviceConfiguration configuration, TimeProvider time) : IFrameSink
{
    private readonly Lock _lock = new();
    private readonly List<TaskCompletionSource<CapturedStill>> _waiters = [];

    public TimeSpan Timeout { get; } = TimeSpan.FromSeconds(configuration.Device.CaptureTimeoutSeconds);

    public void OnFrame(JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        TaskCompletionSource<CapturedStill>[] waiters;
        lock (_lock)
        {
            if (_waiters.Count == 0)
            {
                return;
            }

            waiters = [.. _waiters];
            _waiters.Clear();
        }

        // One copy for every pending capture: the live buffer goes back to the pool when the next frame arrives.
        var still = new CapturedStill(frame.ToArray(), frame.Sequence, frame.CapturedAt, frame.Width, frame.Height);
        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(still);
        }
    }

    /// <exception cref="TimeoutException">No frame arrived within <see cref="Timeout"/>.</exception>
    public async Task<CapturedStill> NextAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<CapturedStill>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Task.WaitAsync(Timeout, time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _waiters.Remove(waiter);
            }
        }
    }
}
