namespace MqttCam.Capture.Tests;

public sealed class CaptureOptionsTests
{
    [Fact]
    public void Validate_ValidOptions_ReportsNothing()
    {
        Assert.Empty(new CaptureOptions().Validate());
    }

    [Fact]
    public void Validate_SeveralBadKeys_ReportsEachOnce()
    {
        var options = new CaptureOptions
        {
            Source = CaptureSourceKind.Ffmpeg,
            FfmpegInput = " ",
            MaxFrameSize = 10,
            FrameQueueCapacity = 0,
            StallTimeout = TimeSpan.Zero,
        };

        var problems = options.Validate();

        Assert.Equal(4, problems.Count);
        Assert.StartsWith("Camera:MaxFrameSize", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("Camera:FrameQueueCapacity", problems[1], StringComparison.Ordinal);
        Assert.StartsWith("Camera:StallTimeout", problems[2], StringComparison.Ordinal);
        Assert.StartsWith("Camera:FfmpegInput", problems[3], StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfInvalid_ListsEveryProblemInTheMessage()
    {
        var options = new CaptureOptions { Source = CaptureSourceKind.Files, FrameQueueCapacity = 99 };

        var error = Assert.Throws<ArgumentException>(options.ThrowIfInvalid);

        Assert.Contains("Camera:FrameQueueCapacity", error.Message, StringComparison.Ordinal);
        Assert.Contains("Camera:FilesDirectory", error.Message, StringComparison.Ordinal);
    }
}
