using System.Buffers.Binary;
using MqttCam.Imaging;

namespace BridgeBench;

/// <summary>Camera-like 720p JPEGs, each tagged with its sequence in a JPEG comment (COM) segment for latency matching.</summary>
internal static class BenchFrames
{
    private static readonly byte[] s_tag = "mqttcam-seq:"u8.ToArray();

    /// <summary>A noisy gradient at a quality chosen to land near <paramref name="targetBytes"/>.</summary>
    public static byte[] CreateCameraLike(int width, int height, int targetBytes)
    {
        var pixels = new byte[width * height * 3];
        var random = new Random(42);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                var n = random.Next(-12, 12);
                pixels[i] = (byte)Math.Clamp((x * 255 / width) + n, 0, 255);
                pixels[i + 1] = (byte)Math.Clamp((y * 255 / height) + n, 0, 255);
                pixels[i + 2] = (byte)Math.Clamp(128 + (int)(60 * Math.Sin(x / 40.0) * Math.Cos(y / 30.0)) + n, 0, 255);
            }
        }

        byte[] best = [];
        for (var quality = 95; quality >= 30; quality -= 5)
        {
            best = JpegCodec.Encode(pixels, width, height, width * 3, PixelFormat.Rgb24, quality);
            if (best.Length <= targetBytes)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>The frame with a COM segment carrying the sequence right after SOI; still a valid JPEG.</summary>
    public static byte[] Tag(byte[] jpeg, long sequence)
    {
        var segmentLength = 2 + s_tag.Length + 8;
        var tagged = new byte[jpeg.Length + 2 + segmentLength];
        tagged[0] = 0xFF;
        tagged[1] = 0xD8;
        tagged[2] = 0xFF;
        tagged[3] = 0xFE;
        BinaryPrimitives.WriteUInt16BigEndian(tagged.AsSpan(4), (ushort)segmentLength);
        s_tag.CopyTo(tagged, 6);
        BinaryPrimitives.WriteInt64BigEndian(tagged.AsSpan(6 + s_tag.Length), sequence);
        jpeg.AsSpan(2).CopyTo(tagged.AsSpan(4 + segmentLength));
        return tagged;
    }

    public static long ReadTag(ReadOnlySpan<byte> jpeg) =>
        jpeg.Length > 6 + s_tag.Length + 8 && jpeg.Slice(6, s_tag.Length).SequenceEqual(s_tag)
            ? BinaryPrimitives.ReadInt64BigEndian(jpeg[(6 + s_tag.Length)..])
            : -1;

    /// <summary>Finds tagged frames in a raw byte stream (mosquitto_sub -N output has no delimiters).</summary>
    public static int IndexOfTag(ReadOnlySpan<byte> data) => data.IndexOf(s_tag);

    public static int TagLength => s_tag.Length;
}
