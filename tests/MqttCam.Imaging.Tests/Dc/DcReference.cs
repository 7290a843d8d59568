using MqttCam.Imaging.Dc;

namespace MqttCam.Imaging.Tests.Dc;

/// <summary>libturbojpeg's 1/8 gray decode as the source of truth for the DC reader.</summary>
internal static class DcReference
{
    /// <summary>Both decoders on one JPEG: ours must decode it and give libturbojpeg's pixels exactly.</summary>
    public static void AssertSameAsLibjpeg(JpegDcDecoder decoder, byte[] jpeg, string what)
    {
        RawImage expected = JpegCodec.Decode(jpeg, JpegScale.Eighth, PixelFormat.Gray8);
        int stride = expected.Width + 3; // a stride wider than the row, to catch row addressing mistakes
        byte[] actual = new byte[stride * expected.Height];
        JpegDcRefusal refusal = decoder.Decode(jpeg, actual, stride, out int width, out int height);
        Assert.True(refusal == JpegDcRefusal.None, $"{what}: refused ({refusal.Describe()})");
        Assert.Equal((expected.Width, expected.Height), (width, height));
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> want = expected.Pixels.AsSpan(y * expected.Stride, width);
            ReadOnlySpan<byte> got = actual.AsSpan(y * stride, width);
            if (!want.SequenceEqual(got))
            {
                int x = 0;
                while (want[x] == got[x])
                {
                    x++;
                }

                Assert.Fail($"{what}: pixel ({x}, {y}) is {got[x]}, libturbojpeg gives {want[x]}");
            }
        }
    }

    /// <summary>libturbojpeg's verdict and pixels, null where it refuses (header or decode).</summary>
    public static RawImage? TryLibjpeg(byte[] jpeg)
    {
        if (!JpegCodec.TryReadInfo(jpeg, out _))
        {
            return null;
        }

        try
        {
            return JpegCodec.Decode(jpeg, JpegScale.Eighth, PixelFormat.Gray8);
        }
        catch (JpegException)
        {
            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // a scaled size over the codec's limit
        }
    }
}
