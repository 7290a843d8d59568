namespace MqttCam.Bridge.Mqtt;

/// <summary>How a command sent to a device ended, before looking at what the device said.</summary>
public enum DeviceCommandStatus
{
    Answered,
    TimedOut,
    NotConnected,
}
