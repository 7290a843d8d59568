namespace MqttCam.Device.Motion;

/// <summary>The analysis of one frame.</summary>
/// <param name="Score">0..1: how different the changed pixels are from the background (mean of |difference| / 64, capped at 1); 0 when nothing changed.</param>
/// <param name="AreaPercent">Changed share of the motion ROI, in percent.</param>
/// <param name="Active">Motion is active after this frame (the state's <c>motion</c>).</param>
/// <param name="Event">The start or end this frame caused, if any.</param>
public readonly record struct MotionFrameResult(double Score, double AreaPercent, bool Active, MotionEvent? Event);
