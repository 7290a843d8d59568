namespace MqttCam.Device.Demand;

/// <summary>What to do with one captured frame.</summary>
/// <param name="PublishImage">Publish it on <c>image</c> (retained).</param>
/// <param name="PublishPreview">Also publish its small version on <c>preview</c> (an idle frame, or the preview refresh while live).</param>
/// <param name="Live">The camera is at its live rate now (the state's <c>live</c>).</param>
public readonly record struct FrameDecision(bool PublishImage, bool PublishPreview, bool Live)
{
    public static FrameDecision Skip(bool live) => new(false, false, live);
}
