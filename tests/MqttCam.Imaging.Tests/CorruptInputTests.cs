namespace MqttCam.Imaging.Tests;

/// <summary>Bad input must surface as JpegException, never a crash, a hang or a silently wrong image.</summary>
public sealed class CorruptInputTests
{
    private static readonly byte[] s_jpeg = JpegCodec.Encode(TestImages.CameraLike(320, 240), 80);

    [Fact]
    public void EmptyInput_ThrowsJpegException()
    {
        Assert.Throws<JpegException>(() => JpegCodec.ReadInfo(ReadOnlySpan<byte>.Empty));
        Assert.Throws<JpegException>(() => JpegCodec.Decode(ReadOnlySpan<byte>.Empty));
        Assert.Throws<JpegException>(() => JpegResizer.Resize(ReadOnlySpan<byte>.Empty, 10, 10));
        Assert.False(JpegCodec.TryReadInfo(ReadOnlySpan<byte>.Empty, out JpegInfo info));
        Assert.Equal(default, info);
    }

    [Fact]
    public void NonJpegInput_ThrowsJpegExceptionWithLibraryMessage()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

        JpegException error = Assert.Throws<JpegException>(() => JpegCodec.ReadInfo(png));

        Assert.Contains("Not a JPEG file", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.NativeMessage);
        Assert.False(JpegCodec.TryReadInfo(png, out _));
        Assert.Throws<JpegException>(() => JpegCodec.Decode("hello, world"u8));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomBytes_ThrowJpegException(int seed)
    {
        byte[] garbage = new byte[5000];
        new Random(seed).NextBytes(garbage);
        // Also with a valid SOI so the parser gets past the first check.
        byte[] withSoi = [0xFF, 0xD8, .. garbage];

        Assert.False(JpegCodec.TryReadInfo(garbage, out _));
        Assert.Throws<JpegException>(() => JpegCodec.Decode(garbage));
        Assert.Throws<JpegException>(() => JpegCodec.Decode(withSoi));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.95)]
    public void TruncatedJpeg_DecodeThrowsAsWarning(double keep)
    {
        byte[] truncated = s_jpeg[..(int)(s_jpeg.Length * keep)];

        // The header is intact, so the cheap check passes; the pixels are not all there, so decoding must fail.
        Assert.True(JpegCodec.TryReadInfo(truncated, out _));
        JpegException error = Assert.Throws<JpegException>(() => JpegCodec.Decode(truncated));
        Assert.True(error.IsWarning);
        Assert.Contains("Premature end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedInsideHeader_ReadInfoThrows()
    {
        Assert.Throws<JpegException>(() => JpegCodec.ReadInfo(s_jpeg.AsSpan(0, 100)));
    }

    [Theory]
    [InlineData(0xD9)] // EOI
    [InlineData(0xC4)] // DHT
    [InlineData(0xD3)] // RST3, out of sequence (the encoder wrote no restart markers)
    public void MarkerInsideEntropyData_DecodeThrows(byte marker)
    {
        byte[] corrupt = (byte[])s_jpeg.Clone();
        int middle = EntropyDataStart(corrupt) + ((corrupt.Length - EntropyDataStart(corrupt)) / 2);
        corrupt[middle] = 0xFF;
        corrupt[middle + 1] = marker;

        JpegException error = Assert.Throws<JpegException>(() => JpegCodec.Decode(corrupt));
        Assert.Contains("Corrupt JPEG data", error.Message, StringComparison.Ordinal);
        Assert.Throws<JpegException>(() => JpegResizer.Resize(corrupt, 100, 75));
    }

    /// <summary>
    /// JPEG has no checksum: a flipped byte that still forms valid Huffman codes decodes to a wrong picture and no
    /// decoder can notice (MQTT over TCP is what guarantees integrity). What we can promise is that everything
    /// libjpeg notices is raised, never crashes, and that heavier damage is nearly always caught.
    /// </summary>
    [Fact]
    public void FlippedBytesInEntropyData_AreRejectedWheneverLibjpegNotices()
    {
        int start = EntropyDataStart(s_jpeg) + 50;
        int rejected = 0;
        const int trials = 60;
        for (int seed = 0; seed < trials; seed++)
        {
            byte[] corrupt = (byte[])s_jpeg.Clone();
            var random = new Random(seed);
            for (int i = 0; i < 32; i++)
            {
                corrupt[random.Next(start, corrupt.Length - 2)] ^= (byte)random.Next(1, 256);
            }

            try
            {
                RawImage image = JpegCodec.Decode(corrupt);
                Assert.Equal((320, 240), (image.Width, image.Height));
            }
            catch (JpegException error)
            {
                Assert.StartsWith("Decoding the JPEG failed: ", error.Message, StringComparison.Ordinal);
                rejected++;
            }
        }

        // Ignoring libjpeg warnings would let almost all of these through.
        Assert.True(rejected >= trials * 9 / 10, $"only {rejected} of {trials} corrupted frames were rejected");
    }

    [Fact]
    public void AfterAFailure_SameThreadDecodesGoodInputCorrectly()
    {
        RawImage expected = JpegCodec.Decode(s_jpeg);

        Assert.Throws<JpegException>(() => JpegCodec.Decode(s_jpeg.AsSpan(0, s_jpeg.Length / 2)));
        Assert.Throws<JpegException>(() => JpegCodec.ReadInfo("nope"u8));
        RawImage again = JpegCodec.Decode(s_jpeg);

        Assert.Equal(expected.Pixels, again.Pixels);
    }

    private static int EntropyDataStart(byte[] jpeg)
    {
        int sos = JpegCodecTests.FindMarker(jpeg, 0xDA);
        return sos + 2 + ((jpeg[sos + 2] << 8) | jpeg[sos + 3]);
    }
}
