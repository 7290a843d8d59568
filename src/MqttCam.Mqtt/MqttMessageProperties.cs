namespace MqttCam.Mqtt;

/// <summary>MQTT 5 publish properties. Ignored (not sent) when the client speaks 3.1.1.</summary>
public sealed class MqttMessageProperties
{
    public string? ContentType { get; init; }

    public string? ResponseTopic { get; init; }

    /// <summary>At most 65,535 bytes (MQTT binary data length).</summary>
    public ReadOnlyMemory<byte> CorrelationData { get; init; }

    /// <summary>Seconds the broker keeps the message before discarding it.</summary>
    public uint? MessageExpiryInterval { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> UserProperties { get; init; } = [];
}
