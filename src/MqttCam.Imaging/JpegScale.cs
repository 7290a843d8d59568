namespace MqttCam.Imaging;

/// <summary>
/// A DCT scaling factor: the decoder produces the image at Numerator/Denominator of its size for much less work
/// than a full decode followed by a resample.
/// </summary>
public readonly record struct JpegScale(int Numerator, int Denominator)
{
    public static JpegScale Full { get; } = new(1, 1);

    public static JpegScale Half { get; } = new(1, 2);

    public static JpegScale Quarter { get; } = new(1, 4);

    public static JpegScale Eighth { get; } = new(1, 8);

    /// <summary>The scaled size of <paramref name="dimension"/>, rounded up exactly as TurboJPEG's TJSCALED does.</summary>
    public int Apply(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        if (Numerator <= 0 || Denominator <= 0)
        {
            throw new InvalidOperationException($"JpegScale {Numerator}/{Denominator} is not a valid scaling factor.");
        }

        // long: 16384 * 15 fits an int, but callers may pass any int.
        return checked((int)(((long)dimension * Numerator + Denominator - 1) / Denominator));
    }

    public override string ToString() => $"{Numerator}/{Denominator}";
}
