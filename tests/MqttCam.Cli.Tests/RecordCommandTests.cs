using MqttCam.Cli.Tests.Support;
using MqttCam.Testing.Files;
using MqttCam.Testing.Media;

namespace MqttCam.Cli.Tests;

public sealed class RecordCommandTests
{
    [Fact]
    public async Task WithoutRpicamTheMjpegFramesAreEncodedToAPlayableH264Mp4()
    {
        Tools.RequireFfmpeg();
        using var directory = new TemporaryDirectory();
        var path = directory.File("clip.mp4");

        var result = await CliRunner.RunAsync("record", "--seconds", "2", "--fps", "10", "--width", "320", "-o", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var probe = await VideoProbe.ProbeAsync(path);
        Assert.Equal("h264", probe.Codec);
        Assert.Equal(20, probe.Frames);
        Assert.InRange(probe.Duration, 1.9, 2.1);
        Assert.Equal((320, 180), (probe.Width, probe.Height));
        Assert.Contains("recording: 20/20 (100%)", result.Output, StringComparison.Ordinal);
        Assert.Contains("20 MJPEG frames encoded with libx264", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithRpicamItsH264IsWrappedIntoMp4()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("pi.mp4");

        var result = await CliRunner.RunAsync("record", "--source", "Rpicam", "--rpicam-path", FakeRpicam.ScriptPath, "--seconds", "1.5", "--fps", "10", "--width", "320", "-o", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("H.264 from rpicam-vid", result.Output, StringComparison.Ordinal);
        var probe = await VideoProbe.ProbeAsync(path);
        Assert.Equal("h264", probe.Codec);
        Assert.Equal(15, probe.Frames);
        Assert.Equal((320, 180), (probe.Width, probe.Height));
    }

    [Fact]
    public async Task ANonPositiveLengthIsRefusedAndNothingIsWritten()
    {
        using var directory = new TemporaryDirectory();

        var result = await CliRunner.RunAsync("record", "--seconds", "0", "-o", directory.File("x.mp4"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--seconds must be", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory.Path));
    }
}
