namespace MqttCam.Mqtt;

/// <summary>Raised off the native thread, in order, when <see cref="MqttClient.State"/> changes.</summary>
public sealed class MqttConnectionStateChangedEventArgs : EventArgs
{
    public MqttConnectionStateChangedEventArgs(MqttConnectionState state, int reasonCode, string? reason)
    {
        State = state;
        ReasonCode = reasonCode;
        Reason = reason;
    }

    public MqttConnectionState State { get; }

    /// <summary>CONNACK/DISCONNECT reason code, or a libmosquitto error code for a lost connection; 0 when normal.</summary>
    public int ReasonCode { get; }

    public string? Reason { get; }
}
