namespace MqttCam.Mqtt;

/// <summary>Connection state of an <see cref="MqttClient"/>.</summary>
public enum MqttConnectionState
{
    Disconnected,
    Connecting,
    Connected,
    Disposed,
}
