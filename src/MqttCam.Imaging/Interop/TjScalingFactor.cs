using System.Runtime.InteropServices;

namespace MqttCam.Imaging.Interop;

/// <summary>turbojpeg.h <c>tjscalingfactor</c>: { int num; int denom; }, 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct TjScalingFactor
{
    public readonly int num;
    public readonly int denom;
}
