using Microsoft.Extensions.Logging.Abstractions;
using MqttCam.Capture.TestPattern;
using MqttCam.Device.Motion;
using MqttCam.Core.Settings;
using MqttCam.Testing.Time;

namespace MqttCam.Device.Tests.Motion;

/// <summary>The demo's path: the real test pattern (caption changing every frame) through the detector at 5 fps.</summary>
public sealed class TestPatternMotionTests
{
    [Fact]
    public async Task TestPattern_GivesOneMotionPerMovingStretch_AndNoneWhileStill()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var settings = new CameraSettings { Width = 1280, Height = 720, Fps = 5 };
        var script = new TestPatternMotion(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(16));
        await using var source = new TestPatternFrameSource(settings, queueCapacity: 8, clock, NullLogger<TestPatternFrameSource>.Instance, script);
        var detector = new MotionDetector(MotionOptions.Default with { Hold = TimeSpan.FromSeconds(3) }, clock);
        await source.StartAsync(TestContext.Current.CancellationToken);

        // 40 s = two cycles of 4 s moving, 16 s still.
        var events = new List<(double Seconds, MotionEventState State)>();
        for (var i = 0; i < 200; i++)
        {
            using var frame = await source.Frames.ReadAsync(TestContext.Current.CancellationToken).AsTask()
                .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            Assert.True(detector.TryAnalyse(frame.Data.Span, frame.Sequence, out var result, out var refusal), refusal);
            if (result.Event is { } e)
            {
                events.Add((i / 5.0, e.State));
            }

            clock.Advance(TimeSpan.FromMilliseconds(200));
        }

        // The first stretch is learnt while moving (warm-up), so its start may come late or not at all; the second
        // is the steady-state case: start within 0.5 s of the square moving, end hold after it stops.
        var second = events.Where(e => e.Seconds >= 19).ToList();
        Assert.True(second.Count == 2, string.Join(", ", events));
        Assert.Equal(MotionEventState.Start, second[0].State);
        Assert.InRange(second[0].Seconds, 20, 20.5);
        Assert.Equal(MotionEventState.End, second[1].State);
        // The square stops at 24 s; its pixels count as a stopped object after BackgroundModel.StillFrames (1 s), then the 3 s hold.
        Assert.InRange(second[1].Seconds, 24 + 3, 24 + 1.2 + 3);
        Assert.DoesNotContain(events, e => e.State == MotionEventState.Start && e.Seconds is > 5 and < 20);
    }
}
