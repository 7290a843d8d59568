namespace MqttCam.Device.HomeAssistant;

/// <summary>One retained discovery config: its topic and JSON payload (empty payload = remove).</summary>
public sealed record DiscoveryMessage(string Topic, byte[] Payload);
