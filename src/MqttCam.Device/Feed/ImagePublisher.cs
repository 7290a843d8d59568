using MqttCam.Capture;
using MqttCam.Device.Publishing;
using MqttCam.Device.Settings;
using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Feed;

/// <summary>
/// The frame sink that publishes live frames, retained, to <c>&lt;prefix&gt;/&lt;id&gt;/image</c> whenever the
/// <see cref="ILivePublishGate"/> lets a frame through.
/// </summary>
public sealed class ImagePublisher(MqttClient client, CameraTopics topics, ILivePublishGate gate, CurrentSettings settings, FrameStatistics statistics) : IFrameSink, IDisposable
{
    // Reused for every frame (no allocation per frame); the lock covers Republish from the reconnect path.
    private readonly MqttPublishProperties _properties = new();
    private readonly Lock _publishLock = new();

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

    public void Dispose()
    {
        lock (_publishLock)
        {
            _properties.Dispose();
        }
    }

    private MqttPublishResult Publish(JpegFrame frame)
    {
        lock (_publishLock)
        {
            FrameMessageProperties.Fill(_properties, frame.Sequence, frame.CapturedAt, frame.Width, frame.Height);
            try
            {
                return client.TryPublish(topics.Image, frame.Data, MqttQos.AtMostOnce, retain: true, _properties);
            }
            finally
            {
                // libmosquitto copied the properties into the packet; nothing native is held between frames.
                _properties.Clear();
            }
        }
    }
}
