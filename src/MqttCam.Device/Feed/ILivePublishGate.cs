using MqttCam.Capture;

namespace MqttCam.Device.Feed;

/// <summary>
/// Decides, frame by frame, whether <see cref="ImagePublisher"/> sends a live frame to the retained image topic.
/// The seam for the demand-driven rate: the registered gate (<c>Demand/DemandPublishGate</c>) follows watch leases,
/// motion and the idle interval; the publisher itself knows nothing about them.
/// </summary>
public interface ILivePublishGate
{
    /// <summary>Called on the frame path for every frame; must be cheap and must not block.</summary>
    bool ShouldPublish(JpegFrame frame);
}
