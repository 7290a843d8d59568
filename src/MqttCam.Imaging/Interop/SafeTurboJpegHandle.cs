using Microsoft.Win32.SafeHandles;

namespace MqttCam.Imaging.Interop;

/// <summary>Owns one <c>tjhandle</c>; a tjhandle is not thread-safe, so each instance is used by one thread at a time.</summary>
internal sealed class SafeTurboJpegHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => TurboJpeg.tjDestroy(handle) == 0;
}
