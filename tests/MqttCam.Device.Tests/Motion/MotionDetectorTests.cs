using MqttCam.Bridge.Tests.Adversarial;
using MqttCam.Device.Motion;
using MqttCam.Imaging;
using MqttCam.Core.Settings;
using MqttCam.Testing.Media;
using MqttCam.Testing.Time;

namespace MqttCam.Device.Tests.Motion;

/// <summary>
/// The detector on seeded synthetic scenes (noise, light drift, a moving square), analysed at 5 frames per second on
/// a manual clock, and on hostile frames.
/// </summary>
public sealed class MotionDetectorTests
{
    private static readonly TimeSpan AnalysisInterval = TimeSpan.FromSeconds(1 / MotionDetector.MaxAnalysisFps);
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

    private MotionDetector Create(MotionOptions? options = null) => new(options ?? MotionOptions.Default, _clock);

    /// <summary>Analyses frames [from, to) of the scene at 5 fps; returns every event with the frame index.</summary>
    private List<(int Frame, MotionEvent Event)> Run(MotionDetector detector, SyntheticScene scene, int from, int to, Func<int, SceneObject?>? moving = null, List<MotionFrameResult>? results = null)
    {
        var events = new List<(int, MotionEvent)>();
        for (var i = from; i < to; i++)
        {
            var jpeg = scene.Jpeg(i, moving?.Invoke(i));
            Assert.True(detector.TryAnalyse(jpeg.Span, i, out var result, out var refusal), refusal);
            results?.Add(result);
            if (result.Event is { } e)
            {
                events.Add((i, e));
            }

            _clock.Advance(AnalysisInterval);
        }

        return events;
    }

    private static SceneObject Walker(SyntheticScene scene, int frame, int startFrame, int pixelsPerFrame = 12, byte level = 20)
    {
        var size = scene.Height / 4;
        return new SceneObject((frame - startFrame) * pixelsPerFrame % (scene.Width - size), scene.Height / 3, size, level);
    }

    [Theory]
    [InlineData(6, 0, 1)]
    [InlineData(12, 0, 2)]
    [InlineData(8, 25, 3)]
    [InlineData(16, 40, 4)]
    public void StillNoisyScene_WithLightDrift_GivesNoEvent(double noise, double drift, int seed)
    {
        // 3 minutes at 5 fps; the drift is a full sine period in that time (e.g. a cloud, then sun again).
        var scene = new SyntheticScene(640, 360, noise, seed, drift, driftPeriodFrames: 900);
        var detector = Create();
        var results = new List<MotionFrameResult>();

        var events = Run(detector, scene, 0, 900, results: results);

        Assert.Empty(events);
        Assert.False(detector.IsActive);
        Assert.True(results.Max(r => r.AreaPercent) < MotionOptions.Default.MinAreaPercent / 2, $"largest changed area {results.Max(r => r.AreaPercent)}%");
    }

    [Fact]
    public void MovingSquare_StartsMotionWithinHalfASecond_AndEndsAfterTheHold()
    {
        var scene = new SyntheticScene(640, 360, noiseSigma: 10, seed: 7);
        var detector = Create(MotionOptions.Default with { Hold = TimeSpan.FromSeconds(5) });
        Assert.Empty(Run(detector, scene, 0, 25));

        const int appears = 25, leaves = 75;
        var events = Run(detector, scene, appears, 150, i => i < leaves ? Walker(scene, i, appears) : null);

        Assert.Equal(2, events.Count);
        var (startFrame, start) = events[0];
        Assert.Equal(MotionEventState.Start, start.State);
        Assert.InRange((startFrame - appears) * AnalysisInterval.TotalSeconds, 0, 0.5);
        Assert.Equal(startFrame, start.Sequence);
        Assert.InRange(start.Score, 0.1, 1);
        Assert.InRange(start.AreaPercent, MotionOptions.Default.MinAreaPercent, 30);

        var (endFrame, end) = events[1];
        Assert.Equal(MotionEventState.End, end.State);
        // The last frame with the square, then 5 s of quiet (25 frames at 5 fps), give or take a frame.
        Assert.InRange(endFrame, leaves - 1 + 25, leaves + 1 + 25);
        Assert.True(end.AreaPercent >= start.AreaPercent && end.Score >= start.Score, "an end carries the peak figures");
        Assert.True(end.At > start.At);
        Assert.False(detector.IsActive);
    }

    [Fact]
    public void MotionOutsideTheRoi_IsIgnored_InsideItCounts()
    {
        var scene = new SyntheticScene(640, 360, noiseSigma: 8, seed: 9);
        var rightHalf = MotionOptions.Default with { Roi = new RegionOfInterest(0.5, 0, 0.5, 1) };
        var detector = Create(rightHalf);
        Run(detector, scene, 0, 25);

        // A square walking slowly in the left 40 % only.
        Assert.Empty(Run(detector, scene, 25, 60, i => new SceneObject(10 + ((i - 25) * 4), 100, 80, 20)));

        detector.Update(MotionOptions.Default with { Roi = new RegionOfInterest(0, 0, 0.5, 1) });
        var events = Run(detector, scene, 60, 70, i => new SceneObject(10 + ((i - 25) * 4), 100, 80, 20));
        Assert.Equal(MotionEventState.Start, Assert.Single(events).Event.State);
    }

