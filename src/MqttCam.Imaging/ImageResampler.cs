using System.Buffers;
using System.Numerics;
using MqttCam.Imaging.Internal;

namespace MqttCam.Imaging;

/// <summary>
/// Separable resampling of 8-bit interleaved pixels: area averaging when shrinking (every source pixel counts, no
/// aliasing), bilinear when enlarging. Vertical pass is SIMD (System.Numerics.Vector, so NEON on a Pi too), the
/// horizontal pass is scalar fixed point.
/// </summary>
public static unsafe class ImageResampler
{
    // Vertical pass keeps 8 fractional bits in a ushort; the horizontal pass removes them with the kernel's 14.
    private const int VerticalShift = ResampleKernel.Precision - 8;
    private const int HorizontalShift = ResampleKernel.Precision + 8;

    // Kernels depend only on the two lengths, and a camera stream resizes the same way every frame.
    [ThreadStatic]
    private static ResampleKernel? s_horizontal;

    [ThreadStatic]
    private static ResampleKernel? s_vertical;

    public static RawImage Resize(RawImage source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = new RawImage(width, height, source.Format);
        Resize(source.Pixels, source.Width, source.Height, source.Stride, result.Pixels, width, height, result.Stride, source.BytesPerPixel);
        return result;
    }

    public static void Resize(ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, int sourceStride, Span<byte> destination, int width, int height, int destinationStride, int bytesPerPixel)
    {
        if (bytesPerPixel is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(bytesPerPixel), bytesPerPixel, "Bytes per pixel must be between 1 and 4.");
        }

        ImageLimits.ValidateSize(sourceWidth, sourceHeight, nameof(sourceWidth), nameof(sourceHeight));
        ImageLimits.ValidateSize(width, height);
        ImageLimits.ValidateBuffer(source.Length, sourceWidth, sourceHeight, sourceStride, bytesPerPixel, nameof(source), nameof(sourceStride));
        ImageLimits.ValidateBuffer(destination.Length, width, height, destinationStride, bytesPerPixel, nameof(destination), nameof(destinationStride));

        if (width == sourceWidth && height == sourceHeight)
        {
            int rowBytes = width * bytesPerPixel;
            for (int y = 0; y < height; y++)
            {
                source.Slice(y * sourceStride, rowBytes).CopyTo(destination.Slice(y * destinationStride, rowBytes));
            }

            return;
        }

