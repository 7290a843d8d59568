using MqttCam.Imaging.Dc;

namespace MqttCam.Imaging.Tests.Dc;

/// <summary>The DC reader against libturbojpeg's 1/8 gray decode, pixel for pixel, on our encoder's and ffmpeg's JPEGs.</summary>
public sealed class JpegDcDecoderTests
{
    private static readonly JpegSubsampling[] s_subsamplings =
        [JpegSubsampling.Yuv444, JpegSubsampling.Yuv422, JpegSubsampling.Yuv420, JpegSubsampling.Gray, JpegSubsampling.Yuv440, JpegSubsampling.Yuv411];

    private readonly JpegDcDecoder _decoder = new();

    [Theory]
    [InlineData(5, 1)]
    [InlineData(1, 5)]
    [InlineData(5, 5)]
    [InlineData(17, 9)]
    [InlineData(8, 8)]
    [InlineData(16, 16)]
    [InlineData(33, 65)]
    [InlineData(100, 7)]
    [InlineData(320, 240)]
    public void OurEncoder_EverySubsamplingAndQuality_MatchesLibjpeg(int width, int height)
    {
        foreach (JpegSubsampling subsampling in s_subsamplings)
        {
            foreach (int quality in new[] { 10, 35, 50, 80, 95, 100 })
            {
                foreach (int noise in new[] { 0, 12, 60 })
                {
                    byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(width, height, noise, seed: quality + noise), quality, subsampling);
                    DcReference.AssertSameAsLibjpeg(_decoder, jpeg, $"{width}x{height} {subsampling} q{quality} noise {noise}");
                }
            }
        }
    }

    [Theory]
    [InlineData(1279, 719, JpegSubsampling.Yuv420)]
    [InlineData(1280, 720, JpegSubsampling.Yuv420)]
    [InlineData(1279, 719, JpegSubsampling.Yuv422)]
    [InlineData(1279, 719, JpegSubsampling.Yuv444)]
    [InlineData(1279, 719, JpegSubsampling.Gray)]
    public void Large_NoisyFrames_MatchLibjpeg(int width, int height, JpegSubsampling subsampling)
    {
        foreach (int quality in new[] { 30, 80, 100 })
        {
            byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(width, height, noise: 40, seed: quality), quality, subsampling);
            DcReference.AssertSameAsLibjpeg(_decoder, jpeg, $"{width}x{height} {subsampling} q{quality}");
        }
    }

    [Fact]
    public void SeededRandomSizes_MatchLibjpeg()
    {
        var random = new Random(12);
        for (int i = 0; i < 150; i++)
        {
            int width = random.Next(1, 200), height = random.Next(1, 120);
            JpegSubsampling subsampling = s_subsamplings[random.Next(s_subsamplings.Length)];
            int quality = random.Next(10, 101);
            byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(width, height, random.Next(0, 80), seed: i), quality, subsampling);
            DcReference.AssertSameAsLibjpeg(_decoder, jpeg, $"#{i} {width}x{height} {subsampling} q{quality}");
        }
    }

    [Fact]
    public void FlatExtremes_ClampLikeLibjpeg()
    {
        foreach (byte level in new byte[] { 0, 1, 127, 128, 254, 255 })
        {
            var image = new RawImage(24, 16, PixelFormat.Rgb24);
            image.Pixels.AsSpan().Fill(level);
            foreach (int quality in new[] { 10, 100 })
            {
                DcReference.AssertSameAsLibjpeg(_decoder, JpegCodec.Encode(image, quality, JpegSubsampling.Yuv420), $"flat {level} q{quality}");
            }
        }
    }

    [Theory]
    [InlineData(64, 48, "yuvj420p", 2, false, 1)]
    [InlineData(64, 48, "yuvj420p", 31, true, 1)]
    [InlineData(17, 9, "yuvj444p", 5, false, 1)]
    [InlineData(6, 2, "yuvj444p", 3, false, 1)]
    [InlineData(2, 6, "yuvj420p", 3, false, 1)]
    [InlineData(322, 242, "yuvj422p", 4, true, 1)]
    [InlineData(1280, 720, "yuvj420p", 3, false, 4)]
    [InlineData(1279, 719, "yuvj422p", 6, true, 3)]
    [InlineData(320, 240, "yuvj444p", 2, false, 2)]
    [InlineData(96, 64, "yuv420p", 8, true, 4)]
    public async Task Ffmpeg_MatchesLibjpeg(int width, int height, string pixelFormat, int qscale, bool optimalHuffman, int slices)
    {
        foreach (int noise in new[] { 0, 40 })
        {
            byte[] jpeg = await FfmpegJpegs.CreateAsync(width, height, pixelFormat, qscale, optimalHuffman, slices, noise, seed: width + noise);
            DcReference.AssertSameAsLibjpeg(_decoder, jpeg, $"ffmpeg {width}x{height} {pixelFormat} q{qscale} slices {slices} noise {noise}");
        }
    }

    [Fact]
    public async Task FfmpegSlices_WriteRestartIntervals_ThatAreRead()
    {
        // ffmpeg's MJPEG encoder marks slice boundaries with DRI/RSTn: the only restart intervals our tools make.
        byte[] jpeg = await FfmpegJpegs.CreateAsync(640, 480, "yuvj420p", 3, false, 4, 30, seed: 5);
        Assert.True(FfmpegJpegs.HasRestarts(jpeg), "ffmpeg with 4 slices wrote no restart markers");
        DcReference.AssertSameAsLibjpeg(_decoder, jpeg, "ffmpeg slices");

        // A restart marker out of sequence (RST0 where RST1 belongs) is corrupt data for libjpeg and for us.
        int second = IndexOfMarker(jpeg, 0xD1);
        byte[] wrong = (byte[])jpeg.Clone();
        wrong[second + 1] = 0xD0;
        Assert.Null(DcReference.TryLibjpeg(wrong));
        Assert.Equal(JpegDcRefusal.CorruptData, Decode(wrong));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 4)]
    [InlineData(4, 1)]
    public void TinyImages_AreRefused_BecauseLibjpegDecodesThemAtALargerScale(int width, int height)
    {
        // TurboJPEG picks the largest scale whose output fits: a 2x2 image's 1x1 comes from the 1/2 scale (a pixel
        // of the 4x4 inverse DCT, AC included), not from the DC. The fallback gives exactly that.
        byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(width, height, noise: 60), 90, JpegSubsampling.Yuv444);

        Assert.Equal(JpegDcRefusal.TooSmall, Decode(jpeg));
        Assert.NotNull(DcReference.TryLibjpeg(jpeg));
    }

    [Fact]
    public void GrayOutputSize_IsEighthRoundedUp_AndStrideIsKept()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(17, 9), 80, JpegSubsampling.Yuv420);
        byte[] destination = new byte[10 * 2];
        destination.AsSpan().Fill(0xAA);

        Assert.Equal(JpegDcRefusal.None, _decoder.Decode(jpeg, destination, 10, out int width, out int height));

        Assert.Equal((3, 2), (width, height));
        Assert.Equal((3, 2), JpegDcDecoder.OutputSize(17, 9));
        Assert.All(destination[3..10], b => Assert.Equal(0xAA, b)); // the padding between rows is untouched
        Assert.Equal(JpegDcRefusal.DestinationTooSmall, _decoder.Decode(jpeg, new byte[5], 3, out _, out _));
        Assert.Equal(JpegDcRefusal.DestinationTooSmall, _decoder.Decode(jpeg, new byte[64], 2, out _, out _));
    }

    [Fact]
    public void SteadyState_AllocatesNothing()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(1280, 720), 80, JpegSubsampling.Yuv420);
        byte[] destination = new byte[160 * 90];
        _decoder.Decode(jpeg, destination, 160, out _, out _);

        int refused = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            refused += _decoder.Decode(jpeg, destination, 160, out _, out _) == JpegDcRefusal.None ? 0 : 1;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, refused);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void DcDifferencesOutOfRange_WrapLikeLibjpeg()
    {
        // A gray JPEG whose only DC category is 11 with value bits all ones: +2047 per block, so the DC climbs far
        // beyond 8-bit range, through the 16-bit JCOEF wrap and libjpeg's range-limit table wrap.
        byte[] jpeg = CraftedJpegs.Gray(width: 8 * 40, height: 8, dcCategory: 11, quant: 255);
        RawImage? expected = DcReference.TryLibjpeg(jpeg);
        Assert.NotNull(expected);
        DcReference.AssertSameAsLibjpeg(_decoder, jpeg, "DC +2047 per block");
    }

    [Theory]
    [InlineData(640, 160, 0)]
    [InlineData(640, 160, 1)]
    [InlineData(1000, 96, 7)]
    [InlineData(333, 400, 40)]
    public void UnaryCodes_LongCodesAndStuffingEverywhere_MatchLibjpeg(int width, int height, int restartInterval)
    {
        for (int seed = 0; seed < 4; seed++)
        {
            byte[] jpeg = CraftedJpegs.Unary(width, height, seed, restartInterval);
            string what = $"unary {width}x{height} restart {restartInterval} seed {seed}";

            // Not vacuous: the scan spans many of the reader's 4 KB chunks, with a stuffed FF every few bytes.
            Assert.True(jpeg.Length > 8 * 4096, $"{what}: only {jpeg.Length} bytes");
            int stuffed = Enumerable.Range(0, jpeg.Length - 1).Count(i => jpeg[i] == 0xFF && jpeg[i + 1] == 0);
            Assert.True(stuffed > jpeg.Length / 20, $"{what}: only {stuffed} stuffed FFs in {jpeg.Length} bytes");
            DcReference.AssertSameAsLibjpeg(_decoder, jpeg, what);
        }
    }

    [Fact]
    public void UnaryCodes_CutShort_AreCorrupt_LikeLibjpeg()
    {
        byte[] jpeg = CraftedJpegs.Unary(640, 160, seed: 9);
        int scan = IndexOfMarker(jpeg, 0xDA) + 10;
        for (int keep = scan; keep < jpeg.Length - 2; keep += 331)
        {
            byte[] cut = [.. jpeg[..keep], 0xFF, 0xD9];
            Assert.Equal(JpegDcRefusal.CorruptData, Decode(cut));
            Assert.Null(DcReference.TryLibjpeg(cut));
        }
    }

    private static int IndexOfMarker(byte[] jpeg, byte code)
    {
        for (int i = 0; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == code)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"no marker FF{code:X2}");
    }

    private JpegDcRefusal Decode(byte[] jpeg) => _decoder.Decode(jpeg, new byte[1 << 22], 2048, out _, out _);
}
