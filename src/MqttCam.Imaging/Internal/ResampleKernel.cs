namespace MqttCam.Imaging.Internal;

/// <summary>
/// Per-axis filter taps for one (source length, target length) pair: for output i, the source samples
/// Starts[i] .. Starts[i] + Counts[i] - 1 weighted by Weights[i * TapStride + k], in fixed point summing to exactly
/// <see cref="One"/> (so a flat input stays flat and no result can leave 0..255).
/// </summary>
internal sealed class ResampleKernel
{
    public const int Precision = 14;
    public const int One = 1 << Precision;

    private ResampleKernel(int sourceLength, int targetLength, int tapStride)
    {
        SourceLength = sourceLength;
        TargetLength = targetLength;
        TapStride = tapStride;
        Starts = new int[targetLength];
        Counts = new int[targetLength];
        Weights = new int[targetLength * tapStride];
    }

    public int SourceLength { get; }

    public int TargetLength { get; }

    public int TapStride { get; }

    public int[] Starts { get; }

    public int[] Counts { get; }

    public int[] Weights { get; }

    /// <summary>Target equals source: every output copies one input sample.</summary>
    public bool IsIdentity => SourceLength == TargetLength;

    /// <summary>Area averaging (box) when shrinking, bilinear when growing, a plain copy when equal.</summary>
    public static ResampleKernel Create(int sourceLength, int targetLength)
    {
        ResampleKernel kernel = CreateVariable(sourceLength, targetLength);
        kernel.PadToFixedTapCount();
        return kernel;
    }

    private static ResampleKernel CreateVariable(int sourceLength, int targetLength)
    {
        if (sourceLength == targetLength)
        {
            var identity = new ResampleKernel(sourceLength, targetLength, 1);
            for (int i = 0; i < targetLength; i++)
            {
                identity.Starts[i] = i;
                identity.Counts[i] = 1;
                identity.Weights[i] = One;
            }

            return identity;
        }

        double ratio = (double)sourceLength / targetLength;
        if (targetLength < sourceLength)
        {
            // An output sample covers `ratio` source samples and can touch ceil(ratio) + 1 of them.
            var kernel = new ResampleKernel(sourceLength, targetLength, (int)Math.Ceiling(ratio) + 1);
            double[] scratch = new double[kernel.TapStride];
            for (int i = 0; i < targetLength; i++)
            {
                double left = i * ratio;
                double right = Math.Min(sourceLength, (i + 1) * ratio);
                int first = (int)Math.Floor(left);
                int last = Math.Min(sourceLength - 1, (int)Math.Ceiling(right) - 1);
                int count = last - first + 1;
                for (int k = 0; k < count; k++)
                {
                    int j = first + k;
                    scratch[k] = Math.Max(0, Math.Min(j + 1, right) - Math.Max(j, left)) / ratio;
                }

                kernel.SetTaps(i, first, scratch.AsSpan(0, count));
            }

            return kernel;
        }

        var linear = new ResampleKernel(sourceLength, targetLength, 2);
        Span<double> pair = stackalloc double[2];
        for (int i = 0; i < targetLength; i++)
        {
            // Pixel centres line up: output i sits at source coordinate (i + 0.5) * ratio - 0.5.
            double centre = Math.Clamp(((i + 0.5) * ratio) - 0.5, 0, sourceLength - 1);
            int first = (int)Math.Floor(centre);
            double fraction = centre - first;
            if (first >= sourceLength - 1 || fraction == 0)
            {
                pair[0] = 1;
                linear.SetTaps(i, first, pair[..1]);
            }
            else
            {
                pair[0] = 1 - fraction;
                pair[1] = fraction;
                linear.SetTaps(i, first, pair);
            }
        }

        return linear;
    }

    /// <summary>
    /// Gives every output the same number of taps (zero weights, start moved inward at the far edge). A tap
    /// count that alternates between 2 and 3 costs a branch misprediction per pixel; a constant one does not.
    /// </summary>
    private void PadToFixedTapCount()
    {
        if (TapStride > SourceLength)
        {
            return;
        }

        for (int i = 0; i < TargetLength; i++)
        {
            int count = Counts[i];
            if (count == TapStride)
            {
                continue;
            }

            int start = Math.Min(Starts[i], SourceLength - TapStride);
            int shift = Starts[i] - start;
            Span<int> slot = Weights.AsSpan(i * TapStride, TapStride);
            slot[..count].CopyTo(slot[shift..]);
            slot[..shift].Clear();
            slot[(shift + count)..].Clear();
            Starts[i] = start;
            Counts[i] = TapStride;
        }
    }

    private void SetTaps(int index, int first, ReadOnlySpan<double> weights)
    {
        // Drop taps that round to nothing at either end so loops do no useless work.
        int begin = 0;
        int end = weights.Length;
        while (end - begin > 1 && Math.Round(weights[begin] * One) == 0)
        {
            begin++;
        }

        while (end - begin > 1 && Math.Round(weights[end - 1] * One) == 0)
        {
            end--;
        }

        Span<int> target = Weights.AsSpan(index * TapStride, end - begin);
        int sum = 0;
        int largest = 0;
        for (int k = 0; k < target.Length; k++)
        {
            target[k] = (int)Math.Round(weights[begin + k] * One);
            sum += target[k];
            if (target[k] > target[largest])
            {
                largest = k;
            }
        }

        // Rounding error goes to the biggest tap, where it matters least.
        target[largest] += One - sum;
        Starts[index] = first + begin;
        Counts[index] = target.Length;
    }
}
