using System.Threading.Channels;

namespace MqttCam.Bridge.Cameras;

/// <summary>
/// One client's view of a camera: a channel holding at most one frame (the newest), so a slow client skips frames
/// instead of growing a queue. Dispose removes it from the camera.
/// </summary>
public sealed class FrameSubscription : IDisposable
{
    private static readonly BoundedChannelOptions s_options = new(1)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    };

    private readonly Channel<Frame> _channel = Channel.CreateBounded<Frame>(s_options);
    private readonly Action<FrameSubscription> _unsubscribe;
    private int _disposed;

    internal FrameSubscription(Action<FrameSubscription> unsubscribe)
    {
        _unsubscribe = unsubscribe;
    }

    public ChannelReader<Frame> Frames => _channel.Reader;

    /// <summary>Never waits: the MQTT dispatch must not be held up by any client.</summary>
    internal void Offer(Frame frame) => _channel.Writer.TryWrite(frame);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe(this);
            _channel.Writer.TryComplete();
        }
    }
}
