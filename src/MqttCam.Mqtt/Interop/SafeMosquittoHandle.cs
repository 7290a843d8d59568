using System.Runtime.InteropServices;

namespace MqttCam.Mqtt.Interop;

/// <summary>Owns a <c>struct mosquitto*</c>; released with mosquitto_destroy once the network loop has stopped.</summary>
internal sealed class SafeMosquittoHandle : SafeHandle
{
    public SafeMosquittoHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    internal void Initialize(nint value) => SetHandle(value);

    protected override bool ReleaseHandle()
    {
        Mosquitto.mosquitto_destroy(handle);
        return true;
    }
}
