using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MqttCam.Imaging.Tests;

public sealed class JpegCodecTests
{
    [Fact]
    public void NativeLibrary_IsInstalled()
    {
        bool loaded = NativeLibrary.TryLoad("libturbojpeg.so.0", out nint handle);
        Assert.True(loaded, "libturbojpeg.so.0 could not be loaded. Install it with: apt-get install libturbojpeg0");
        NativeLibrary.Free(handle);
    }

    [Fact]
    public void EncodeDecode_SmoothImageAtQuality90_RoundTripsAbove30Db()
    {
        RawImage original = TestImages.Smooth(640, 480);

        byte[] jpeg = JpegCodec.Encode(original, 90);
        RawImage decoded = JpegCodec.Decode(jpeg);

        Assert.Equal((byte)0xFF, jpeg[0]);
        Assert.Equal((byte)0xD8, jpeg[1]);
        Assert.Equal(640, decoded.Width);
        Assert.Equal(480, decoded.Height);
        Assert.Equal(PixelFormat.Rgb24, decoded.Format);
        Assert.Equal(640 * 3, decoded.Stride);
        TestImages.AssertPsnrAbove(30, original, decoded);
    }

    [Fact]
    public void Encode_HigherQuality_GivesLargerFileAndBetterPsnr()
    {
        RawImage original = TestImages.CameraLike(320, 240);

        byte[] low = JpegCodec.Encode(original, 30);
        byte[] high = JpegCodec.Encode(original, 95);

        Assert.True(high.Length > low.Length, $"q95 {high.Length} B vs q30 {low.Length} B");
        Assert.True(TestImages.Psnr(original, JpegCodec.Decode(high)) > TestImages.Psnr(original, JpegCodec.Decode(low)));
    }

