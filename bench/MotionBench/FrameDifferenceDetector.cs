using MqttCam.Device.Motion;
using MqttCam.Imaging;

namespace MotionBench;

/// <summary>
/// The naive peer: full-resolution grayscale decode and |frame - previous frame| &gt; a fixed threshold per pixel, with
/// the changed share against the same minimum area and the same start/end state machine as ours (what simple motion
/// scripts and many camera firmwares do).
/// </summary>
internal sealed class FrameDifferenceDetector(TimeProvider timeProvider, int threshold = 25)
{
    private readonly MotionStateMachine _state = new(timeProvider);
    private byte[] _current = [];
    private byte[] _previous = [];
    private bool _hasPrevious;

    public MotionEvent? Analyse(ReadOnlySpan<byte> jpeg, long sequence, MotionOptions options) => Analyse(jpeg, sequence, options, out _);

    public MotionEvent? Analyse(ReadOnlySpan<byte> jpeg, long sequence, MotionOptions options, out double area)
    {
        JpegInfo info = JpegCodec.ReadInfo(jpeg);
        int pixels = info.Width * info.Height;
        if (_current.Length != pixels)
        {
            _current = new byte[pixels];
            _previous = new byte[pixels];
            _hasPrevious = false;
        }

        JpegCodec.Decode(jpeg, JpegScale.Full, PixelFormat.Gray8, _current, info.Width);
        int changed = 0;
        if (_hasPrevious)
        {
            for (int i = 0; i < pixels; i++)
            {
                changed += Math.Abs(_current[i] - _previous[i]) > threshold ? 1 : 0;
            }
        }

        (_current, _previous) = (_previous, _current);
        _hasPrevious = true;
        area = 100.0 * changed / pixels;
        return _state.Observe(area >= options.MinAreaPercent, Math.Min(1, area / 100), area, sequence, options.Hold);
    }
}
