using MqttCam.Core.Settings;

namespace MqttCam.Device.Motion;

/// <summary>
/// Per-pixel running mean and noise variance of a small grayscale picture (the 1/8 DCT-scaled frame, where each
/// pixel is already the average of an 8x8 block, so sensor noise is about 8x smaller than at full size).
/// A pixel has changed when it differs from its mean by more than both a floor and k noise deviations, after the
/// frame's median difference is taken off (a cloud or auto-exposure shifts every pixel alike; that is not motion).
/// Changed pixels without a changed neighbour are ignored (one noisy block is not an object). Background pixels
/// follow the scene quickly, changed ones slowly (a passing object leaves no ghost), and changed pixels that have
/// stood still for <see cref="StillFrames"/> frames fast: an object that stops (a parked car, a person who sits
/// down) stops being motion after about a second instead of holding motion on until it fades in. Gradual light
/// changes are absorbed. Buffers are reused; only a size change reallocates.
/// </summary>
public sealed class BackgroundModel
{
    /// <summary>Frames learnt before any change is reported.</summary>
    public const int WarmUpFrames = 5;

    /// <summary>Above this changed share of the ROI the whole picture changed (lights, IR switch): re-learn, not motion.</summary>
    public const double SceneChangePercent = 85;

    /// <summary>Analysed frames a changed pixel must stay put to count as a stopped object, not motion.</summary>
    public const int StillFrames = 5;

    private const float BackgroundRate = 0.05f;
    private const float StoppedRate = 0.25f;
    private const float ForegroundRate = 0.005f;
    private const float InitialVariance = 4f;
    private const float MinVariance = 1f;

    private float[] _mean = [];
    private float[] _variance = [];
    private byte[] _changed = [];
    private byte[] _previous = [];
    private byte[] _stillFor = [];
    private int _width;
    private int _height;
    private int _learnt;

    public int Width => _width;

    public int Height => _height;

    public bool IsWarm => _learnt >= WarmUpFrames;

    /// <summary>Forgets the scene; the next frames are learnt again.</summary>
    public void Reset() => _learnt = 0;

    /// <summary>Compares a frame with the background, then learns it.</summary>
    /// <returns>Changed share of the ROI in percent, and the score (mean |difference| of changed pixels / 64, capped at 1).</returns>
    public (double AreaPercent, double Score) Apply(ReadOnlySpan<byte> gray, int width, int height, int sensitivity, RegionOfInterest roi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(gray.Length, width * height, nameof(gray));
        EnsureSize(width, height);

        int pixels = width * height;
        if (_learnt < WarmUpFrames)
        {
            Learn(gray[..pixels]);
            return (0, 0);
        }

        // Sensitivity 1 -> k 6, floor 25 grey levels; 100 -> k 2.5, floor 5.
        double s = (sensitivity - 1) / 99.0;
        float k = (float)(6 - (3.5 * s));
        float floor = (float)(25 - (20 * s));
        float k2 = k * k;
        float offset = MedianDifference(gray[..pixels]);

        // Every array sliced to the same length as the loop bound, so the JIT drops the per-access bounds checks.
        ReadOnlySpan<byte> frame = gray[..pixels];
        Span<byte> changed = _changed.AsSpan(0, frame.Length);
        Span<float> mean = _mean.AsSpan(0, frame.Length);
        Span<float> variance = _variance.AsSpan(0, frame.Length);
        Span<byte> previous = _previous.AsSpan(0, frame.Length);
        Span<byte> stillFrames = _stillFor.AsSpan(0, frame.Length);
        for (int i = 0; i < frame.Length; i++)
        {
            float x = frame[i];
            float m = mean[i];
            float d = x - offset - m;
            bool isChanged = Math.Abs(d) > floor && d * d > k2 * variance[i];
            changed[i] = isChanged ? (byte)1 : (byte)0;
            float raw = x - m;
            byte stillFor = Math.Abs(x - previous[i]) <= floor ? (byte)Math.Min(StillFrames, stillFrames[i] + 1) : (byte)0;
            stillFrames[i] = stillFor;
            previous[i] = frame[i];
            if (isChanged && stillFor >= StillFrames)
            {
                changed[i] = 0;
                mean[i] = m + (StoppedRate * raw);
            }
            else if (isChanged)
            {
                mean[i] = m + (ForegroundRate * raw);
            }
            else
            {
                mean[i] = m + (BackgroundRate * raw);
                variance[i] = Math.Max(MinVariance, variance[i] + (BackgroundRate * ((d * d) - variance[i])));
            }
        }

        (int left, int top, int right, int bottom) = RoiPixels(roi, width, height);
        int counted = 0;
        double strength = 0;
        for (int y = top; y < bottom; y++)
        {
            int row = y * width;
            for (int x = left; x < right; x++)
            {
                if (changed[row + x] != 0 && HasChangedNeighbour(changed, x, y, width, height))
                {
                    counted++;
                    strength += Math.Min(1.0, Math.Abs(gray[row + x] - offset - _mean[row + x]) / 64.0);
                }
            }
        }

        double area = 100.0 * counted / ((right - left) * (bottom - top));
        if (area > SceneChangePercent)
        {
            Reset();
            return (0, 0);
        }

        return (area, counted == 0 ? 0 : strength / counted);
    }

