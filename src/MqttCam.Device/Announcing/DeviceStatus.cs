using System.Threading.Channels;

namespace MqttCam.Device.Announcing;

/// <summary>
/// What the owners report for the state topic (the last device error, the last capture) and the signal that asks
/// <see cref="StatePublisher"/> for an early publish. Requests coalesce: many in a burst give one publish.
/// </summary>
public sealed class DeviceStatus(TimeProvider time)
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _lock = new();
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastCaptureAt;

    public (string? Error, DateTimeOffset? At) LastError
    {
        get
        {
            lock (_lock)
            {
                return (_lastError, _lastErrorAt);
            }
        }
    }

    public DateTimeOffset? LastCaptureAt
    {
        get
        {
            lock (_lock)
            {
                return _lastCaptureAt;
            }
        }
    }

    internal ChannelReader<bool> Requests => _requests.Reader;

    public void RecordError(string message)
    {
        lock (_lock)
        {
            _lastError = message;
            _lastErrorAt = time.GetUtcNow();
        }

        RequestPublish();
    }

    public void RecordCapture(DateTimeOffset capturedAt)
    {
        lock (_lock)
        {
            _lastCaptureAt = capturedAt;
        }

        RequestPublish();
    }

    public void RequestPublish() => _requests.Writer.TryWrite(true);
}
