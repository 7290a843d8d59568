using MqttCam.Capture;
using MqttCam.Device.Settings;

namespace MqttCam.Device.Feed;

/// <summary>The default gate: every frame goes out while the <c>streaming</c> setting is on, none while it is off.</summary>
public sealed class StreamingPublishGate(CurrentSettings settings) : ILivePublishGate
{
    public bool ShouldPublish(JpegFrame frame) => settings.Value.Streaming;
}
