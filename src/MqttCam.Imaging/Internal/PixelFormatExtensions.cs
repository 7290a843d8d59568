using MqttCam.Imaging.Interop;

namespace MqttCam.Imaging.Internal;

internal static class PixelFormatExtensions
{
    public static int BytesPerPixel(this PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 => 3,
        PixelFormat.Gray8 => 1,
        PixelFormat.Bgr24 => 3,
        PixelFormat.Rgbx32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
    };

    public static int ToTurboJpeg(this PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 => TurboJpeg.TJPF_RGB,
        PixelFormat.Gray8 => TurboJpeg.TJPF_GRAY,
        PixelFormat.Bgr24 => TurboJpeg.TJPF_BGR,
        PixelFormat.Rgbx32 => TurboJpeg.TJPF_RGBX,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
    };
}
