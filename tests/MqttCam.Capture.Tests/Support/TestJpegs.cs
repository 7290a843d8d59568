using System.Buffers.Binary;
using MqttCam.Imaging;

namespace MqttCam.Capture.Tests.Support;

/// <summary>Builds JPEGs for tests: camera-like noisy content, and JPEGs with an EXIF thumbnail inside.</summary>
public static class TestJpegs
{
    public static byte[] Create(int width, int height, int seed, int quality = 80)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                pixels[i] = (byte)((x * 255 / width) + random.Next(24));
                pixels[i + 1] = (byte)((y * 255 / height) + random.Next(24));
                pixels[i + 2] = (byte)(seed * 37 + random.Next(24));
            }
        }

        return JpegCodec.Encode(pixels, width, height, width * 3, PixelFormat.Rgb24, quality);
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
        var result = new byte[jpeg.Length + fillCount];
        jpeg.AsSpan(0, jpeg.Length - 2).CopyTo(result);
        result.AsSpan(jpeg.Length - 2, fillCount).Fill(0xFF);
        result[^2] = 0xFF;
        result[^1] = 0xD9;
        return result;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