    [Theory]
    [InlineData(JpegSubsampling.Yuv444)]
    [InlineData(JpegSubsampling.Yuv422)]
    [InlineData(JpegSubsampling.Yuv420)]
    [InlineData(JpegSubsampling.Gray)]
    [InlineData(JpegSubsampling.Yuv440)]
    [InlineData(JpegSubsampling.Yuv411)]
    public void ReadInfo_ReportsSizeAndSubsamplingUsedToEncode(JpegSubsampling subsampling)
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.Smooth(123, 77), 80, subsampling);

        JpegInfo info = JpegCodec.ReadInfo(jpeg);

        Assert.Equal(new JpegInfo(123, 77, subsampling), info);
        Assert.True(JpegCodec.TryReadInfo(jpeg, out JpegInfo tried));
        Assert.Equal(info, tried);
    }

    [Fact]
    public void EncodeDecode_Gray8_ProducesGrayJpegThatRoundTrips()
    {
        RawImage original = TestImages.Gray(200, 150);

        // Yuv420 is the default: Gray8 input must still give a grayscale JPEG, not an error.
        byte[] jpeg = JpegCodec.Encode(original, 90);
        RawImage decoded = JpegCodec.Decode(jpeg, PixelFormat.Gray8);

        Assert.Equal(JpegSubsampling.Gray, JpegCodec.ReadInfo(jpeg).Subsampling);
        Assert.Equal(200, decoded.Stride);
        Assert.Equal(200 * 150, decoded.Pixels.Length);
        TestImages.AssertPsnrAbove(35, original, decoded);
    }

    [Fact]
    public void Decode_ColourJpegAsGray8_GivesLuminance()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.Quadrants(64, 64), 95, JpegSubsampling.Yuv444);

        RawImage gray = JpegCodec.Decode(jpeg, PixelFormat.Gray8);

        // White quadrant is bright, blue quadrant is dark (Y = 0.299R + 0.587G + 0.114B).
        Assert.InRange(gray.Pixels[(48 * 64) + 48], 230, 250);
        Assert.InRange(gray.Pixels[(48 * 64) + 16], 40, 70);
    }

    [Theory]
    [InlineData(PixelFormat.Bgr24, 3)]
    [InlineData(PixelFormat.Rgbx32, 4)]
    public void Decode_OtherPixelFormats_PlaceChannelsCorrectly(PixelFormat format, int bytesPerPixel)
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.Quadrants(64, 64), 95, JpegSubsampling.Yuv444);

        RawImage image = JpegCodec.Decode(jpeg, format);

        Assert.Equal(bytesPerPixel, image.BytesPerPixel);
        int redQuadrant = (16 * image.Stride) + (16 * bytesPerPixel);
        int red = format == PixelFormat.Bgr24 ? image.Pixels[redQuadrant + 2] : image.Pixels[redQuadrant];
        int blue = format == PixelFormat.Bgr24 ? image.Pixels[redQuadrant] : image.Pixels[redQuadrant + 2];
        Assert.InRange(red, 200, 240);
        Assert.InRange(blue, 10, 50);
    }

    [Theory]
    [InlineData(1280, 720)]
    [InlineData(1919, 1079)]
    [InlineData(641, 363)]
    [InlineData(7, 5)]
    public void Decode_MainScales_GiveTjScaledSizes(int width, int height)
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(width, height), 80);

        foreach (JpegScale scale in new[] { JpegScale.Full, JpegScale.Half, JpegScale.Quarter, JpegScale.Eighth })
        {
            RawImage image = JpegCodec.Decode(jpeg, scale);

            int expectedWidth = ((width * scale.Numerator) + scale.Denominator - 1) / scale.Denominator;
            int expectedHeight = ((height * scale.Numerator) + scale.Denominator - 1) / scale.Denominator;
            Assert.Equal((expectedWidth, expectedHeight), (image.Width, image.Height));
            Assert.Equal(expectedWidth * expectedHeight * 3, image.Pixels.Length);
        }
    }

    [Fact]
    public void Decode_Half_MatchesFullDecodeDownsampled()
    {
        RawImage original = TestImages.Smooth(640, 360);
        byte[] jpeg = JpegCodec.Encode(original, 95, JpegSubsampling.Yuv444);

        RawImage half = JpegCodec.Decode(jpeg, JpegScale.Half);
        RawImage reference = TestImages.ReferenceResize(JpegCodec.Decode(jpeg), 320, 180);

        TestImages.AssertPsnrAbove(35, reference, half);
    }

    [Fact]
    public void Decode_IntoCallerBufferWithPaddedStride_FillsRowsAndLeavesPaddingAlone()
    {
        RawImage original = TestImages.Smooth(100, 60);
        byte[] jpeg = JpegCodec.Encode(original, 90);
        RawImage expected = JpegCodec.Decode(jpeg, JpegScale.Half);
        const int stride = (50 * 3) + 10;
        byte[] buffer = new byte[stride * 30];
        Array.Fill(buffer, (byte)0xAB);

        JpegCodec.Decode(jpeg, JpegScale.Half, PixelFormat.Rgb24, buffer, stride);

        for (int y = 0; y < 30; y++)
        {
            Assert.Equal(expected.Pixels.AsSpan(y * 150, 150), buffer.AsSpan(y * stride, 150));
            Assert.All(buffer.AsSpan((y * stride) + 150, 10).ToArray(), b => Assert.Equal(0xAB, b));
        }
    }

    [Fact]
    public void Decode_IntoTooSmallBuffer_ThrowsArgumentException()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.Smooth(64, 64), 80);

        Assert.Throws<ArgumentException>(() => JpegCodec.Decode(jpeg, JpegScale.Full, PixelFormat.Rgb24, new byte[(64 * 64 * 3) - 1], 64 * 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegCodec.Decode(jpeg, JpegScale.Full, PixelFormat.Rgb24, new byte[64 * 64 * 3], (64 * 3) - 1));
    }

    [Fact]
    public void Decode_UnsupportedScale_Throws()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.Smooth(64, 64), 80);

        Assert.Throws<ArgumentOutOfRangeException>(() => JpegCodec.Decode(jpeg, new JpegScale(1, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegCodec.Decode(jpeg, default(JpegScale)));
    }

    [Fact]
    public void Encode_IntoBufferWriter_WritesSameBytesAsArrayOverload()
    {
        RawImage image = TestImages.CameraLike(320, 240);
        byte[] expected = JpegCodec.Encode(image, 80);
        var writer = new ArrayBufferWriter<byte>();
        writer.Write(new byte[] { 1, 2, 3 });

        int written = JpegCodec.Encode(image.Pixels, 320, 240, image.Stride, PixelFormat.Rgb24, 80, JpegSubsampling.Yuv420, writer);

        Assert.Equal(expected.Length, written);
        Assert.Equal(3 + written, writer.WrittenCount);
        Assert.Equal(expected, writer.WrittenSpan[3..].ToArray());
    }

    [Fact]
    public void Encode_WithPaddedStride_IgnoresPadding()
    {
        RawImage image = TestImages.Smooth(50, 40);
        const int stride = 200;
        byte[] padded = new byte[stride * 40];
        var random = new Random(3);
        random.NextBytes(padded);
        for (int y = 0; y < 40; y++)
        {
            image.Pixels.AsSpan(y * 150, 150).CopyTo(padded.AsSpan(y * stride));
        }

        byte[] fromPadded = JpegCodec.Encode(padded, 50, 40, stride, PixelFormat.Rgb24, 85);

        Assert.Equal(JpegCodec.Encode(image, 85), fromPadded);
    }

    [Fact]
    public void Encode_InvalidArguments_ThrowWithParameterNames()
    {
        byte[] pixels = new byte[10 * 10 * 3];

        Assert.Equal("quality", Assert.Throws<ArgumentOutOfRangeException>(() => JpegCodec.Encode(pixels, 10, 10, 30, PixelFormat.Rgb24, 0)).ParamName);
        Assert.Equal("quality", Assert.Throws<ArgumentOutOfRangeException>(() => JpegCodec.Encode(pixels, 10, 10, 30, PixelFormat.Rgb24, 101)).ParamName);
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => JpegCodec.Encode(pixels, 0, 10, 30, PixelFormat.Rgb24, 80)).ParamName);
        Assert.Equal("height", Assert.Throws<ArgumentOutOfRangeException>(() => JpegCodec.Encode(pixels, 10, JpegCodec.MaxDimension + 1, 30, PixelFormat.Rgb24, 80)).ParamName);
        Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => JpegCodec.Encode(pixels, 10, 10, 29, PixelFormat.Rgb24, 80)).ParamName);
        Assert.Equal("pixels", Assert.Throws<ArgumentException>(() => JpegCodec.Encode(pixels, 10, 11, 30, PixelFormat.Rgb24, 80)).ParamName);
        Assert.Equal("subsampling", Assert.Throws<ArgumentOutOfRangeException>(() => JpegCodec.Encode(pixels, 10, 10, 30, PixelFormat.Rgb24, 80, (JpegSubsampling)9)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegCodec.Encode(pixels, 10, 10, 30, (PixelFormat)42, 80));
    }

    [Fact]
    public void RawImage_InvalidSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RawImage(0, 10, PixelFormat.Rgb24));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RawImage(10, -1, PixelFormat.Gray8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RawImage(JpegCodec.MaxDimension + 1, 1, PixelFormat.Gray8));
    }

    [Fact]
    public void SupportedScales_ContainMainScalesLargestFirst()
    {
        IReadOnlyList<JpegScale> scales = JpegCodec.SupportedScales;

        Assert.Contains(JpegScale.Full, scales);
        Assert.Contains(JpegScale.Half, scales);
        Assert.Contains(JpegScale.Quarter, scales);
        Assert.Contains(JpegScale.Eighth, scales);
        for (int i = 1; i < scales.Count; i++)
        {
            Assert.True((double)scales[i - 1].Numerator / scales[i - 1].Denominator > (double)scales[i].Numerator / scales[i].Denominator);
        }
    }

    [Theory]
    [InlineData(1280, 720, 640, 360, 1, 2)]
    [InlineData(1280, 720, 500, 281, 1, 2)]
    [InlineData(1280, 720, 160, 90, 1, 8)]
    [InlineData(1280, 720, 161, 90, 1, 4)] // 1/8 gives 160 wide: too small; 1/4 is next
    [InlineData(1280, 720, 1280, 720, 1, 1)]
    [InlineData(1280, 720, 1000, 100, 1, 1)] // the width decides; 7/8 would fit but is slower than 1/1
    [InlineData(1280, 720, 700, 100, 1, 1)] // 5/8 would fit, 1/2 does not: fast scales only
    [InlineData(1280, 720, 1920, 1080, 1, 1)] // never an up-scaling DCT: the resampler enlarges
    [InlineData(1920, 1080, 480, 270, 1, 4)]
    [InlineData(1920, 1080, 720, 405, 1, 2)] // 3/8 would be exact but is slow
    [InlineData(7, 5, 1, 1, 1, 8)]
    public void ChooseScale_PicksSmallestScaleStillCoveringTarget(int sw, int sh, int tw, int th, int num, int den)
    {
        JpegScale scale = JpegCodec.ChooseScale(sw, sh, tw, th);

        Assert.Equal(new JpegScale(num, den), scale);
        Assert.True(scale.Apply(sw) >= Math.Min(tw, sw) && scale.Apply(sh) >= Math.Min(th, sh));
    }

    [Fact]
    public void JpegScale_Apply_RoundsUpLikeTjScaled()
    {
        Assert.Equal(160, JpegScale.Eighth.Apply(1280));
        Assert.Equal(136, JpegScale.Eighth.Apply(1081));
        Assert.Equal(1, JpegScale.Eighth.Apply(1));
        Assert.Equal(0, JpegScale.Half.Apply(0));
        Assert.Equal(525, new JpegScale(7, 8).Apply(600));
        Assert.Throws<InvalidOperationException>(() => default(JpegScale).Apply(10));
    }

    [Fact]
    public void Decode_RejectsOversizedHeaderBeforeAllocating()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.Smooth(64, 48), 80);
        int sof = FindMarker(jpeg, 0xC0);
        // SOF0: FF C0, length(2), precision(1), height(2), width(2).
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 30000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 30000);

        Assert.Equal(30000, JpegCodec.ReadInfo(jpeg).Width);
        JpegException error = Assert.Throws<JpegException>(() => JpegCodec.Decode(jpeg));
        Assert.Contains("16384", error.Message, StringComparison.Ordinal);
    }

    internal static int FindMarker(byte[] jpeg, byte marker)
    {
        for (int i = 0; i < jpeg.Length - 1; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == marker)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Marker FF{marker:X2} not found.");
    }
}
