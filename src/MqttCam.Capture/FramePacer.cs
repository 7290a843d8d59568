namespace MqttCam.Capture;

/// <summary>
/// Lets frames through at no more than a given rate. A source that runs faster than asked (a copied stream, a
/// camera that ignores the requested rate) gets its surplus frames dropped, not queued: a live view wants the latest.
/// </summary>
public sealed class FramePacer(TimeProvider timeProvider)
{
    private long _nextDue;
    private bool _started;

    public bool TryTake(double fps)
    {
        var now = timeProvider.GetTimestamp();
        var period = (long)(timeProvider.TimestampFrequency / fps);

        // A frame up to a quarter period early is still on time: camera timing jitters around the nominal rate.
        if (_started && now < _nextDue - (period / 4))
        {
            return false;
        }

        // Keep a steady schedule, but never try to catch up after a gap (that would let a burst through).
        _nextDue = !_started || now - _nextDue > period ? now + period : _nextDue + period;
        _started = true;
        return true;
    }

    public void Reset() => _started = false;
}