    [Fact]
    public void ObjectSmallerThanTheMinimumArea_IsNotMotion()
    {
        var scene = new SyntheticScene(640, 360, noiseSigma: 8, seed: 11);
        // A 48 px square covers 1 % of 640x360; ask for 5 %.
        var detector = Create(MotionOptions.Default with { MinAreaPercent = 5 });
        Run(detector, scene, 0, 25);
        var results = new List<MotionFrameResult>();

        Assert.Empty(Run(detector, scene, 25, 75, i => new SceneObject((i - 25) * 8, 150, 48, 230), results));
        Assert.Contains(results, r => r.AreaPercent > 0.3);
    }

    [Fact]
    public void LowContrastObject_NeedsAHighSensitivity()
    {
        var scene = new SyntheticScene(640, 360, noiseSigma: 6, seed: 13);
        var low = Create(MotionOptions.Default with { Sensitivity = 1 });
        var high = Create(MotionOptions.Default with { Sensitivity = 100 });
        var lowEvents = new List<MotionEvent>();
        var highEvents = new List<MotionEvent>();
        for (var i = 0; i < 60; i++)
        {
            // A square only 15 grey levels from the wall behind it: the room's gradient around (x, 120).
            var jpeg = scene.Jpeg(i, i < 25 ? null : new SceneObject(100 + ((i - 25) * 6), 120, 90, 105)).ToArray();
            Assert.True(low.TryAnalyse(jpeg, i, out var l, out _));
            Assert.True(high.TryAnalyse(jpeg, i, out var h, out _));
            if (l.Event is { } le)
            {
                lowEvents.Add(le);
            }

            if (h.Event is { } he)
            {
                highEvents.Add(he);
            }

            _clock.Advance(AnalysisInterval);
        }

        Assert.Empty(lowEvents);
        Assert.Equal(MotionEventState.Start, Assert.Single(highEvents).State);
    }

    [Fact]
    public void SuddenGlobalBrightnessChange_IsNotMotion()
    {
        var bright = new SyntheticScene(640, 360, noiseSigma: 8, seed: 17, driftLevels: 30, driftPeriodFrames: 4);
        var detector = Create();
        // Drift period 4 frames: the light jumps 0, +30, 0, -30, ... every frame.
        for (var i = 0; i < 25; i++)
        {
            Assert.True(detector.TryAnalyse(bright.Jpeg(i * 4).Span, i, out _, out _));
            _clock.Advance(AnalysisInterval);
        }

        var events = new List<MotionEvent>();
        for (var i = 25; i < 100; i++)
        {
            Assert.True(detector.TryAnalyse(bright.Jpeg(i).Span, i, out var result, out _));
            if (result.Event is { } e)
            {
                events.Add(e);
            }

            _clock.Advance(AnalysisInterval);
        }

        Assert.Empty(events);
    }

