using MqttCam.Capture.Ffmpeg;
using MqttCam.Processes;
using MqttCam.Core.Settings;

namespace MqttCam.Capture.Tests.Ffmpeg;

public sealed class FfmpegArgumentsTests
{
    [Theory]
    [InlineData(100, 2)]
    [InlineData(1, 31)]
    [InlineData(80, 8)]
    [InlineData(50, 17)]
    public void QualityToQScale_MapsLinearly(int quality, int expected) => Assert.Equal(expected, FfmpegArguments.QualityToQScale(quality));

    [Fact]
    public void QualityToQScale_OutOfRange_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => FfmpegArguments.QualityToQScale(0));

    [Fact]
    public void Build_ReEncode_ScalesLimitsRateAndSetsQuality()
    {
        var settings = new CameraSettings { Width = 320, Height = 240, Fps = 12.5, Quality = 100, HorizontalFlip = true, Rotation = 180 };
        Assert.Equal(
            ["-nostdin", "-hide_banner", "-loglevel", "error", "-f", "v4l2", "-i", "/dev/video0", "-an", "-vf", "fps=12.5,scale=320:240,vflip", "-q:v", "2", "-f", "mjpeg", "-"],
            FfmpegArguments.Build(["-f", "v4l2", "-i", "/dev/video0"], settings, copy: false));
    }

    [Fact]
    public void Build_Copy_PassesFramesThrough()
    {
        Assert.Equal(
            ["-nostdin", "-hide_banner", "-loglevel", "error", "-i", "x.mjpeg", "-an", "-c:v", "copy", "-f", "mjpeg", "-"],
            FfmpegArguments.Build(["-i", "x.mjpeg"], new CameraSettings(), copy: true));
    }

    [Fact]
    public void CommandLineSplitter_HonoursQuotesAndEscapes()
    {
        Assert.Equal(
            ["-f", "v4l2", "-i", "/dev/my video", "it's", "a\"b", "rtsp://host/x?a=1&b=2"],
            CommandLineSplitter.Split("  -f v4l2 -i '/dev/my video' \"it's\" a\\\"b   rtsp://host/x?a=1&b=2 "));
        Assert.Throws<ArgumentException>(() => CommandLineSplitter.Split("-i 'unterminated"));
    }
}
