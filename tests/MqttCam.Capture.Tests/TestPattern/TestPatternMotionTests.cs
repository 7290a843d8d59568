using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Capture.TestPattern;
using MqttCam.Imaging;
using MqttCam.Settings;
using MqttCam.Testing.Time;

namespace MqttCam.Capture.Tests.TestPattern;

public sealed class TestPatternMotionTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset s_start = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

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
            using var frame = await source.Frames.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_timeout, TestContext.Current.CancellationToken);
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
}
