using MqttCam.Testing.Media;

namespace MqttCam.Capture.Tests;

public sealed class JpegFrameTests
{
    private static readonly DateTimeOffset s_capturedAt = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Create_ValidJpeg_CopiesBytesAndReadsSizeFromHeader()
    {
        var jpeg = TestJpegs.Create(64, 48, seed: 1);
        using var frame = JpegFrame.Create(jpeg, sequence: 7, s_capturedAt);

        Assert.Equal(jpeg, frame.Data.ToArray());
        Assert.Equal(jpeg, frame.ToArray());
        Assert.Equal(jpeg.Length, frame.Length);
        Assert.Equal((64, 48), (frame.Width, frame.Height));
        Assert.Equal(7, frame.Sequence);
        Assert.Equal(s_capturedAt, frame.CapturedAt);
    }

    [Fact]
    public void Create_NotJpeg_ThrowsClearError()
    {
        var error = Assert.Throws<InvalidDataException>(() => JpegFrame.Create("hello, not a jpeg"u8, 3, s_capturedAt));
        Assert.Contains("not a valid JPEG", error.Message, StringComparison.Ordinal);
        Assert.False(JpegFrame.TryCreate([], 3, s_capturedAt, out var frame));
        Assert.Null(frame);
    }

    [Fact]
    public void Dispose_Twice_IsHarmlessAndLaterReadsFailLoudly()
    {
        var frame = JpegFrame.Create(TestJpegs.Create(16, 16, seed: 2), 1, s_capturedAt);
        frame.Dispose();
        frame.Dispose();

        Assert.True(frame.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => frame.Data);
        Assert.Throws<ObjectDisposedException>(() => frame.ToArray());
        Assert.Equal(1, frame.Sequence);
    }
}
