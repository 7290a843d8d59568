using MqttCam.Mqtt;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Publishing;

/// <summary>The MQTT 5 properties that travel with every published frame (live image and snapshot).</summary>
public static class FrameMessageProperties
{
    public static MqttMessageProperties For(long sequence, DateTimeOffset capturedAt, int width, int height) => new()
    {
        ContentType = FrameUserProperties.ContentType,
        UserProperties = new FrameMetadata(sequence, capturedAt, width, height).ToUserProperties(),
    };

    /// <summary>The same properties as <see cref="For"/>, written into reusable ones: no managed allocation per frame.</summary>
    public static void Fill(MqttPublishProperties target, long sequence, DateTimeOffset capturedAt, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Clear();
        target.SetContentType(FrameUserProperties.ContentType);
        target.AddUserProperty(FrameUserProperties.Sequence, sequence);
        target.AddUserProperty(FrameUserProperties.CapturedAt, capturedAt, "O");
        target.AddUserProperty(FrameUserProperties.Width, width);
        target.AddUserProperty(FrameUserProperties.Height, height);
    }
}
