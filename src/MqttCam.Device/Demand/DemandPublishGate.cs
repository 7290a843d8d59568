using MqttCam.Capture;
using MqttCam.Device.Feed;

namespace MqttCam.Device.Demand;

/// <summary>Live frames go out when <see cref="CameraDemand"/> decided so for this frame (live rate, or an idle frame).</summary>
public sealed class DemandPublishGate(CameraDemand demand) : ILivePublishGate
{
    public bool ShouldPublish(JpegFrame frame) => demand.Current.PublishImage;
}
