using MqttCam.Mqtt;
using MqttCam.Mqtt.Configuration;

namespace MqttCam.Bridge.Hosting;

/// <summary>The bridge's MQTT session: the shared options (mapped by the MQTT library) plus a deep receive queue.</summary>
internal static class BridgeMqttOptions
{
    public static MqttClientOptions Create(MqttOptions mqtt, BridgeInstance instance)
    {
        var options = mqtt.ToClientOptions($"mqttcam-bridge-{instance.Tag}");

        // The bridge mostly receives; a deep receive queue rides out bursts of retained frames at start-up.
        options.ReceiveQueueCapacity = 4096;
        return options;
    }
}