    /// <summary>The ROI in whole analysis pixels, never empty.</summary>
    public static (int Left, int Top, int Right, int Bottom) RoiPixels(RegionOfInterest roi, int width, int height)
    {
        int left = Math.Clamp((int)Math.Floor(roi.X * width), 0, width - 1);
        int top = Math.Clamp((int)Math.Floor(roi.Y * height), 0, height - 1);
        int right = Math.Clamp((int)Math.Ceiling((roi.X + roi.Width) * width), left + 1, width);
        int bottom = Math.Clamp((int)Math.Ceiling((roi.Y + roi.Height) * height), top + 1, height);
        return (left, top, right, bottom);
    }

    private void EnsureSize(int width, int height)
    {
        if (width == _width && height == _height)
        {
            return;
        }

        int pixels = width * height;
        _mean = new float[pixels];
        _variance = new float[pixels];
        _changed = new byte[pixels];
        _previous = new byte[pixels];
        _stillFor = new byte[pixels];
        _width = width;
        _height = height;
        _learnt = 0;
    }

    private void Learn(ReadOnlySpan<byte> gray)
    {
        // A plain average of the first frames (rate 1/n), then a variance from how they differ.
        float rate = 1f / (_learnt + 1);
        for (int i = 0; i < gray.Length; i++)
        {
            float d = gray[i] - _mean[i];
            _mean[i] += rate * d;
            _variance[i] = _learnt == 0 ? InitialVariance : Math.Max(MinVariance, _variance[i] + (rate * ((d * d) - _variance[i])));
            _previous[i] = gray[i];
            _stillFor[i] = 0;
        }

        _learnt++;
    }

    // Median of (pixel - mean) over the frame, via a histogram of the rounded differences.
    private float MedianDifference(ReadOnlySpan<byte> gray)
    {
        Span<int> histogram = stackalloc int[511];
        histogram.Clear();
        ReadOnlySpan<float> mean = _mean.AsSpan(0, gray.Length);
        for (int i = 0; i < gray.Length; i++)
        {
            int d = (int)MathF.Round(gray[i] - mean[i]);
            histogram[Math.Clamp(d, -255, 255) + 255]++;
        }

        int half = gray.Length / 2;
        int seen = 0;
        for (int bin = 0; bin < histogram.Length; bin++)
        {
            seen += histogram[bin];
            if (seen > half)
            {
                return bin - 255;
            }
        }

        return 0;
    }

    private static bool HasChangedNeighbour(ReadOnlySpan<byte> changed, int x, int y, int width, int height)
    {
        for (int dy = -1; dy <= 1; dy++)
        {
            int ny = y + dy;
            if ((uint)ny >= (uint)height)
            {
                continue;
            }

            for (int dx = -1; dx <= 1; dx++)
            {
                int nx = x + dx;
                if ((dx != 0 || dy != 0) && (uint)nx < (uint)width && changed[(ny * width) + nx] != 0)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
