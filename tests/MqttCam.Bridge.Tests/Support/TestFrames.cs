using MqttCam.Imaging;

namespace MqttCam.Bridge.Tests.Support;

/// <summary>Distinct, valid JPEGs made in code: a gradient shifted by the frame number, plus optional noise for size.</summary>
public static class TestFrames
{
    public static byte[] Create(int number, int width = 320, int height = 180, bool noisy = false, int quality = 85)
    {
        var pixels = new byte[width * height * 3];
        var random = new Random(number);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                var noise = noisy ? random.Next(-40, 40) : 0;
                pixels[i] = (byte)Math.Clamp(((x + (number * 7)) % 256) + noise, 0, 255);
                pixels[i + 1] = (byte)Math.Clamp(((y + (number * 13)) % 256) + noise, 0, 255);
                pixels[i + 2] = (byte)Math.Clamp((number * 29 % 256) + noise, 0, 255);
            }
        }

        return JpegCodec.Encode(pixels, width, height, width * 3, PixelFormat.Rgb24, quality);
    }
}