    [Fact]
    public void CheckHold_EndsMotion_WhenFramesStop()
    {
        var scene = new SyntheticScene(320, 240, noiseSigma: 6, seed: 19);
        var detector = Create(MotionOptions.Default with { Hold = TimeSpan.FromSeconds(3) });
        Run(detector, scene, 0, 25);
        Assert.Contains(Run(detector, scene, 25, 35, i => new SceneObject((i - 25) * 10, 60, 80, 240)), e => e.Event.State == MotionEventState.Start);

        Assert.Null(detector.CheckHold());
        var holdEnds = detector.HoldEndsAt;
        Assert.NotNull(holdEnds);
        Assert.InRange(holdEnds.Value - _clock.GetUtcNow(), TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(3));
        _clock.Advance(holdEnds.Value - _clock.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        Assert.Null(detector.CheckHold());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var end = detector.CheckHold();
        Assert.Equal(MotionEventState.End, end?.State);
        Assert.Equal(34, end?.Sequence);
        Assert.Null(detector.CheckHold());
        Assert.Null(detector.HoldEndsAt);
    }

    [Fact]
    public void Reset_WhileActive_ReturnsTheEnd_AndRelearnsWithoutEvents()
    {
        var scene = new SyntheticScene(320, 240, noiseSigma: 6, seed: 23);
        var detector = Create();
        Run(detector, scene, 0, 25);
        Run(detector, scene, 25, 35, i => new SceneObject((i - 25) * 10, 60, 80, 240));
        Assert.True(detector.IsActive);

        Assert.Equal(MotionEventState.End, detector.Reset()?.State);
        Assert.False(detector.IsActive);
        Assert.Null(detector.Reset());
        Assert.Empty(Run(detector, scene, 35, 80));
    }

    [Fact]
    public void FrameSizeChange_RelearnsWithoutEvents()
    {
        var small = new SyntheticScene(320, 240, noiseSigma: 8, seed: 29);
        var large = new SyntheticScene(640, 480, noiseSigma: 8, seed: 29);
        var detector = Create();
        Run(detector, small, 0, 30);
        Assert.Empty(Run(detector, large, 30, 80));
        Assert.Equal((80, 60), detector.AnalysisSize);
    }

    [Fact]
    public void GrayscaleJpegs_AreAnalysed()
    {
        var scene = new SyntheticScene(320, 240, noiseSigma: 6, seed: 31);
        var detector = Create();
        for (var i = 0; i < 40; i++)
        {
            var rgb = scene.Render(i, i < 25 ? null : new SceneObject((i - 25) * 10, 60, 80, 240));
            var gray = JpegCodec.Encode(rgb, 320, 240, 320 * 3, PixelFormat.Rgb24, 80, JpegSubsampling.Gray);
            Assert.True(detector.TryAnalyse(gray, i, out _, out var refusal), refusal);
            _clock.Advance(AnalysisInterval);
        }

        Assert.True(detector.IsActive);
    }

    [Fact]
    public void HostileFrames_AreRefusedWithAReason_AndChangeNothing()
    {
        var scene = new SyntheticScene(320, 240, noiseSigma: 6, seed: 37);
        var detector = Create();
        Run(detector, scene, 0, 25);
        var valid = scene.Jpeg(25).ToArray();

        byte[][] hostile =
        [
            [],
            [0xFF, 0xD8, 0xFF],
            "not a jpeg at all"u8.ToArray(),
            CraftedJpegs.Truncated(valid),
            CraftedJpegs.Uniform(320, 240, components: 4), // CMYK: no grayscale conversion
            CraftedJpegs.Uniform(16000, 16000), // 256 Mpx bomb, 1 MB on the wire
            CraftedJpegs.Uniform(4100, 3100), // just over the 12.3 MP budget
            CraftedJpegs.WithFrameMarker(valid, 0xC2), // baseline data declared progressive
        ];

        foreach (var frame in hostile)
        {
            Assert.False(detector.TryAnalyse(frame, 99, out var result, out var refusal));
            Assert.False(string.IsNullOrWhiteSpace(refusal));
            Assert.Equal(default, result);
        }

        Assert.Equal((40, 30), detector.AnalysisSize);
        Assert.Empty(Run(detector, scene, 26, 40));
    }

    [Fact]
    public void SeededBitFlips_NeverThrow()
    {
        var scene = new SyntheticScene(320, 240, noiseSigma: 6, seed: 41);
        var detector = Create();
        var valid = scene.Jpeg(0).ToArray();
        var random = new Random(41);
        int refused = 0;
        for (var i = 0; i < 500; i++)
        {
            if (!detector.TryAnalyse(CraftedJpegs.Mutated(valid, random, random.Next(1, 20)), i, out _, out var refusal))
            {
                refused++;
                Assert.False(string.IsNullOrWhiteSpace(refusal));
            }
        }

        Assert.True(refused > 0, "bit flips should break some frames");
    }

    [Fact]
    public void BudgetIsConfigurable()
    {
        var detector = new MotionDetector(MotionOptions.Default, _clock, maxSourcePixels: 320 * 240);
        var scene = new SyntheticScene(640, 480, noiseSigma: 6, seed: 43);
        Assert.False(detector.TryAnalyse(scene.Jpeg(0).Span, 0, out _, out var refusal));
        Assert.Contains("76800", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void SteadyState_AllocatesNothingPerFrame()
    {
        var scene = new SyntheticScene(1280, 720, noiseSigma: 8, seed: 47);
        var frames = Enumerable.Range(0, 8).Select(i => scene.Jpeg(i).ToArray()).ToArray();
        var detector = Create();
        for (var i = 0; i < 40; i++)
        {
            detector.TryAnalyse(frames[i % frames.Length], i, out _, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 40; i < 240; i++)
        {
            Assert.True(detector.TryAnalyse(frames[i % frames.Length], i, out _, out _));
        }

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024);
    }

    [Theory]
    [InlineData(0, 1.0, 10)]
    [InlineData(101, 1.0, 10)]
    [InlineData(50, 0.05, 10)]
    [InlineData(50, 100.5, 10)]
    [InlineData(50, 1.0, 0.5)]
    [InlineData(50, 1.0, 601)]
    public void OutOfRangeOptions_AreRefused(int sensitivity, double minArea, double holdSeconds)
    {
        var options = new MotionOptions(sensitivity, minArea, RegionOfInterest.Full, TimeSpan.FromSeconds(holdSeconds));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(options));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create().Update(options));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(MotionOptions.Default with { Roi = new RegionOfInterest(0.5, 0, 0.6, 1) }));
    }
}
