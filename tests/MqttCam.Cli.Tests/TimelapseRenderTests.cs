using System.Globalization;
using MqttCam.Cli.Tests.Support;
using MqttCam.Testing.Files;
using MqttCam.Testing.Media;

namespace MqttCam.Cli.Tests;

public sealed class TimelapseRenderTests
{
    [Fact]
    public async Task RenderTurnsTheStillsIntoAnMp4AndSkipsBrokenFiles()
    {
        Tools.RequireFfmpeg();
        using var stills = new TemporaryDirectory();
        for (var i = 0; i < 12; i++)
        {
            await File.WriteAllBytesAsync(stills.File($"tl-{i.ToString("0000", CultureInfo.InvariantCulture)}.jpg"), TestJpegs.Create(160, 120, i), TestContext.Current.CancellationToken);
        }

        await File.WriteAllTextAsync(stills.File("tl-0005b.jpg"), "truncated", TestContext.Current.CancellationToken);
        using var output = new TemporaryDirectory();
        var path = output.File("film.mp4");

        var result = await CliRunner.RunAsync("timelapse", "render", stills.Path, "-o", path, "--fps", "6");

        Assert.True(result.ExitCode == 0, result.ToString());
        var probe = await VideoProbe.ProbeAsync(path);
        Assert.Equal(("h264", 12), (probe.Codec, probe.Frames));
        Assert.InRange(probe.Duration, 1.9, 2.1);
        Assert.Contains("rendering: 13/13 (100%)", result.Output, StringComparison.Ordinal);
        Assert.Contains("tl-0005b.jpg: not a JPEG", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyFolderIsAClearError()
    {
        using var stills = new TemporaryDirectory();

        var result = await CliRunner.RunAsync("timelapse", "render", stills.Path, "-o", stills.File("film.mp4"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no files matching '*.jpg'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(stills.File("film.mp4")));
    }
}
