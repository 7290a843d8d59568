using System.Runtime.InteropServices;

namespace MqttCam.Imaging.Interop;

/// <summary>Owns one <c>tjhandle</c>; a tjhandle is not thread-safe, so each instance is used by one thread at a time.</summary>
internal sealed class SafeTurboJpegHandle : SafeHandle
{
    public SafeTurboJpegHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle() => TurboJpeg.tjDestroy(handle) == 0;
}
