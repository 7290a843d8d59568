namespace MqttCam.Mqtt;

/// <summary>Outcome of <see cref="MqttClient.TryPublish(string, ReadOnlyMemory{byte}, MqttQos, bool, MqttMessageProperties)"/>.</summary>
public enum MqttPublishResult
{
    /// <summary>Handed to libmosquitto; it will be written (QoS 0) or acknowledged (QoS 1/2).</summary>
    Accepted,

    /// <summary>The pending window (count or bytes) is full; nothing was queued.</summary>
    Backpressure,

    /// <summary>The client is not connected; nothing was queued.</summary>
    NotConnected,
}
