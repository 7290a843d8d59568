namespace MqttCam.Bridge.Tests.Adversarial;

/// <summary>
/// Hostile JPEGs built byte by byte. <see cref="Uniform"/> is a VALID baseline JPEG of any size whose entropy data is
/// two bits per 8x8 block (one-symbol Huffman tables: DC difference 0, end of block), so a 16000x16000 "bomb" is 1 MB
/// on the wire and 256 Mpx (768 MB RGB) when decoded in full.
/// </summary>
internal static class CraftedJpegs
{
    /// <summary>A uniform mid-grey frame of the given size; components: 1 = grayscale, 3 = YCbCr, 4 = CMYK (with an Adobe marker).</summary>
    public static byte[] Uniform(int width, int height, int components = 1)
    {
        var jpeg = new List<byte> { 0xFF, 0xD8 };
        if (components == 4)
        {
            // APP14 "Adobe", version 100, flags 0/0, transform 0 = CMYK.
            Segment(jpeg, 0xEE, [(byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0, 100, 0, 0, 0, 0, 0]);
        }

        Segment(jpeg, 0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        var frame = new List<byte> { 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, (byte)components };
        for (var c = 1; c <= components; c++)
        {
            frame.AddRange([(byte)c, 0x11, 0]);
        }

        Segment(jpeg, 0xC0, [.. frame]);

        // One code of length 1 per table: DC symbol 0 (difference 0), AC symbol 0x00 (end of block).
        byte[] oneSymbol = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Segment(jpeg, 0xC4, [0x00, .. oneSymbol]);
        Segment(jpeg, 0xC4, [0x10, .. oneSymbol]);
        var scan = new List<byte> { (byte)components };
        for (var c = 1; c <= components; c++)
        {
            scan.AddRange([(byte)c, 0x00]);
        }

        scan.AddRange([0, 63, 0]);
        Segment(jpeg, 0xDA, [.. scan]);

        // Every block is the bits "00"; the last byte is padded with ones as the standard asks.
        var bits = (long)((width + 7) / 8) * ((height + 7) / 8) * components * 2;
        jpeg.AddRange(new byte[bits / 8]);
        if (bits % 8 != 0)
        {
            jpeg.Add((byte)(0xFF >> (int)(bits % 8)));
        }

        jpeg.AddRange([0xFF, 0xD9]);
        return [.. jpeg];
    }

    /// <summary>A valid frame with <paramref name="segments"/> maximum-size APP1 (EXIF) segments after the SOI.</summary>
    public static byte[] WithHugeExif(byte[] jpeg, int segments)
    {
        var result = new List<byte> { 0xFF, 0xD8 };
        var payload = new byte[65533];
        "Exif\0\0"u8.CopyTo(payload);
        for (var i = 0; i < segments; i++)
        {
            Segment(result, 0xE1, payload);
        }

        result.AddRange(jpeg.AsSpan(2));
        return [.. result];
    }

    /// <summary>The first baseline SOF marker turned into <paramref name="marker"/> (0xC2 = progressive) without changing the data.</summary>
    public static byte[] WithFrameMarker(byte[] jpeg, byte marker)
    {
        var copy = (byte[])jpeg.Clone();
        var at = copy.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        copy[at + 1] = marker;
        return copy;
    }

    /// <summary>The first half of the frame followed by an end-of-image marker: passes the cheap check, fails to decode.</summary>
    public static byte[] Truncated(byte[] jpeg) => [.. jpeg.AsSpan(0, jpeg.Length / 2), 0xFF, 0xD9];

    /// <summary>Seeded bit flips anywhere after the SOI (headers included).</summary>
    public static byte[] Mutated(byte[] jpeg, Random random, int flips)
    {
        var copy = (byte[])jpeg.Clone();
        for (var i = 0; i < flips; i++)
        {
            copy[random.Next(2, copy.Length - 2)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static void Segment(List<byte> jpeg, byte marker, byte[] body)
    {
        var length = body.Length + 2;
        jpeg.AddRange([0xFF, marker, (byte)(length >> 8), (byte)length]);
        jpeg.AddRange(body);
    }
}
