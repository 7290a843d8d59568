using MqttCam.Mqtt;
using MqttCam.Mqtt.Configuration;
using MqttCam.Core.Topics;

namespace MqttCam.Device.Hosting;

/// <summary>The device's MQTT session: the shared options plus a retained "offline" last will on the availability topic.</summary>
public static class DeviceMqttOptions
{
    public static MqttClientOptions Create(MqttOptions mqtt, string cameraId)
    {
        var topics = new CameraTopics(mqtt.TopicPrefix, cameraId);
        var options = mqtt.ToClientOptions(ClientIdFor(mqtt.TopicPrefix, cameraId));
        options.Will = new MqttLastWill
        {
            Topic = topics.Availability,
            Payload = Publishing.AvailabilityBytes.Offline,
            Qos = MqttQos.AtLeastOnce,
            Retain = true,
        };
        return options;
    }

    /// <summary>
    /// <c>mqttcam-device-&lt;id&gt;</c> under the default prefix; under another prefix the prefix is part of it
    /// (<c>/</c> as <c>-</c>): the broker lets one session per client id live, so two cameras with the same id under
    /// different prefixes on one broker would otherwise take each other's session over and over.
    /// </summary>
    public static string ClientIdFor(string topicPrefix, string cameraId) =>
        topicPrefix == TopicPrefix.Default
            ? $"mqttcam-device-{cameraId}"
            : $"mqttcam-device-{topicPrefix.Replace('/', '-')}-{cameraId}";
}
