using MqttCam.Bridge.Tests.Adversarial;
using MqttCam.Device.Preview;
using MqttCam.Imaging;
using MqttCam.Testing.Media;

namespace MqttCam.Device.Tests.Preview;

public sealed class PreviewMakerTests
{
    [Theory]
    [InlineData(1280, 720, 320, 320, 180)]
    [InlineData(720, 1280, 320, 180, 320)]
    [InlineData(1920, 1080, 640, 640, 360)]
    [InlineData(640, 480, 100, 100, 75)]
    [InlineData(320, 240, 640, 320, 240)] // never enlarged
    [InlineData(4056, 3040, 1280, 1280, 959)]
    public void Preview_HasTheLongestSideAtPreviewSize_AndTheSourceAspect(int width, int height, int size, int expectedWidth, int expectedHeight)
    {
        var scene = new SyntheticScene(width, height, noiseSigma: 4, seed: 3);
        var maker = new PreviewMaker();

        Assert.True(maker.TryMake(scene.Jpeg(0).Span, size, 80, out var preview, out var refusal), refusal);

        var info = JpegCodec.ReadInfo(preview.Span);
        Assert.Equal((expectedWidth, expectedHeight), (info.Width, info.Height));
    }

    [Fact]
    public void Preview_LooksLikeTheFrame()
    {
        var scene = new SyntheticScene(1280, 720, noiseSigma: 0, seed: 5);
        var maker = new PreviewMaker();
        var frame = scene.Jpeg(0, new SceneObject(640, 360, 200, 250)).ToArray();

        Assert.True(maker.TryMake(frame, 320, 90, out var preview, out _));

        var small = JpegCodec.Decode(preview.Span, PixelFormat.Gray8);
        var reference = JpegCodec.Decode(frame, JpegScale.Quarter, PixelFormat.Gray8);
        double error = 0;
        for (var i = 0; i < small.Pixels.Length; i++)
        {
            error += Math.Abs(small.Pixels[i] - reference.Pixels[i]);
        }

        Assert.InRange(error / small.Pixels.Length, 0, 3);
        Assert.InRange(small.Pixels[(small.Width * 115) + 185], 235, 255); // inside the white square
    }

    [Fact]
    public void SteadyState_ReusesItsBuffers()
    {
        var scene = new SyntheticScene(1280, 720, noiseSigma: 8, seed: 7);
        var frames = Enumerable.Range(0, 4).Select(i => scene.Jpeg(i).ToArray()).ToArray();
        var maker = new PreviewMaker();
        for (var i = 0; i < 8; i++)
        {
            Assert.True(maker.TryMake(frames[i % 4], 333, 80, out _, out _));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            Assert.True(maker.TryMake(frames[i % 4], 333, 80, out _, out _));
        }

        // The resampler's per-thread kernels are cached; only small bookkeeping may remain.
        Assert.InRange((GC.GetAllocatedBytesForCurrentThread() - before) / 50, 0, 256);
    }

    [Fact]
    public void HostileFrames_AreRefusedWithAReason()
    {
        var maker = new PreviewMaker();
        var valid = new SyntheticScene(320, 240, noiseSigma: 4, seed: 9).Jpeg(0).ToArray();
        byte[][] hostile =
        [
            [],
            "not a jpeg"u8.ToArray(),
            CraftedJpegs.Truncated(valid),
            CraftedJpegs.Uniform(320, 240, components: 4),
            CraftedJpegs.Uniform(16000, 16000),
            CraftedJpegs.WithFrameMarker(valid, 0xC2),
        ];

        foreach (var frame in hostile)
        {
            Assert.False(maker.TryMake(frame, 320, 80, out var preview, out var refusal));
            Assert.False(string.IsNullOrWhiteSpace(refusal));
            Assert.True(preview.IsEmpty);
        }

        Assert.True(maker.TryMake(CraftedJpegs.Uniform(640, 480), 320, 80, out var gray, out _), "a grayscale frame makes a grayscale preview");
        Assert.Equal(new JpegInfo(320, 240, JpegSubsampling.Gray), JpegCodec.ReadInfo(gray.Span));
    }

    [Theory]
    [InlineData(63)]
    [InlineData(1281)]
    public void PreviewSizeOutsideTheContract_Throws(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreviewMaker().TryMake([], size, 80, out _, out _));
    }
}
