using System.Diagnostics;
using MqttCam.Bridge.Tests.Serving;
using MqttCam.Bridge.Tests.Support;
using MqttCam.Testing.Media;

namespace MqttCam.Bridge.Tests.Streaming;

/// <summary>A real third-party MJPEG client: ffmpeg's mpjpeg demuxer reads the stream and decodes every part.</summary>
public sealed class MjpegFfmpegTests(BrokerFixture broker)
{
    [Fact]
    public async Task Ffmpeg_ReadsTheStreamAndDecodesFramesOfTheRightSize()
    {
        var token = TestContext.Current.CancellationToken;
        Assert.True(File.Exists("/usr/bin/ffmpeg"), "ffmpeg not found: apt-get install ffmpeg");
        await using var bridge = await BridgeHost.StartAsync(broker);
        await using var device = await FakeDevice.ConnectAsync(broker, bridge.Prefix, "cam1");
        await FrameEndpointsTests.PublishAndAwaitAsync(bridge, device, TestJpegs.Numbered(0, 320, 240), 0);

        const int Frames = 3;
        var start = new ProcessStartInfo("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "mpjpeg", "-i", new Uri(bridge.Address, "/cameras/cam1/stream.mjpeg").ToString(), "-frames:v", Frames.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "gray", "-"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var ffmpeg = Process.Start(start)!;
        var output = new MemoryStream();
        var copy = ffmpeg.StandardOutput.BaseStream.CopyToAsync(output, token);
        var errors = ffmpeg.StandardError.ReadToEndAsync(token);

        // Play a camera at 20 fps until ffmpeg has what it asked for (the pacing is the camera's, not a wait).
        using var camera = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        for (var i = 1; !ffmpeg.HasExited && i < 400 && await camera.WaitForNextTickAsync(token); i++)
        {
            await device.PublishFrameAsync(TestJpegs.Numbered(i, 320, 240), i);
        }

        await ffmpeg.WaitForExitAsync(token).WaitAsync(TimeSpan.FromSeconds(20), token);
        await copy;
        Assert.True(ffmpeg.ExitCode == 0, await errors);
        Assert.Equal(Frames * 320 * 240, output.Length);
    }
}
