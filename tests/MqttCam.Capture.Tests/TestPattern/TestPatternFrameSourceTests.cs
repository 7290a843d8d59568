using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Capture.TestPattern;
using MqttCam.Imaging;
using MqttCam.Core.Settings;
using MqttCam.Testing.Time;

namespace MqttCam.Capture.Tests.TestPattern;

public sealed class TestPatternFrameSourceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset s_start = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task Frames_AreValidJpegsOfConfiguredSizeStampedByTheClock()
    {
        var time = new ManualTimeProvider(s_start);
        await using var source = Create(new CameraSettings { Width = 320, Height = 240, Fps = 10 }, time);
        await source.StartAsync(TestContext.Current.CancellationToken);

        using var first = await NextAsync(source);
        time.Advance(TimeSpan.FromMilliseconds(100));
        using var second = await NextAsync(source);

        foreach (var frame in new[] { first, second })
        {
            var info = JpegCodec.ReadInfo(frame.Data.Span);
            Assert.Equal((320, 240), (info.Width, info.Height));
            Assert.Equal((320, 240), (frame.Width, frame.Height));
        }

        Assert.Equal((1, s_start), (first.Sequence, first.CapturedAt));
        Assert.Equal((2, s_start.AddMilliseconds(100)), (second.Sequence, second.CapturedAt));
        Assert.Equal("testpattern", source.Kind);
    }

    [Fact]
    public async Task Frames_ContentChangesFromFrameToFrame()
    {
        var time = new ManualTimeProvider(s_start);
        await using var source = Create(new CameraSettings { Width = 160, Height = 120, Fps = 5 }, time);
        await source.StartAsync(TestContext.Current.CancellationToken);

        using var first = await NextAsync(source);
        time.Advance(TimeSpan.FromMilliseconds(200));
        using var second = await NextAsync(source);

        var a = JpegCodec.Decode(first.Data.Span);
        var b = JpegCodec.Decode(second.Data.Span);
        var meanDifference = a.Pixels.Zip(b.Pixels, (x, y) => Math.Abs(x - y)).Average();
        Assert.True(meanDifference > 2, $"consecutive frames differ by only {meanDifference:0.00} per sample");
    }

    [Fact]
    public async Task Frames_ArePacedByTheInjectedClock()
    {
        var time = new ManualTimeProvider(s_start);
        await using var source = Create(new CameraSettings { Width = 64, Height = 48, Fps = 4 }, time);
        await source.StartAsync(TestContext.Current.CancellationToken);
        (await NextAsync(source)).Dispose();

        // Half a period: the timer is not due, so no frame can exist.
        time.Advance(TimeSpan.FromMilliseconds(125));
        Assert.False(source.Frames.TryRead(out _));

        time.Advance(TimeSpan.FromMilliseconds(125));
        using var second = await NextAsync(source);
        Assert.Equal(s_start.AddMilliseconds(250), second.CapturedAt);
        Assert.False(source.Frames.TryRead(out _));
        Assert.Equal(2, source.Status.FramesCaptured);
    }

    [Fact]
    public async Task StartAsync_WithAFrameHandler_HandsItEveryFrame_AndCompletesWhenDisposed()
    {
        var time = new ManualTimeProvider(s_start);
        await using var source = Create(new CameraSettings { Width = 64, Height = 48, Fps = 4 }, time);
        var handled = Channel.CreateUnbounded<JpegFrame>();
        await source.StartAsync(frame => handled.Writer.TryWrite(frame), TestContext.Current.CancellationToken);

        using var first = await handled.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(250));
        using var second = await handled.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_timeout, TestContext.Current.CancellationToken);

        Assert.Equal((1, 2), (first.Sequence, second.Sequence));
        Assert.False(source.Frames.TryRead(out _));
        Assert.False(source.Completion.IsCompleted);
        await source.DisposeAsync();
        Assert.True(source.Completion.IsCompleted);
    }

    [Fact]
    public async Task ApplyAsync_SizeAndQuality_ShowInTheNextFrames()
    {
        var time = new ManualTimeProvider(s_start);
        await using var source = Create(new CameraSettings { Width = 320, Height = 240, Fps = 10, Quality = 95 }, time);
        await source.StartAsync(TestContext.Current.CancellationToken);
        using var before = await NextAsync(source);

        await source.ApplyAsync(source.Settings with { Quality = 20 });
        time.Advance(TimeSpan.FromMilliseconds(100));
        using var lowQuality = await NextAsync(source);

        await source.ApplyAsync(source.Settings with { Width = 160, Height = 96, Fps = 20 });
        time.Advance(TimeSpan.FromMilliseconds(100));
        using var smaller = await NextAsync(source);
        time.Advance(TimeSpan.FromMilliseconds(50));
        using var faster = await NextAsync(source);

        Assert.Equal((320, 240), (lowQuality.Width, lowQuality.Height));
        Assert.True(lowQuality.Length < before.Length * 0.6, $"quality 20 gave {lowQuality.Length} bytes, quality 95 gave {before.Length}");
        Assert.Equal((160, 96), (smaller.Width, smaller.Height));
        Assert.Equal(smaller.CapturedAt.AddMilliseconds(50), faster.CapturedAt);
    }

    [Fact]
    public async Task ApplyAsync_HorizontalFlip_MirrorsThePicture()
    {
        var settings = new CameraSettings { Width = 128, Height = 96, Fps = 1, Quality = 95 };
        var time = new ManualTimeProvider(s_start);
        await using var plain = Create(settings, time);
        await using var mirrored = Create(settings with { HorizontalFlip = true }, time);
        await plain.StartAsync(TestContext.Current.CancellationToken);
        await mirrored.StartAsync(TestContext.Current.CancellationToken);

        using var a = await NextAsync(plain);
        using var b = await NextAsync(mirrored);
        var left = JpegCodec.Decode(a.Data.Span);
        var right = JpegCodec.Decode(b.Data.Span);

        // Compare a row below the caption: pixel x of one is pixel (width-1-x) of the other.
        var y = 80;
        var difference = 0.0;
        for (var x = 0; x < 128; x++)
        {
            for (var c = 0; c < 3; c++)
            {
                difference += Math.Abs(left.Pixels[(((y * 128) + x) * 3) + c] - right.Pixels[(((y * 128) + 127 - x) * 3) + c]);
            }
        }

        Assert.True(difference / (128 * 3) < 8, $"mirrored row differs by {difference / (128 * 3):0.0} per sample");
    }

    [Fact]
    public void SettingLists_NameOnlyKnownSettings()
    {
        var source = Create(new CameraSettings(), TimeProvider.System);
        Assert.All(source.LiveSettings.Concat(source.RestartSettings), name => Assert.NotNull(CameraSettingsSchema.Find(name)));
        Assert.Contains("quality", source.LiveSettings);
        Assert.Empty(source.RestartSettings);
    }

    [Fact]
    public void IsMoving_FollowsTheScriptOverAndOver()
    {
        var script = new TestPatternMotion(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));

        Assert.True(script.IsMoving(TimeSpan.Zero));
        Assert.True(script.IsMoving(TimeSpan.FromSeconds(9.9)));
        Assert.False(script.IsMoving(TimeSpan.FromSeconds(10)));
        Assert.False(script.IsMoving(TimeSpan.FromSeconds(29.9)));
        Assert.True(script.IsMoving(TimeSpan.FromSeconds(30)));
        Assert.True(TestPatternMotion.AlwaysMoving.IsMoving(TimeSpan.FromHours(5)));
        Assert.Equal(TestPatternMotion.Default, script);
    }

    [Fact]
    public async Task StillStretch_ChangesOnlyTheCaption_MovingStretchMovesTheSquare()
    {
        var time = new ManualTimeProvider(s_start);
        var settings = new CameraSettings { Width = 320, Height = 240, Fps = 5, Quality = 90 };
        var script = new TestPatternMotion(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        await using var source = new TestPatternFrameSource(settings, queueCapacity: 32, time, NullLogger<TestPatternFrameSource>.Instance, script);
        await source.StartAsync(TestContext.Current.CancellationToken);

        // 4 s at 5 fps: moving 0-1 s, still 1-3 s, moving again 3-4 s.
        var frames = new List<RawImage>();
        for (var i = 0; i < 20; i++)
        {
            using var frame = await NextAsync(source);
            frames.Add(JpegCodec.Decode(frame.Data.Span, PixelFormat.Gray8));
            time.Advance(TimeSpan.FromMilliseconds(200));
        }

        // Below the two caption lines (rows 0..~40 at this size).
        double Difference(int a, int b)
        {
            long sum = 0;
            for (var i = 320 * 48; i < frames[a].Pixels.Length; i++)
            {
                sum += Math.Abs(frames[a].Pixels[i] - frames[b].Pixels[i]);
            }

            return sum / (double)(frames[a].Pixels.Length - (320 * 48));
        }

        for (var i = 1; i < 5; i++)
        {
            Assert.True(Difference(i - 1, i) > 2, $"moving frames {i - 1} and {i} differ by only {Difference(i - 1, i):0.00}");
        }

        for (var i = 6; i < 15; i++)
        {
            Assert.Equal(0, Difference(i - 1, i));
        }

        Assert.True(Difference(15, 16) > 2, "the square moves again after the still stretch");
    }

    [Fact]
    public void ScriptWithoutAMovingStretch_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TestPatternFrameSource(
            new CameraSettings(), 4, TimeProvider.System, NullLogger<TestPatternFrameSource>.Instance, new TestPatternMotion(TimeSpan.Zero, TimeSpan.FromSeconds(1))));
    }

    private static TestPatternFrameSource Create(CameraSettings settings, TimeProvider time) =>
        new(settings, queueCapacity: 4, time, NullLogger<TestPatternFrameSource>.Instance);

    private static async Task<JpegFrame> NextAsync(FrameSource source) =>
        await source.Frames.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_timeout, TestContext.Current.CancellationToken);
}
