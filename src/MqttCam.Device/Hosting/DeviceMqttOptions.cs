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
        var options = mqtt.ToClientOptions($"mqttcam-device-{cameraId}");
        options.Will = new MqttLastWill
        {
            Topic = topics.Availability,
            Payload = Publishing.AvailabilityBytes.Offline,
            Qos = MqttQos.AtLeastOnce,
            Retain = true,
        };
        return options;
    }
}
