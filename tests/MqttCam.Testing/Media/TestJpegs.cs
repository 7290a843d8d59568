using System.Buffers.Binary;
using MqttCam.Imaging;

namespace MqttCam.Testing.Media;

/// <summary>Real JPEGs made in code with the product's encoder: camera-like noisy pictures, numbered frames, crafted shapes.</summary>
public static class TestJpegs
{
    /// <summary>Camera-like content: a gradient with seeded noise, so decoders and splitters have something to chew on.</summary>
    public static byte[] Create(int width, int height, int seed = 0, int quality = 80)
    {
        var random = new Random(seed);
        return Encode(width, height, quality, (x, y) => (
            (byte)((x * 255 / width) + random.Next(24)),
            (byte)((y * 255 / height) + random.Next(24)),
            (byte)((seed * 37) + random.Next(24))));
    }

    /// <summary>Distinct, valid frames: a gradient shifted by the frame number, plus optional noise for size.</summary>
    public static byte[] Numbered(int number, int width = 320, int height = 180, bool noisy = false, int quality = 85)
    {
        var random = new Random(number);
        return Encode(width, height, quality, (x, y) =>
        {
            var noise = noisy ? random.Next(-40, 40) : 0;
            return (
                (byte)Math.Clamp(((x + (number * 7)) % 256) + noise, 0, 255),
                (byte)Math.Clamp(((y + (number * 13)) % 256) + noise, 0, 255),
                (byte)Math.Clamp((number * 29 % 256) + noise, 0, 255));
        });
    }

    /// <summary>
    /// A JPEG whose APP1 "Exif" segment carries a complete thumbnail JPEG (its own SOI..EOI), as cameras write them:
    /// a naive SOI-to-first-EOI splitter would cut the frame at the thumbnail's EOI.
    /// </summary>
    public static byte[] CreateWithExifThumbnail(int width, int height, int seed)
    {
        var main = Create(width, height, seed);
        var thumbnail = Create(16, 16, seed + 1000, quality: 50);
        byte[] exifHeader = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0];
        var segmentLength = 2 + exifHeader.Length + thumbnail.Length;
        var result = new byte[main.Length + 2 + segmentLength];
        main.AsSpan(0, 2).CopyTo(result);
        result[2] = 0xFF;
        result[3] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(4), (ushort)segmentLength);
        exifHeader.CopyTo(result.AsSpan(6));
        thumbnail.CopyTo(result.AsSpan(6 + exifHeader.Length));
        main.AsSpan(2).CopyTo(result.AsSpan(4 + segmentLength));
        return result;
    }

    /// <summary>The same JPEG with fill bytes (extra FFs) before its EOI marker, which the standard allows.</summary>
    public static byte[] WithFillBytesBeforeEnd(byte[] jpeg, int fillCount)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        var result = new byte[jpeg.Length + fillCount];
        jpeg.AsSpan(0, jpeg.Length - 2).CopyTo(result);
        result.AsSpan(jpeg.Length - 2, fillCount).Fill(0xFF);
        result[^2] = 0xFF;
        result[^1] = 0xD9;
        return result;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] Encode(int width, int height, int quality, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                (pixels[i], pixels[i + 1], pixels[i + 2]) = pixel(x, y);
            }
        }

        return JpegCodec.Encode(pixels, width, height, width * 3, PixelFormat.Rgb24, quality);
    }
}
