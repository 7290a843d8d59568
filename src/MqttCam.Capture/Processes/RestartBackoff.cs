namespace MqttCam.Capture.Processes;

/// <summary>Exponential delay between camera restarts: a broken camera is retried forever without busy-looping.</summary>
internal sealed class RestartBackoff
{
    private readonly TimeSpan _minimum;
    private readonly TimeSpan _maximum;
    private TimeSpan _next;

    public RestartBackoff(TimeSpan minimum, TimeSpan maximum)
    {
        _minimum = minimum;
        _maximum = maximum;
        _next = minimum;
    }

    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_maximum.Ticks, delay.Ticks * 2));
        return delay;
    }

    public void Reset() => _next = _minimum;
}
