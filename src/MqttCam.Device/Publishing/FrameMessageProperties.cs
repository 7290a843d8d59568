using MqttCam.Mqtt;
using MqttCam.Topics;

namespace MqttCam.Device.Publishing;

/// <summary>The MQTT 5 properties that travel with every published frame (live image and snapshot).</summary>
public static class FrameMessageProperties
{
    public static MqttMessageProperties For(long sequence, DateTimeOffset capturedAt, int width, int height) => new()
    {
        ContentType = FrameUserProperties.ContentType,
        UserProperties = new FrameMetadata(sequence, capturedAt, width, height).ToUserProperties(),
    };
}
