namespace MqttCam.Mqtt;

/// <summary>Raised off the native thread, in order, when <see cref="MqttClient.State"/> changes.</summary>
public sealed class MqttConnectionStateChangedEventArgs(MqttConnectionState state, int reasonCode, string? reason) : EventArgs
{
    public MqttConnectionState State { get; } = state;

    /// <summary>CONNACK/DISCONNECT reason code, or a libmosquitto error code for a lost connection; 0 when normal.</summary>
    public int ReasonCode { get; } = reasonCode;

    public string? Reason { get; } = reason;
}
