using MqttCam.Device.Motion;
using MqttCam.Imaging;
using MqttCam.Testing.Media;
using MqttCam.Testing.Time;

namespace MqttCam.Device.Tests.Motion;

/// <summary>The detector's two decoders: the DC reader for camera frames, libturbojpeg for what the reader refuses.</summary>
public sealed class MotionDetectorDecoderTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void CameraFrames_AreDecodedByTheDcReader_ToLibjpegsPicture()
    {
        var scene = new SyntheticScene(1280, 720, noiseSigma: 8, seed: 3);
        var detector = new MotionDetector(MotionOptions.Default, _clock);
        var reference = new BackgroundModel();
        var options = MotionOptions.Default;
        for (int i = 0; i < 12; i++)
        {
            byte[] jpeg = scene.Jpeg(i, i < 8 ? null : new SceneObject(i * 40, 200, 180, 10)).ToArray();
            Assert.True(detector.TryAnalyse(jpeg, i, out MotionFrameResult result, out string? refusal), refusal);

            // The same model fed libturbojpeg's 1/8 picture must see exactly the same area and score.
            RawImage gray = JpegCodec.Decode(jpeg, JpegScale.Eighth, PixelFormat.Gray8);
            (double area, double score) = reference.Apply(gray.Pixels, gray.Width, gray.Height, options.Sensitivity, options.Roi);
            Assert.Equal((area, score), (result.AreaPercent, result.Score));
            _clock.Advance(TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal(0, detector.FallbackDecodes);
    }

    [Fact]
    public void FramesTheDcReaderRefuses_AreStillAnalysed_ThroughLibjpeg()
    {
        // Up to 4x4 libturbojpeg decodes at a larger scale than 1/8, so the reader leaves such frames to it.
        var detector = new MotionDetector(MotionOptions.Default, _clock);
        byte[] tiny = TestJpegs.Create(4, 4, seed: 1);

        Assert.True(detector.TryAnalyse(tiny, 0, out _, out string? refusal), refusal);
        Assert.Equal(1, detector.FallbackDecodes);
        Assert.Equal((1, 1), detector.AnalysisSize);
    }
}
