namespace MqttCam.Device.Motion;

/// <summary>
/// Start and end of motion: it starts after <see cref="StartFrames"/> consecutive analysed frames over the minimum
/// area (one frame of compression noise or a flicker is not motion) and ends after motion_hold without any such frame.
/// Time comes from the injected clock, so an end also happens without frames (<see cref="CheckHold"/>).
/// </summary>
public sealed class MotionStateMachine(TimeProvider timeProvider)
{
    /// <summary>At 5 analysed frames per second, two frames put detection at 0.2-0.4 s after the object appears.</summary>
    public const int StartFrames = 2;

    private int _consecutive;
    private DateTimeOffset _lastTriggered;
    private double _peakScore;
    private double _peakArea;
    private long _lastSequence;

    public bool IsActive { get; private set; }

    /// <summary>Feeds one analysed frame; returns the start or end it causes.</summary>
    public MotionEvent? Observe(bool triggered, double score, double areaPercent, long sequence, TimeSpan hold)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        _lastSequence = sequence;
        if (!triggered)
        {
            _consecutive = 0;
            return CheckHold(hold);
        }

        _consecutive++;
        _lastTriggered = now;
        if (IsActive)
        {
            _peakScore = Math.Max(_peakScore, score);
            _peakArea = Math.Max(_peakArea, areaPercent);
            return null;
        }

        if (_consecutive < StartFrames)
        {
            return null;
        }

        IsActive = true;
        _peakScore = score;
        _peakArea = areaPercent;
        return new MotionEvent(MotionEventState.Start, score, areaPercent, sequence, now);
    }

    /// <summary>Ends an active motion once <paramref name="hold"/> has passed since the last triggering frame.</summary>
    public MotionEvent? CheckHold(TimeSpan hold)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        if (!IsActive || now - _lastTriggered < hold)
        {
            return null;
        }

        IsActive = false;
        _consecutive = 0;
        return new MotionEvent(MotionEventState.End, _peakScore, _peakArea, _lastSequence, now);
    }

    /// <summary>When an active motion ends unless another frame triggers first; null without motion.</summary>
    public DateTimeOffset? HoldEndsAt(TimeSpan hold) => IsActive ? _lastTriggered + hold : null;

    /// <summary>Forgets any motion (detection switched off); returns the end of an active one so ON is never left behind.</summary>
    public MotionEvent? Reset()
    {
        MotionEvent? end = IsActive ? new MotionEvent(MotionEventState.End, _peakScore, _peakArea, _lastSequence, timeProvider.GetUtcNow()) : null;
        IsActive = false;
        _consecutive = 0;
        return end;
    }
}
