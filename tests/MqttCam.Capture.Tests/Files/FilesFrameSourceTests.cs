using MqttCam.Capture.Files;
using MqttCam.Capture.Tests.Support;
using MqttCam.Core.Settings;
using MqttCam.Testing.Files;
using MqttCam.Testing.Media;
using MqttCam.Testing.Time;

namespace MqttCam.Capture.Tests.Files;

public sealed class FilesFrameSourceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Frames_ReplayFolderInNameOrderLoopingAndSkipNonJpeg()
    {
        using var folder = new TemporaryDirectory();
        var a = TestJpegs.Create(32, 16, seed: 1);
        var b = TestJpegs.Create(48, 16, seed: 2);
        var c = TestJpegs.Create(64, 16, seed: 3);
        await File.WriteAllBytesAsync(folder.File("c.jpg"), c, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(folder.File("a.jpg"), a, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(folder.File("b2-notes.txt"), "not a picture", TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(folder.File("b.jpg"), b, TestContext.Current.CancellationToken);

        var logs = new CollectingLoggerProvider();
        using var loggerFactory = logs.CreateFactory();
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new CaptureOptions { Source = CaptureSourceKind.Files, FilesDirectory = folder.Path, FrameQueueCapacity = 8 };
        await using var source = FrameSourceFactory.Create(options, new CameraSettings { Fps = 2 }, loggerFactory, time);
        Assert.IsType<FilesFrameSource>(source);
        await source.StartAsync(TestContext.Current.CancellationToken);

        var received = new List<byte[]>();
        for (var i = 0; i < 7; i++)
        {
            if (i > 0)
            {
                time.Advance(TimeSpan.FromMilliseconds(500));
            }

            using var frame = await source.Frames.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_timeout, TestContext.Current.CancellationToken);
            received.Add(frame.ToArray());
            Assert.Equal(i + 1, frame.Sequence);
        }

        Assert.Equal([a, b, c, a, b, c, a], received);
        Assert.Equal(1, source.Status.FramesRejected);
        var skipped = Assert.Single(logs.Entries, e => e.EventName == "CaptureFileSkipped");
        Assert.Contains("b2-notes.txt", skipped.Message, StringComparison.Ordinal);
        Assert.Contains("not a JPEG", skipped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_MissingFolder_ReportsError()
    {
        var logs = new CollectingLoggerProvider();
        using var loggerFactory = logs.CreateFactory();
        var missing = Path.Combine(Path.GetTempPath(), "mqttcam-missing-" + Guid.NewGuid().ToString("N"));
        var options = new CaptureOptions { Source = CaptureSourceKind.Files, FilesDirectory = missing };
        await using var source = FrameSourceFactory.Create(options, new CameraSettings(), loggerFactory, TimeProvider.System);
        await source.StartAsync(TestContext.Current.CancellationToken);

        await logs.WaitForAsync("CaptureFilesUnavailable").WaitAsync(s_timeout, TestContext.Current.CancellationToken);

        Assert.Contains(missing, source.Status.LastError, StringComparison.Ordinal);
        Assert.False(source.Status.Running);
    }
}
