using MqttCam.Imaging;
using MqttCam.Imaging.Dc;

namespace MqttCam.Device.Motion;

/// <summary>
/// Motion detection on JPEG frames: header check against the pixel budget, a 1/8 DCT-scaled grayscale decode into a
/// reused buffer (our DC-only reader, <see cref="JpegDcDecoder"/>; libturbojpeg for what it refuses, with the same
/// pixels), the <see cref="BackgroundModel"/>, then the <see cref="MotionStateMachine"/>. Meant for a few
/// frames per second (<see cref="MaxAnalysisFps"/>) from the capture path; one instance per camera, one thread at a
/// time. A frame it cannot use (corrupt, truncated, CMYK, over the budget) is refused with a reason and changes nothing.
/// </summary>
public sealed class MotionDetector
{
    /// <summary>The contract's analysis rate: "up to 5 per second even while idle".</summary>
    public const double MaxAnalysisFps = 5;

    /// <summary>12.3 MP, the Pi HQ camera's 4056 x 3040: the largest frame analysed by default (docs/limits.md).</summary>
    public const long DefaultMaxSourcePixels = 4056L * 3040;

    private readonly MotionStateMachine _state;
    private readonly BackgroundModel _model = new();
    private readonly JpegDcDecoder _dcDecoder = new();
    private readonly long _maxSourcePixels;
    private MotionOptions _options;
    private byte[] _gray = [];

    public MotionDetector(MotionOptions options, TimeProvider timeProvider, long maxSourcePixels = DefaultMaxSourcePixels)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSourcePixels);
        _options = options.Validate();
        _state = new MotionStateMachine(timeProvider);
        _maxSourcePixels = maxSourcePixels;
    }

    public MotionOptions Options => _options;

    public bool IsActive => _state.IsActive;

    /// <summary>Frames the DC reader refused (progressive, damaged, unusual layouts) and libturbojpeg decoded or refused.</summary>
    public long FallbackDecodes { get; private set; }

    /// <summary>The analysis picture's size (0 x 0 before the first frame).</summary>
    public (int Width, int Height) AnalysisSize => (_model.Width, _model.Height);

    /// <summary>Applies changed motion settings from the next frame on (the background is kept).</summary>
    public void Update(MotionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
    }

    /// <summary>Analyses one frame. False (with <paramref name="refusal"/>) for a frame it cannot use.</summary>
    public bool TryAnalyse(ReadOnlySpan<byte> jpeg, long sequence, out MotionFrameResult result, out string? refusal)
    {
        result = default;
        if (!TryDecode(jpeg, out int width, out int height, out refusal))
        {
            return false;
        }

        MotionOptions options = _options;
        (double area, double score) = _model.Apply(_gray, width, height, options.Sensitivity, options.Roi);
        bool triggered = area >= options.MinAreaPercent;
        MotionEvent? motionEvent = _state.Observe(triggered, score, area, sequence, options.Hold);
        result = new MotionFrameResult(score, area, _state.IsActive, motionEvent);
        return true;
    }

    /// <summary>Ends motion once motion_hold has passed without a triggering frame, for when no frames arrive (call from a timer).</summary>
    public MotionEvent? CheckHold() => _state.CheckHold(_options.Hold);

    /// <summary>When an active motion ends without another triggering frame; null without motion.</summary>
    public DateTimeOffset? HoldEndsAt => _state.HoldEndsAt(_options.Hold);

    /// <summary>Detection switched off or the source restarted: forget the scene; returns the end of an active motion.</summary>
    public MotionEvent? Reset()
    {
        _model.Reset();
        return _state.Reset();
    }

    private bool TryDecode(ReadOnlySpan<byte> jpeg, out int width, out int height, out string? refusal)
    {
        width = height = 0;
        if (!JpegCodec.TryReadInfo(jpeg, out JpegInfo info))
        {
            refusal = jpeg.IsEmpty ? "empty frame" : "not a readable JPEG header";
            return false;
        }

        if ((long)info.Width * info.Height > _maxSourcePixels || info.Width > JpegCodec.MaxDimension || info.Height > JpegCodec.MaxDimension)
        {
            refusal = $"frame is {info.Width}x{info.Height}; motion analysis takes at most {_maxSourcePixels} pixels";
            return false;
        }

        width = JpegScale.Eighth.Apply(info.Width);
        height = JpegScale.Eighth.Apply(info.Height);
        if (_gray.Length < width * height)
        {
            _gray = new byte[width * height];
        }

        // The DC reader gives libturbojpeg's 1/8 picture exactly at a fraction of the cost (docs/benchmarks.md,
        // "Motion"); whatever it does not handle goes to libturbojpeg, so results and refusals stay the same.
        if (_dcDecoder.Decode(jpeg, _gray, width, out _, out _) == JpegDcRefusal.None)
        {
            refusal = null;
            return true;
        }

        FallbackDecodes++;
        try
        {
            JpegCodec.Decode(jpeg, JpegScale.Eighth, PixelFormat.Gray8, _gray, width);
        }
        catch (JpegException ex)
        {
            // The buffer may hold part of this frame; the model never saw it, so nothing else to undo.
            refusal = ex.Message;
            return false;
        }

        refusal = null;
        return true;
    }
}
