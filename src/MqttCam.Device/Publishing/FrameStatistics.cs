namespace MqttCam.Device.Publishing;

/// <summary>
/// Counters behind the state topic. Written on the frame path only, read by the state publisher: plain
/// Interlocked/Volatile access is enough, no lock on the per-frame path.
/// </summary>
public sealed class FrameStatistics
{
    private readonly FpsMeter _sentRate;
    private long _captured;
    private long _sent;
    private long _bytesSent;
    private long _dropped;
    private long _lastFrameBytes;
    private long _lastFrameAtTicks;

    public FrameStatistics(TimeProvider timeProvider)
    {
        _sentRate = new FpsMeter(timeProvider, TimeSpan.FromSeconds(5));
    }

    public long FramesCaptured => Interlocked.Read(ref _captured);

    public long FramesSent => Interlocked.Read(ref _sent);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long FramesDropped => Interlocked.Read(ref _dropped);

    public long LastFrameBytes => Interlocked.Read(ref _lastFrameBytes);

    public DateTimeOffset? LastFrameAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastFrameAtTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public double Fps => _sentRate.Rate;

    public void OnCaptured(int bytes, DateTimeOffset capturedAt)
    {
        Interlocked.Increment(ref _captured);
        Interlocked.Exchange(ref _lastFrameBytes, bytes);
        Interlocked.Exchange(ref _lastFrameAtTicks, capturedAt.UtcTicks);
    }

    public void OnSent(int bytes)
    {
        Interlocked.Increment(ref _sent);
        Interlocked.Add(ref _bytesSent, bytes);
        _sentRate.Tick();
    }

    public void OnDropped() => Interlocked.Increment(ref _dropped);
}
