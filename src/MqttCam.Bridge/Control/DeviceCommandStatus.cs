namespace MqttCam.Bridge.Control;

/// <summary>How a command sent to a device ended, before looking at what the device said.</summary>
public enum DeviceCommandStatus
{
    Answered,
    TimedOut,
    NotConnected,
}
