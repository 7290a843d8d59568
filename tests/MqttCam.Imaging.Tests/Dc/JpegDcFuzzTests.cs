using System.Buffers.Binary;
using MqttCam.Imaging.Dc;

namespace MqttCam.Imaging.Tests.Dc;

/// <summary>
/// Seeded damage to real JPEGs: the DC reader must refuse or decode, never throw, never read past the input (guard
/// page), and whatever it decodes libturbojpeg must decode too, to the same pixels (so falling back changes nothing).
/// </summary>
public sealed class JpegDcFuzzTests : IDisposable
{
    private const int Cases = 6000;
    private readonly JpegDcDecoder _decoder = new();
    private readonly GuardedBuffer _guarded = new(1 << 20);
    private readonly byte[] _destination = new byte[2048 * 2048];

    public void Dispose() => _guarded.Dispose();

    [Fact]
    public async Task MutatedJpegs_AreRefusedOrDecodedLikeLibjpeg()
    {
        byte[][] bases =
        [
            JpegCodec.Encode(TestImages.CameraLike(96, 64, noise: 30), 80, JpegSubsampling.Yuv420),
            JpegCodec.Encode(TestImages.CameraLike(40, 24, noise: 10), 50, JpegSubsampling.Gray),
            JpegCodec.Encode(TestImages.CameraLike(33, 17, noise: 60), 95, JpegSubsampling.Yuv444),
            JpegCodec.Encode(TestImages.CameraLike(50, 30, noise: 5), 20, JpegSubsampling.Yuv422),
            await FfmpegJpegs.CreateAsync(64, 48, "yuvj420p", 4, false, 3, 30, seed: 9), // restart intervals
            CraftedJpegs.Gray(8 * 12, 16, dcCategory: 11, quant: 200),
        ];
        var random = new Random(20261202);
        int decoded = 0, refused = 0;
        var reasons = new HashSet<JpegDcRefusal>();
        for (int i = 0; i < Cases; i++)
        {
            byte[] source = bases[i % bases.Length];
            (byte[] jpeg, string how) = Mutate(source, random);
            JpegDcRefusal refusal = _decoder.Decode(_guarded.Place(jpeg), _destination, 2048, out int width, out int height);
            if (refusal != JpegDcRefusal.None)
            {
                refused++;
                reasons.Add(refusal);
                Assert.False(string.IsNullOrEmpty(refusal.Describe()));
                continue;
            }

            decoded++;

            // The motion detector skips libturbojpeg's header check for what we accept: it must accept it too.
            Assert.True(JpegCodec.TryReadInfo(jpeg, out JpegInfo info), $"case {i} ({how}): we accepted a header libturbojpeg refuses");
            Assert.Equal(JpegDcDecoder.OutputSize(info.Width, info.Height), (width, height));
            RawImage? expected = DcReference.TryLibjpeg(jpeg);
            Assert.True(expected is not null, $"case {i} ({how}): we decoded what libturbojpeg refuses");
            Assert.Equal((expected.Width, expected.Height), (width, height));
            for (int y = 0; y < height; y++)
            {
                Assert.True(
                    expected.Pixels.AsSpan(y * expected.Stride, width).SequenceEqual(_destination.AsSpan(y * 2048, width)),
                    $"case {i} ({how}): row {y} differs from libturbojpeg");
            }
        }

        Assert.True(decoded > Cases / 20, $"only {decoded} of {Cases} mutated JPEGs decoded: the mutations are too blunt to test equality");
        Assert.True(refused > Cases / 4, $"only {refused} of {Cases} refused");
        Assert.Contains(JpegDcRefusal.CorruptData, reasons);
        Assert.Contains(JpegDcRefusal.Truncated, reasons);
        Assert.Contains(JpegDcRefusal.MalformedSegment, reasons);
    }

