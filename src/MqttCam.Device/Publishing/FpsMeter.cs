namespace MqttCam.Device.Publishing;

/// <summary>Events per second over a sliding window, from <see cref="TimeProvider"/> timestamps (no wall clock).</summary>
public sealed class FpsMeter
{
    private const int Capacity = 256;

    private readonly TimeProvider _timeProvider;
    private readonly long _window;
    private readonly long[] _ticks = new long[Capacity];
    private readonly Lock _lock = new();
    private int _next;
    private int _count;
    private long _first;

    public FpsMeter(TimeProvider timeProvider, TimeSpan window)
    {
        _timeProvider = timeProvider;
        _window = (long)(window.TotalSeconds * timeProvider.TimestampFrequency);
    }

    public void Tick()
    {
        var now = _timeProvider.GetTimestamp();
        lock (_lock)
        {
            if (_count == 0)
            {
                _first = now;
            }

            _ticks[_next] = now;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    /// <summary>
    /// Events in the last window divided by the window (or by the time since the first event while the first window
    /// fills, but at least a second, so two quick events do not read as a huge rate). A stalled stream decays to 0.
    /// </summary>
    public double Rate
    {
        get
        {
            var now = _timeProvider.GetTimestamp();
            lock (_lock)
            {
                if (_count == 0)
                {
                    return 0;
                }

                var inWindow = 0;
                for (var i = 0; i < _count; i++)
                {
                    if (now - _ticks[(_next - 1 - i + Capacity) % Capacity] > _window)
                    {
                        break;
                    }

                    inWindow++;
                }

                var frequency = (double)_timeProvider.TimestampFrequency;
                var span = Math.Max(Math.Min(_window, now - _first) / frequency, 1.0);
                return Math.Round(inWindow / span, 2);
            }
        }
    }
}
