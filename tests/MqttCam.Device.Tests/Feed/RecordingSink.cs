using MqttCam.Capture;
using MqttCam.Device.Feed;

namespace MqttCam.Device.Tests.Feed;

/// <summary>Remembers which frames it was handed, in order (the instances: their buffers are the feed's).</summary>
internal sealed class RecordingSink : IFrameSink
{
    private readonly Lock _gate = new();
    private readonly List<JpegFrame> _frames = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<JpegFrame> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    public void OnFrame(JpegFrame frame)
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _frames.Add(frame);
            arrived = _arrived;
            _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    /// <summary>Completes once the sink holds at least <paramref name="count"/> frames.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_frames.Count >= count)
                {
                    return;
                }

                arrived = _arrived.Task;
            }

            await arrived.WaitAsync(deadline.Token);
        }
    }
}