    [Fact]
    public void EverySamplingLayout_WeAccept_LibturbojpegsHeaderCheckAccepts()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(64, 48), 80, JpegSubsampling.Yuv444);
        int factors = IndexOfMarker(jpeg, 0xC0) + 11; // Nf at +9, then (id, HV, Tq) per component
        int accepted = 0;
        for (int layout = 0; layout < 1 << 12; layout++)
        {
            for (int c = 0; c < 3; c++)
            {
                int h = 1 + ((layout >> (4 * c)) & 3), v = 1 + ((layout >> ((4 * c) + 2)) & 3);
                jpeg[factors + (3 * c)] = (byte)((h << 4) | v);
            }

            bool ours = _decoder.ReadHeader(jpeg, out int width, out int height) == JpegDcRefusal.None;
            bool theirs = JpegCodec.TryReadInfo(jpeg, out JpegInfo info);
            if (ours)
            {
                accepted++;
                Assert.True(theirs, $"layout {Layout(jpeg, factors)}: we accept what libturbojpeg's header check refuses");
                Assert.Equal((info.Width, info.Height), (width, height));
            }
        }

        // 4:4:4, 4:2:2, 4:2:0, 4:4:0, 4:1:1, the odd 4:2:2 / 4:4:0 under 2x2 and 4:4:4 as 2x1, 1x2, 3x1, 1x3.
        Assert.Equal(11, accepted);
    }

    [Fact]
    public void RandomBytes_AfterAnSoi_AreRefused()
    {
        var random = new Random(7);
        for (int i = 0; i < 500; i++)
        {
            byte[] garbage = new byte[random.Next(0, 3000)];
            random.NextBytes(garbage);
            if (garbage.Length >= 2 && i % 2 == 0)
            {
                garbage[0] = 0xFF;
                garbage[1] = 0xD8;
            }

            Assert.NotEqual(JpegDcRefusal.None, _decoder.Decode(_guarded.Place(garbage), _destination, 2048, out _, out _));
        }
    }

    [Theory]
    [InlineData(0xC2, JpegDcRefusal.Progressive)]
    [InlineData(0xC3, JpegDcRefusal.Lossless)]
    [InlineData(0xC5, JpegDcRefusal.Hierarchical)]
    [InlineData(0xC9, JpegDcRefusal.Arithmetic)]
    [InlineData(0xCA, JpegDcRefusal.Arithmetic)]
    public void OtherCodingProcesses_AreRefusedByName(byte frameMarker, JpegDcRefusal expected)
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(64, 48), 80, JpegSubsampling.Yuv420);
        jpeg[IndexOfMarker(jpeg, 0xC0) + 1] = frameMarker;

        Assert.Equal(expected, _decoder.Decode(jpeg, _destination, 2048, out _, out _));
    }

    [Fact]
    public void RealProgressiveJpeg_IsRefused_AndLibjpegStillDecodesIt()
    {
        byte[] jpeg = ProgressiveEncoder.Encode(TestImages.CameraLike(64, 48, noise: 20), quality: 80);
        Assert.True(IndexOfMarker(jpeg, 0xC2) > 0, "libturbojpeg did not write SOF2");

        Assert.Equal(JpegDcRefusal.Progressive, _decoder.Decode(jpeg, _destination, 2048, out _, out _));
        Assert.NotNull(DcReference.TryLibjpeg(jpeg));
    }

    [Fact]
    public void TwelveBitPrecision_AndAdobeRgb_AreRefused()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(64, 48), 80, JpegSubsampling.Yuv420);
        byte[] twelve = (byte[])jpeg.Clone();
        twelve[IndexOfMarker(twelve, 0xC0) + 4] = 12;
        Assert.Equal(JpegDcRefusal.UnsupportedPrecision, _decoder.Decode(twelve, _destination, 2048, out _, out _));

        // Without JFIF, an Adobe marker with transform 0 means RGB: libjpeg would weigh R, G and B, not take Y.
        Assert.Equal(0xE0, jpeg[3]);
        int app0End = 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));
        byte[] adobeRgb = [.. jpeg[..2], 0xFF, 0xEE, 0, 14, .. "Adobe"u8, 0, 100, 0, 0, 0, 0, 0, .. jpeg[app0End..]];
        Assert.Equal(JpegDcRefusal.UnsupportedColourSpace, _decoder.Decode(adobeRgb, _destination, 2048, out _, out _));
    }

    [Fact]
    public void HugeDimensions_AreRefusedFromTheHeader()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(64, 48), 80, JpegSubsampling.Yuv420);
        int sof = IndexOfMarker(jpeg, 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 60000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 60000);

        Assert.Equal(JpegDcRefusal.TooLarge, _decoder.Decode(jpeg, _destination, 2048, out _, out _));
    }

    [Fact]
    public void OverSubscribedHuffmanTable_IsRefused_AsLibjpegDoes()
    {
        byte[] jpeg = JpegCodec.Encode(TestImages.CameraLike(64, 48), 80, JpegSubsampling.Yuv420);
        int dht = IndexOfMarker(jpeg, 0xC4);
        // The first (DC luma) table's counts start at dht + 5: two 1-bit codes leave no room for the rest.
        jpeg[dht + 5] += 2;
        jpeg[dht + 7] -= 2;

        Assert.Equal(JpegDcRefusal.BadHuffmanTable, _decoder.Decode(jpeg, _destination, 2048, out _, out _));
        Assert.Null(DcReference.TryLibjpeg(jpeg));
    }

    private static (byte[] Jpeg, string How) Mutate(byte[] source, Random random)
    {
        byte[] jpeg = (byte[])source.Clone();
        int headerEnd = IndexOfMarker(source, 0xDA) + 14;
        switch (random.Next(8))
        {
            case 0:
                int flips = random.Next(1, 9);
                for (int f = 0; f < flips; f++)
                {
                    jpeg[random.Next(2, jpeg.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (jpeg, $"{flips} bit flips");
            case 1:
                int header = random.Next(2, headerEnd);
                jpeg[header] ^= (byte)(1 << random.Next(8));
                return (jpeg, $"header bit flip at {header}");
            case 2:
                int keep = random.Next(0, jpeg.Length);
                return (jpeg[..keep], $"truncated to {keep}");
            case 3:
                int at = random.Next(2, jpeg.Length);
                jpeg[at] = random.Next(3) switch { 0 => 0xFF, 1 => 0x00, _ => (byte)random.Next(256) };
                return (jpeg, $"byte {at} set to {jpeg[at]:X2}");
            case 4:
                int insertAt = random.Next(2, jpeg.Length);
                byte[] extra = new byte[random.Next(1, 4)];
                random.NextBytes(extra);
                return ([.. jpeg[..insertAt], .. extra, .. jpeg[insertAt..]], $"{extra.Length} bytes inserted at {insertAt}");
            case 5:
                int segment = RandomSegment(jpeg, random, headerEnd);
                ushort length = (ushort)random.Next(0, 70000);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(segment + 2), length);
                return (jpeg, $"segment at {segment} length {length}");
            case 6:
                int sof = IndexOfMarker(jpeg, 0xC0);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5 + (2 * random.Next(2))), (ushort)random.Next(0, 65536));
                return (jpeg, "SOF dimension changed");
            default:
                int dht = IndexOfMarker(jpeg, 0xC4);
                int countAt = dht + 5 + random.Next(16);
                jpeg[countAt] = (byte)random.Next(256);
                return (jpeg, $"DHT count at {countAt} = {jpeg[countAt]}");
        }
    }

    private static string Layout(byte[] jpeg, int factors) =>
        string.Join(' ', Enumerable.Range(0, 3).Select(c => $"{jpeg[factors + (3 * c)] >> 4}x{jpeg[factors + (3 * c)] & 15}"));

    private static int RandomSegment(byte[] jpeg, Random random, int headerEnd)
    {
        var starts = new List<int>();
        for (int i = 2; i + 1 < headerEnd; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is not 0x00 and not 0xFF)
            {
                starts.Add(i);
            }
        }

        return starts[random.Next(starts.Count)];
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

        return -1;
    }
}
