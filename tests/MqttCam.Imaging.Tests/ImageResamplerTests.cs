namespace MqttCam.Imaging.Tests;

public sealed class ImageResamplerTests
{
    [Theory]
    [InlineData(640, 360, 500, 281)]
    [InlineData(640, 360, 320, 180)]
    [InlineData(1280, 720, 97, 53)]
    [InlineData(101, 67, 100, 66)]
    [InlineData(320, 240, 640, 480)]
    [InlineData(321, 241, 700, 333)]
    [InlineData(300, 200, 150, 400)] // shrink one axis, enlarge the other
    [InlineData(1, 1, 7, 5)] // tiny sources: kernels wider than the source cannot be padded
    [InlineData(3, 2, 1, 1)]
    [InlineData(2, 9, 1, 4)]
    public void Resize_MatchesDoublePrecisionReference(int sw, int sh, int w, int h)
    {
        RawImage source = TestImages.CameraLike(sw, sh);

        RawImage resized = ImageResampler.Resize(source, w, h);

        Assert.Equal((w, h, w * 3), (resized.Width, resized.Height, resized.Stride));
        TestImages.AssertPsnrAbove(45, TestImages.ReferenceResize(source, w, h), resized);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)] // the generic per-channel path
    public void Resize_OtherChannelCounts_MatchReference(int bytesPerPixel)
    {
        RawImage colour = TestImages.CameraLike(150, 90);
        var source = new RawImage(150, 90, bytesPerPixel == 1 ? PixelFormat.Gray8 : PixelFormat.Rgbx32);
        for (int i = 0; i < 150 * 90; i++)
        {
            for (int c = 0; c < source.BytesPerPixel; c++)
            {
                source.Pixels[(i * source.BytesPerPixel) + c] = colour.Pixels[(i * 3) + Math.Min(c, 2)];
            }
        }

        RawImage resized = ImageResampler.Resize(source, 61, 37);

        TestImages.AssertPsnrAbove(45, TestImages.ReferenceResize(source, 61, 37), resized);
    }

    [Fact]
    public void Resize_FlatColour_StaysExactlyFlat()
    {
        var source = new RawImage(333, 222, PixelFormat.Rgb24);
        for (int i = 0; i < source.Pixels.Length; i += 3)
        {
            source.Pixels[i] = 17;
            source.Pixels[i + 1] = 128;
            source.Pixels[i + 2] = 255;
        }

        foreach ((int w, int h) in new[] { (100, 77), (500, 281), (333, 100), (1000, 700) })
        {
            RawImage resized = ImageResampler.Resize(source, w, h);
            for (int i = 0; i < resized.Pixels.Length; i += 3)
            {
                Assert.Equal((17, 128, 255), (resized.Pixels[i], resized.Pixels[i + 1], resized.Pixels[i + 2]));
            }
        }
    }

    [Fact]
    public void Resize_Quadrants_KeepQuadrantColours()
    {
        RawImage source = TestImages.Quadrants(640, 360);

        RawImage resized = ImageResampler.Resize(source, 100, 50);

        Assert.Equal(TestImages.QuadrantColour(left: true, top: true), TestImages.PixelAt(resized, 10, 10));
        Assert.Equal(TestImages.QuadrantColour(left: false, top: true), TestImages.PixelAt(resized, 90, 10));
        Assert.Equal(TestImages.QuadrantColour(left: true, top: false), TestImages.PixelAt(resized, 10, 40));
        Assert.Equal(TestImages.QuadrantColour(left: false, top: false), TestImages.PixelAt(resized, 90, 40));
    }

    [Fact]
    public void Resize_SameSize_CopiesAndHonoursStrides()
    {
        RawImage source = TestImages.CameraLike(40, 30);
        byte[] destination = new byte[(130 * 30) + 5];

        ImageResampler.Resize(source.Pixels, 40, 30, 120, destination, 40, 30, 130, 3);

        for (int y = 0; y < 30; y++)
        {
            Assert.Equal(source.Pixels.AsSpan(y * 120, 120), destination.AsSpan(y * 130, 120));
        }
    }

    [Fact]
    public void Resize_InvalidArguments_Throw()
    {
        byte[] source = new byte[10 * 10 * 3];
        byte[] destination = new byte[5 * 5 * 3];

        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResampler.Resize(source, 10, 10, 30, destination, 5, 5, 15, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResampler.Resize(source, 10, 10, 30, destination, 0, 5, 15, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResampler.Resize(source, 10, 10, 29, destination, 5, 5, 15, 3));
        Assert.Throws<ArgumentException>(() => ImageResampler.Resize(source, 10, 11, 30, destination, 5, 5, 15, 3));
        Assert.Throws<ArgumentException>(() => ImageResampler.Resize(source, 10, 10, 30, destination, 5, 6, 15, 3));
        Assert.Throws<ArgumentNullException>(() => ImageResampler.Resize(null!, 5, 5));
    }
}
