using MqttCam.Imaging.Internal;

namespace MqttCam.Imaging;

/// <summary>Decoded pixels in one managed array, rows tightly packed (Stride = Width * BytesPerPixel).</summary>
public sealed class RawImage
{
    public RawImage(int width, int height, PixelFormat format)
    {
        ImageLimits.ValidateSize(width, height);
        Width = width;
        Height = height;
        Format = format;
        BytesPerPixel = format.BytesPerPixel();
        Stride = width * BytesPerPixel;
        Pixels = new byte[Stride * height];
    }

    public int Width { get; }

    public int Height { get; }

    public int Stride { get; }

    public PixelFormat Format { get; }

    public int BytesPerPixel { get; }

    public byte[] Pixels { get; }
}
