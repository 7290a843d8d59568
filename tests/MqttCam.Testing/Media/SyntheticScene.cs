using System.Buffers;
using MqttCam.Imaging;

namespace MqttCam.Testing.Media;

/// <summary>A square that moves across a <see cref="SyntheticScene"/>: top-left corner, side and grey level.</summary>
public readonly record struct SceneObject(int X, int Y, int Size, byte Level);

/// <summary>
/// A seeded camera scene for motion tests and benchmarks: a still "room" (gradients and boxes of different greys),
/// sensor-like noise that differs in every frame (zero-mean Gaussian, <c>noiseSigma</c> grey levels, independent per
/// sample), an optional slow light drift (a sine of <c>driftLevels</c> over <c>driftPeriodFrames</c>) and an optional
/// moving square, encoded as a colour JPEG by the product's encoder. Same seed, same frames.
/// </summary>
public sealed class SyntheticScene
{
    // Frames take their noise from one precomputed table at a random offset: Box-Muller per sample would cost more
    // than the encoder, and the table is far larger than a frame so neighbouring frames do not repeat.
    private const int NoiseTableBits = 23;

    private readonly byte[] _background;
    private readonly byte[] _frame;
    private readonly sbyte[] _noise;
    private readonly Random _random;
    private readonly ArrayBufferWriter<byte> _jpeg = new();

    public SyntheticScene(int width, int height, double noiseSigma = 8, int seed = 1, double driftLevels = 0, int driftPeriodFrames = 3000, int quality = 80)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        NoiseSigma = noiseSigma;
        DriftLevels = driftLevels;
        DriftPeriodFrames = driftPeriodFrames;
        Quality = quality;
        _random = new Random(seed);
        _background = DrawRoom(width, height, _random);
        _frame = new byte[_background.Length];
        _noise = new sbyte[1 << NoiseTableBits];
        for (int i = 0; i < _noise.Length; i++)
        {
            _noise[i] = (sbyte)Math.Clamp(Math.Round(Gaussian(_random) * noiseSigma), -127, 127);
        }
    }

    public int Width { get; }

    public int Height { get; }

    public double NoiseSigma { get; }

    public double DriftLevels { get; }

    public int DriftPeriodFrames { get; }

    public int Quality { get; }

    /// <summary>The RGB24 pixels of frame <paramref name="index"/> (valid until the next call).</summary>
    public ReadOnlySpan<byte> Render(int index, SceneObject? moving = null)
    {
        int drift = DriftLevels == 0 ? 0 : (int)Math.Round(DriftLevels * Math.Sin(2 * Math.PI * index / DriftPeriodFrames));
        int mask = _noise.Length - 1;
        int start = _random.Next(_noise.Length);
        for (int i = 0; i < _frame.Length; i++)
        {
            _frame[i] = (byte)Math.Clamp(_background[i] + drift + _noise[(start + i) & mask], 0, 255);
        }

        if (moving is { } square)
        {
            int left = Math.Clamp(square.X, 0, Width);
            int right = Math.Clamp(square.X + square.Size, 0, Width);
            for (int y = Math.Clamp(square.Y, 0, Height); y < Math.Clamp(square.Y + square.Size, 0, Height); y++)
            {
                for (int x = left; x < right; x++)
                {
                    int at = ((y * Width) + x) * 3;
                    byte level = (byte)Math.Clamp(square.Level + drift + _noise[(start + at) & mask], 0, 255);
                    _frame[at] = _frame[at + 1] = _frame[at + 2] = level;
                }
            }
        }

        return _frame;
    }

    /// <summary>Frame <paramref name="index"/> as a JPEG (valid until the next call; copy it to keep it).</summary>
    public ReadOnlyMemory<byte> Jpeg(int index, SceneObject? moving = null)
    {
        ReadOnlySpan<byte> rgb = Render(index, moving);
        _jpeg.ResetWrittenCount();
        JpegCodec.Encode(rgb, Width, Height, Width * 3, PixelFormat.Rgb24, Quality, JpegSubsampling.Yuv420, _jpeg);
        return _jpeg.WrittenMemory;
    }

    private static byte[] DrawRoom(int width, int height, Random random)
    {
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int at = ((y * width) + x) * 3;
                rgb[at] = (byte)(60 + (100 * x / width));
                rgb[at + 1] = (byte)(70 + (80 * y / height));
                rgb[at + 2] = (byte)(90 + (40 * (x + y) / (width + height)));
            }
        }

        // Furniture: boxes of other colours, some with hard edges (where JPEG ringing and noise are worst).
        for (int box = 0; box < 12; box++)
        {
            int w = random.Next(width / 20, width / 4);
            int h = random.Next(height / 20, height / 3);
            int left = random.Next(0, width - w);
            int top = random.Next(0, height - h);
            byte r = (byte)random.Next(20, 236), g = (byte)random.Next(20, 236), b = (byte)random.Next(20, 236);
            for (int y = top; y < top + h; y++)
            {
                for (int x = left; x < left + w; x++)
                {
                    int at = ((y * width) + x) * 3;
                    rgb[at] = r;
                    rgb[at + 1] = g;
                    rgb[at + 2] = b;
                }
            }
        }

        return rgb;
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
