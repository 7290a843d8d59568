using MqttCam.Capture;
using MqttCam.Device.Publishing;
using MqttCam.Device.Settings;
using MqttCam.Mqtt;
using MqttCam.Topics;

namespace MqttCam.Device.Feed;

/// <summary>
/// The frame sink that publishes live frames, retained, to <c>&lt;prefix&gt;/&lt;id&gt;/image</c> whenever the
/// <see cref="ILivePublishGate"/> lets a frame through.
/// </summary>
public sealed class ImagePublisher(MqttClient client, CameraTopics topics, ILivePublishGate gate, CurrentSettings settings, FrameStatistics statistics) : IFrameSink
{
    public void OnFrame(JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!gate.ShouldPublish(frame))
        {
            return;
        }

        // Never wait for the broker: a frame that cannot go now is stale by the next one, so it is dropped and
        // counted (TryPublish says NotConnected itself while the broker is away).
        if (Publish(frame) == MqttPublishResult.Accepted)
        {
            statistics.OnSent(frame.Data.Length);
        }
        else
        {
            statistics.OnDropped();
        }
    }

    /// <summary>Publishes <paramref name="frame"/> again (after a reconnect the broker may have lost its retained copy).</summary>
    public void Republish(JpegFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (settings.Value.Streaming)
        {
            Publish(frame);
        }
    }

    private MqttPublishResult Publish(JpegFrame frame) =>
        client.TryPublish(topics.Image, frame.Data, MqttQos.AtMostOnce, retain: true, FrameMessageProperties.For(frame.Sequence, frame.CapturedAt, frame.Width, frame.Height));
}
