using Microsoft.Win32.SafeHandles;

namespace MqttCam.Mqtt.Interop;

/// <summary>Owns a <c>struct mosquitto*</c>; released with mosquitto_destroy once the network loop has stopped.</summary>
internal sealed class SafeMosquittoHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    internal void Initialize(nint value) => SetHandle(value);

    protected override bool ReleaseHandle()
    {
        Mosquitto.mosquitto_destroy(handle);
        return true;
    }
}
