using System.Buffers;

namespace MqttCam.Imaging.Tests;

public sealed class JpegResizerTests
{
    [Theory]
    [InlineData(640, 360)] // exact 1/2 DCT scale, no resample step
    [InlineData(500, 281)] // 1/2 DCT scale then resample
    [InlineData(160, 90)]
    [InlineData(1920, 1080)] // enlarge
    public void Resize_GivesExactSizeAndKeepsQuadrantColours(int width, int height)
    {
        byte[] jpeg = TestImages.EncodeJpeg(TestImages.Quadrants(1280, 720), 95, JpegSubsampling.Yuv444);

        byte[] resized = JpegResizer.Resize(jpeg, width, height, 90);

        JpegInfo info = JpegCodec.ReadInfo(resized);
        Assert.Equal(new JpegInfo(width, height, JpegSubsampling.Yuv444), info);
        RawImage decoded = JpegCodec.Decode(resized);
        int qx = width / 4;
        int qy = height / 4;
        AssertClose(TestImages.QuadrantColour(left: true, top: true), TestImages.PixelAt(decoded, qx, qy));
        AssertClose(TestImages.QuadrantColour(left: false, top: true), TestImages.PixelAt(decoded, width - qx, qy));
        AssertClose(TestImages.QuadrantColour(left: true, top: false), TestImages.PixelAt(decoded, qx, height - qy));
        AssertClose(TestImages.QuadrantColour(left: false, top: false), TestImages.PixelAt(decoded, width - qx, height - qy));
    }

    [Theory]
    [InlineData(500, 281)]
    [InlineData(640, 360)]
    [InlineData(333, 187)]
    public void Resize_CameraFrame_MatchesFullDecodeAndReferenceDownsample(int width, int height)
    {
        byte[] jpeg = TestImages.EncodeJpeg(TestImages.CameraLike(1280, 720, noise: 4), 90);
        RawImage reference = TestImages.ReferenceResize(JpegCodec.Decode(jpeg), width, height);

        RawImage resized = JpegCodec.Decode(JpegResizer.Resize(jpeg, width, height, 90));

        TestImages.AssertPsnrAbove(30, reference, resized);
    }

    [Fact]
    public void Resize_GrayJpeg_StaysGray()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.Gray(400, 300), 90);

        byte[] resized = JpegResizer.Resize(jpeg, 123, 45);

        Assert.Equal(new JpegInfo(123, 45, JpegSubsampling.Gray), JpegCodec.ReadInfo(resized));
        RawImage reference = TestImages.ReferenceResize(JpegCodec.Decode(jpeg, PixelFormat.Gray8), 123, 45);
        TestImages.AssertPsnrAbove(30, reference, JpegCodec.Decode(resized, PixelFormat.Gray8));
    }

    [Fact]
    public void Resize_InvalidArguments_Throw()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.Smooth(64, 64), 80);

        Assert.Throws<ArgumentOutOfRangeException>(() => JpegResizer.Resize(jpeg, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegResizer.Resize(jpeg, 10, JpegCodec.MaxDimension + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegResizer.Resize(jpeg, 10, 10, 0));
        Assert.Throws<JpegException>(() => JpegResizer.Resize("not a jpeg"u8, 10, 10));
    }

    [Theory]
    [InlineData(1280, 720, 640, 0, false, 640, 360)]
    [InlineData(1280, 720, 0, 360, false, 640, 360)]
    [InlineData(1280, 720, 640, 640, false, 640, 360)] // width limits
    [InlineData(1280, 720, 1000, 100, false, 178, 100)] // height limits
    [InlineData(1280, 720, 0, 0, false, 1280, 720)]
    [InlineData(1280, 720, 1920, 0, false, 1280, 720)] // no upscale
    [InlineData(1280, 720, 1920, 0, true, 1920, 1080)]
    [InlineData(1280, 720, 5000, 1440, true, 2560, 1440)]
    [InlineData(1280, 720, 500, 0, false, 500, 281)]
    [InlineData(1000, 1, 10, 10, false, 10, 1)] // never below 1 pixel
    [InlineData(1, 1000, 10, 10, false, 1, 10)]
    [InlineData(640, 480, 640, 480, false, 640, 480)]
    public void FitWithin_KeepsAspectRatioInsideBox(int sw, int sh, int mw, int mh, bool upscale, int ew, int eh)
    {
        (int width, int height) = JpegResizer.FitWithin(sw, sh, mw, mh, upscale);

        Assert.Equal((ew, eh), (width, height));
        Assert.True(mw == 0 || width <= mw);
        Assert.True(mh == 0 || height <= mh);
    }

    [Fact]
    public void FitWithin_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegResizer.FitWithin(0, 10, 5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegResizer.FitWithin(10, 10, -1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegResizer.FitWithin(10, 10, 5, -5));
    }

    private static void AssertClose((byte R, byte G, byte B) expected, (byte R, byte G, byte B) actual)
    {
        const int tolerance = 8;
        Assert.True(
            Math.Abs(expected.R - actual.R) <= tolerance && Math.Abs(expected.G - actual.G) <= tolerance && Math.Abs(expected.B - actual.B) <= tolerance,
            $"expected {expected}, got {actual}");
    }

    [Theory]
    [InlineData(640, 360)]
    [InlineData(320, 180)]
    [InlineData(333, 187)]
    public void Resize_IntoAWriter_GivesTheSameJpegAsTheArrayOverload(int width, int height)
    {
        byte[] jpeg = TestImages.EncodeJpeg(TestImages.CameraLike(1280, 720), 85);
        var writer = new ArrayBufferWriter<byte>();
        writer.Write("prefix"u8);

        int written = JpegResizer.Resize(jpeg, width, height, 80, long.MaxValue, ArrayPool<byte>.Shared, writer);

        Assert.Equal(writer.WrittenCount - 6, written);
        Assert.Equal(JpegResizer.Resize(jpeg, width, height, 80), writer.WrittenSpan[6..].ToArray());
    }
}
