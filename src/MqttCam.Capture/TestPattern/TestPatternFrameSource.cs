using System.Buffers;
using Microsoft.Extensions.Logging;
using MqttCam.Imaging;
using MqttCam.Core.Settings;

namespace MqttCam.Capture.TestPattern;

/// <summary>
/// A camera without hardware: a generated picture with its capture time and frame number drawn on it, whose square
/// moves and stands still in stretches (<see cref="TestPatternMotion"/>), encoded at the configured size and quality
/// and paced to the configured fps by the injected clock. Every setting it supports applies to the next frame.
/// </summary>
public sealed class TestPatternFrameSource : FrameSource
{
    private readonly TestPatternRenderer _renderer = new();

    // One growing buffer for the encoder; each frame is then copied into an exactly sized pooled buffer.
    private readonly ArrayBufferWriter<byte> _encoded = new();
    private readonly TestPatternMotion _motion;
    private DateTimeOffset? _firstFrameAt;
    private long _movingFrames;

    public TestPatternFrameSource(CameraSettings settings, int queueCapacity, TimeProvider timeProvider, ILogger<TestPatternFrameSource> logger, TestPatternMotion? motion = null)
        : base(settings, queueCapacity, timeProvider, logger)
    {
        _motion = (motion ?? TestPatternMotion.Default).Validate();
    }

    /// <summary>12.3 MP, the Pi HQ camera's full 4056 × 3040: 37 MB of RGB, within the device's GC heap cap.</summary>
    public const long PixelBudget = 4056L * 3040;

    public override string Kind => "testpattern";

    /// <summary>The pattern is rendered in RGB in managed memory, so its size is bounded by the heap cap.</summary>
    public override long MaxPixels => PixelBudget;

    /// <summary>The pattern always shows the capture time and frame number.</summary>
    public override bool DrawsTimestamp => true;

    public override IReadOnlyCollection<string> LiveSettings { get; } =
        ["width", "height", "fps", "quality", "rotation", "hflip", "vflip", "brightness", "contrast", "saturation"];

    public override IReadOnlyCollection<string> RestartSettings { get; } = [];

    protected override ValueTask OnSettingsChangedAsync(CameraSettings previous, CameraSettings current)
    {
        var unsupported = SettingChanges.Between(previous, current).Where(n => !LiveSettings.Contains(n)).ToArray();
        if (unsupported.Length > 0)
        {
            Logger.UnsupportedSettings(Kind, unsupported);
        }

        return ValueTask.CompletedTask;
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var period = Period(Settings);
        using var timer = new PeriodicTimer(period, TimeProvider);
        do
        {
            var settings = Settings;
            if (Period(settings) != period)
            {
                period = Period(settings);
                timer.Period = period;
            }

            CaptureFrame(settings);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static TimeSpan Period(CameraSettings settings) => TimeSpan.FromSeconds(1 / settings.Fps);

    private void CaptureFrame(CameraSettings settings)
    {
        var capturedAt = TimeProvider.GetUtcNow();
        var sequence = NextSequence();
        try
        {
            // The scene only advances in moving stretches; the caption always shows the real frame.
            _firstFrameAt ??= capturedAt;
            if (_motion.IsMoving(capturedAt - _firstFrameAt.Value))
            {
                _movingFrames++;
            }

            var pixels = _renderer.Render(settings, sequence, _movingFrames, capturedAt);
            _encoded.ResetWrittenCount();
            JpegCodec.Encode(pixels, settings.Width, settings.Height, settings.Width * 3, PixelFormat.Rgb24, settings.Quality, JpegSubsampling.Yuv420, _encoded);
            Publish(JpegFrame.Create(_encoded.WrittenSpan, sequence, capturedAt));
        }
        catch (Exception ex) when (ex is JpegException or ArgumentException or InvalidDataException)
        {
            Logger.FrameEncodeFailed(Kind, ex);
            ReportError($"testpattern frame {sequence} could not be encoded: {ex.Message}");
        }
    }
}
