namespace MqttCam.Mqtt;

/// <summary>A received message. The payload was copied once from native memory into an exact-size array.</summary>
public sealed class MqttMessage
{
    public required string Topic { get; init; }

    public required ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQos Qos { get; init; }

    /// <summary>True when the broker delivered a stored retained message (e.g. to a late subscriber).</summary>
    public bool Retain { get; init; }

    /// <summary>MQTT 5 properties, or null when none were present.</summary>
    public MqttMessageProperties? Properties { get; init; }
}
