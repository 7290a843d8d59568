using MqttCam.Capture;

namespace MqttCam.Device.Feed;

/// <summary>
/// Decides, frame by frame, whether <see cref="ImagePublisher"/> sends a live frame to the retained image topic.
/// The seam for a demand-driven rate (watch leases, motion, idle interval): replace the registration of
/// <see cref="StreamingPublishGate"/> with a gate that also counts watchers; the publisher stays as it is.
/// </summary>
public interface ILivePublishGate
{
    /// <summary>Called on the pump for every frame; must be cheap and must not block.</summary>
    bool ShouldPublish(JpegFrame frame);
}
