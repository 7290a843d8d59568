using MqttCam.Imaging;

namespace MqttCam.Cli.Tests.Support;

public static class TestJpegs
{
    /// <summary>A real JPEG of the given size with a gradient, so decoders have something to chew on.</summary>
    public static byte[] Create(int width, int height, int seed = 0)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                pixels[i] = (byte)(x + seed);
                pixels[i + 1] = (byte)(y * 2);
                pixels[i + 2] = (byte)(seed * 40);
            }
        }

        return JpegCodec.Encode(pixels, width, height, width * 3, PixelFormat.Rgb24, 85);
    }
}
