namespace MqttCam.Mqtt;

/// <summary>Message the broker publishes on the client's behalf when the connection dies without a DISCONNECT.</summary>
public sealed class MqttLastWill
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQos Qos { get; init; }

    public bool Retain { get; init; }
}
