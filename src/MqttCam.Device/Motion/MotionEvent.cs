namespace MqttCam.Device.Motion;

public enum MotionEventState
{
    Start,
    End,
}

/// <summary>
/// A motion start or end, the content of the <c>event</c> topic. A start carries the figures of the frame that
/// started it; an end carries the peak <see cref="Score"/> and <see cref="AreaPercent"/> of the whole motion.
/// </summary>
/// <param name="State">Start or end.</param>
/// <param name="Score">0..1, see <see cref="MotionFrameResult.Score"/>.</param>
/// <param name="AreaPercent">Changed share of the motion ROI, in percent.</param>
/// <param name="Sequence">The frame sequence at which it happened (for an end by hold without frames, the last analysed frame).</param>
/// <param name="At">When it happened, on the detector's clock.</param>
public readonly record struct MotionEvent(MotionEventState State, double Score, double AreaPercent, long Sequence, DateTimeOffset At);
