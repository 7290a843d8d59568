using MqttCam.Capture.Ffmpeg;
using MqttCam.Capture.Tests.Rpicam;
using MqttCam.Capture.Tests.Support;
using MqttCam.Core.Settings;
using MqttCam.Testing.Files;

namespace MqttCam.Capture.Tests.Ffmpeg;

public sealed class FfmpegFrameSourceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Frames_LavfiInput_AreReEncodedAtRequestedSize()
    {
        ExternalTools.RequireFfmpeg();
        var options = Options("-re -f lavfi -i testsrc2=size=640x480:rate=20", FfmpegCopyMode.Auto);
        await using var harness = await new SourceHarness<FfmpegFrameSource>(options, new CameraSettings { Width = 200, Height = 150, Fps = 20 }).StartAsync();

        for (var i = 0; i < 3; i++)
        {
            using var frame = await harness.NextFrameAsync();
            Assert.Equal((200, 150), (frame.Width, frame.Height));
        }

        Assert.False(harness.Source.IsCopying);
        Assert.Contains(harness.Logs.Entries, e => e.EventName == "CaptureProbeResult" && e.Message.Contains("640x480", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Frames_MjpegInputAtRequestedSize_AreCopiedByteForByte()
    {
        using var folder = new TemporaryDirectory();
        var expected = await MakeMjpegFileAsync(folder.File("input.mjpeg"));
        var options = Options($"-re -stream_loop -1 -framerate 10 -f mjpeg -i {folder.File("input.mjpeg")}", FfmpegCopyMode.Auto);
        await using var harness = await new SourceHarness<FfmpegFrameSource>(options, new CameraSettings { Width = 160, Height = 120, Fps = 10 }).StartAsync();

        for (var i = 0; i < 4; i++)
        {
            using var frame = await harness.NextFrameAsync();
            var bytes = frame.ToArray();
            Assert.Contains(expected, e => e.AsSpan().SequenceEqual(bytes));
        }

        Assert.True(harness.Source.IsCopying);
    }

    [Fact]
    public async Task Frames_CopyModeNever_ReEncodesEvenMatchingInput()
    {
        using var folder = new TemporaryDirectory();
        var expected = await MakeMjpegFileAsync(folder.File("input.mjpeg"));
        var options = Options($"-re -stream_loop -1 -framerate 10 -f mjpeg -i {folder.File("input.mjpeg")}", FfmpegCopyMode.Never);
        await using var harness = await new SourceHarness<FfmpegFrameSource>(options, new CameraSettings { Width = 160, Height = 120, Fps = 10, Quality = 30 }).StartAsync();

        for (var i = 0; i < 3; i++)
        {
            using var frame = await harness.NextFrameAsync();
            var bytes = frame.ToArray();
            Assert.Equal((160, 120), (frame.Width, frame.Height));
            Assert.DoesNotContain(expected, e => e.AsSpan().SequenceEqual(bytes));
        }

        Assert.False(harness.Source.IsCopying);
    }

    [Fact]
    public async Task StartAsync_WithAFrameHandler_CallsItOnTheReaderThread_AndQueuesNothing()
    {
        ExternalTools.RequireFfmpeg();
        var options = Options("-re -f lavfi -i testsrc2=size=160x120:rate=20", FfmpegCopyMode.Auto);
        await using var harness = new SourceHarness<FfmpegFrameSource>(options, new CameraSettings { Width = 160, Height = 120, Fps = 20 });
        var threads = new List<string?>();
        var threeFrames = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await harness.Source.StartAsync(
            frame =>
            {
                using (frame)
                {
                    threads.Add(Thread.CurrentThread.Name);
                    if (threads.Count == 3)
                    {
                        threeFrames.TrySetResult();
                    }
                }
            },
            TestContext.Current.CancellationToken);

        await threeFrames.Task.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        await harness.Source.DisposeAsync();

        Assert.All(threads, name => Assert.Equal("ffmpeg frames", name));
        Assert.False(harness.Source.Frames.TryRead(out _));
        Assert.True(harness.Source.Completion.IsCompleted);
    }

    [Fact]
    public async Task Status_BadInputArguments_ReportsFfmpegErrorWithoutCrashing()
    {
        ExternalTools.RequireFfmpeg();
        var options = Options("-f lavfi -i no_such_filter_xyz=size=64x64", FfmpegCopyMode.Never);
        await using var harness = await new SourceHarness<FfmpegFrameSource>(options, new CameraSettings { Width = 64, Height = 64 }).StartAsync();

        await harness.Logs.WaitForAsync("CaptureProcessExited", 2).WaitAsync(s_timeout, TestContext.Current.CancellationToken);

        var status = harness.Source.Status;
        Assert.StartsWith("ffmpeg exited with code", status.LastError, StringComparison.Ordinal);
        Assert.Contains("no_such_filter_xyz", status.LastError, StringComparison.Ordinal);
        Assert.Contains(harness.Logs.Entries, e => e.EventName == "ProcessOutput" && e.Message.Contains("no_such_filter_xyz", StringComparison.Ordinal));
        Assert.False(status.Running);
        Assert.True(status.Restarts >= 1);
    }

    [Fact]
    public void Create_EmptyInput_IsRejectedWithClearMessage()
    {
        var options = new CaptureOptions { Source = CaptureSourceKind.Ffmpeg, FfmpegInput = " " };
        var error = Assert.Throws<ArgumentException>(() => FrameSourceFactory.Create(options, new CameraSettings(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System));
        Assert.Contains("Camera:FfmpegInput", error.Message, StringComparison.Ordinal);
    }

    private static CaptureOptions Options(string input, FfmpegCopyMode copy) =>
        RpicamFrameSourceTests.FastOptions(new CaptureOptions
        {
            Source = CaptureSourceKind.Ffmpeg,
            FfmpegInput = input,
            FfmpegCopy = copy,
            FrameQueueCapacity = 16,
            StartupTimeout = TimeSpan.FromSeconds(15),
        });

    /// <summary>Writes 10 distinct 160x120 JPEGs as a raw MJPEG file and returns them, split.</summary>
    private static async Task<List<byte[]>> MakeMjpegFileAsync(string path)
    {
        var (exitCode, error) = await ExternalTools.RunFfmpegAsync("-nostdin", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10", "-frames:v", "10", "-q:v", "3", "-f", "mjpeg", path);
        Assert.True(exitCode == 0, $"ffmpeg could not make the test input: {error}");
        var splitter = new MjpegFrameSplitter(TimeProvider.System);
        var frames = new List<byte[]>();
        await using var file = File.OpenRead(path);
        await foreach (var frame in splitter.ReadFramesAsync(file, TestContext.Current.CancellationToken))
        {
            frames.Add(frame.ToArray());
            frame.Dispose();
        }

        Assert.Equal(10, frames.Count);
        return frames;
    }
}