        ResampleKernel horizontal = GetKernel(ref s_horizontal, sourceWidth, width);
        ResampleKernel vertical = GetKernel(ref s_vertical, sourceHeight, height);
        int sourceRowBytes = sourceWidth * bytesPerPixel;
        ushort[] row = ArrayPool<ushort>.Shared.Rent(sourceRowBytes);
        try
        {
            fixed (byte* sourceBase = source)
            fixed (byte* destinationBase = destination)
            fixed (ushort* rowBase = row)
            fixed (int* verticalWeights = vertical.Weights)
            fixed (int* horizontalWeights = horizontal.Weights)
            {
                for (int y = 0; y < height; y++)
                {
                    byte* firstRow = sourceBase + ((long)vertical.Starts[y] * sourceStride);
                    VerticalPass(firstRow, sourceStride, verticalWeights + (y * vertical.TapStride), vertical.Counts[y], rowBase, sourceRowBytes);
                    HorizontalPass(rowBase, horizontal, horizontalWeights, destinationBase + ((long)y * destinationStride), bytesPerPixel);
                }
            }
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(row);
        }
    }

    private static ResampleKernel GetKernel(ref ResampleKernel? cached, int sourceLength, int targetLength)
    {
        if (cached is null || cached.SourceLength != sourceLength || cached.TargetLength != targetLength)
        {
            cached = ResampleKernel.Create(sourceLength, targetLength);
        }

        return cached;
    }

    /// <summary>Blends <paramref name="count"/> consecutive source rows into one row with 8 fractional bits.</summary>
    private static void VerticalPass(byte* firstRow, int stride, int* weights, int count, ushort* output, int length)
    {
        const uint rounding = 1u << (VerticalShift - 1);
        int x = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<byte>.Count)
        {
            int step = Vector<byte>.Count;
            int half = Vector<ushort>.Count;
            for (; x <= length - step; x += step)
            {
                Vector<uint> a0 = new(rounding), a1 = a0, a2 = a0, a3 = a0;
                byte* sample = firstRow + x;
                for (int k = 0; k < count; k++, sample += stride)
                {
                    Vector<uint> weight = new((uint)weights[k]);
                    Vector.Widen(Vector.Load(sample), out Vector<ushort> low, out Vector<ushort> high);
                    Vector.Widen(low, out Vector<uint> w0, out Vector<uint> w1);
                    Vector.Widen(high, out Vector<uint> w2, out Vector<uint> w3);
                    a0 += w0 * weight;
                    a1 += w1 * weight;
                    a2 += w2 * weight;
                    a3 += w3 * weight;
                }

                Vector.Store(Vector.Narrow(a0 >> VerticalShift, a1 >> VerticalShift), output + x);
                Vector.Store(Vector.Narrow(a2 >> VerticalShift, a3 >> VerticalShift), output + x + half);
            }
        }

        for (; x < length; x++)
        {
            uint sum = rounding;
            byte* sample = firstRow + x;
            for (int k = 0; k < count; k++, sample += stride)
            {
                sum += *sample * (uint)weights[k];
            }

            output[x] = (ushort)(sum >> VerticalShift);
        }
    }

    private static void HorizontalPass(ushort* row, ResampleKernel kernel, int* weights, byte* output, int bytesPerPixel)
    {
        if (kernel.IsIdentity)
        {
            DropFraction(row, output, kernel.TargetLength * bytesPerPixel);
            return;
        }

        switch (bytesPerPixel)
        {
            case 3:
                HorizontalPass3(row, kernel, weights, output);
                break;
            case 1:
                HorizontalPass1(row, kernel, weights, output);
                break;
            default:
                HorizontalPassN(row, kernel, weights, output, bytesPerPixel);
                break;
        }
    }

    /// <summary>Same width: only the vertical pass's 8 fractional bits need rounding away.</summary>
    private static void DropFraction(ushort* row, byte* output, int length)
    {
        const int rounding = 1 << 7;
        int x = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<byte>.Count)
        {
            var half = new Vector<ushort>(rounding);
            for (; x <= length - Vector<byte>.Count; x += Vector<byte>.Count)
            {
                Vector<ushort> low = (Vector.Load(row + x) + half) >> 8;
                Vector<ushort> high = (Vector.Load(row + x + Vector<ushort>.Count) + half) >> 8;
                Vector.Store(Vector.Narrow(low, high), output + x);
            }
        }

        for (; x < length; x++)
        {
            output[x] = (byte)((row[x] + rounding) >> 8);
        }
    }

    private static void HorizontalPass3(ushort* row, ResampleKernel kernel, int* weights, byte* output)
    {
        const uint rounding = 1u << (HorizontalShift - 1);
        int[] starts = kernel.Starts;
        int[] counts = kernel.Counts;
        int tapStride = kernel.TapStride;
        bool threeTaps = tapStride == 3 && counts[0] == 3; // padded kernel: then every output has 3 taps
        for (int i = 0; i < starts.Length; i++, output += 3)
        {
            ushort* sample = row + (starts[i] * 3);
            int* weight = weights + (i * tapStride);
            uint r = rounding, g = rounding, b = rounding;
            if (threeTaps)
            {
                // The common 1x..2x shrink, unrolled: this loop is most of the resample cost.
                uint w0 = (uint)weight[0], w1 = (uint)weight[1], w2 = (uint)weight[2];
                r += (sample[0] * w0) + (sample[3] * w1) + (sample[6] * w2);
                g += (sample[1] * w0) + (sample[4] * w1) + (sample[7] * w2);
                b += (sample[2] * w0) + (sample[5] * w1) + (sample[8] * w2);
            }
            else
            {
                for (int k = 0, count = counts[i]; k < count; k++, sample += 3)
                {
                    uint w = (uint)weight[k];
                    r += sample[0] * w;
                    g += sample[1] * w;
                    b += sample[2] * w;
                }
            }

            output[0] = (byte)(r >> HorizontalShift);
            output[1] = (byte)(g >> HorizontalShift);
            output[2] = (byte)(b >> HorizontalShift);
        }
    }

    private static void HorizontalPass1(ushort* row, ResampleKernel kernel, int* weights, byte* output)
    {
        const uint rounding = 1u << (HorizontalShift - 1);
        int[] starts = kernel.Starts;
        int[] counts = kernel.Counts;
        int tapStride = kernel.TapStride;
        for (int i = 0; i < starts.Length; i++)
        {
            ushort* sample = row + starts[i];
            int* weight = weights + (i * tapStride);
            uint sum = rounding;
            for (int k = 0, count = counts[i]; k < count; k++)
            {
                sum += sample[k] * (uint)weight[k];
            }

            output[i] = (byte)(sum >> HorizontalShift);
        }
    }

    private static void HorizontalPassN(ushort* row, ResampleKernel kernel, int* weights, byte* output, int bytesPerPixel)
    {
        const uint rounding = 1u << (HorizontalShift - 1);
        int[] starts = kernel.Starts;
        int[] counts = kernel.Counts;
        int tapStride = kernel.TapStride;
        for (int i = 0; i < starts.Length; i++, output += bytesPerPixel)
        {
            int* weight = weights + (i * tapStride);
            for (int c = 0; c < bytesPerPixel; c++)
            {
                ushort* sample = row + (starts[i] * bytesPerPixel) + c;
                uint sum = rounding;
                for (int k = 0, count = counts[i]; k < count; k++, sample += bytesPerPixel)
                {
                    sum += *sample * (uint)weight[k];
                }

                output[c] = (byte)(sum >> HorizontalShift);
            }
        }
    }
}
