using System.Buffers;
using MqttCam.Imaging.Internal;

namespace MqttCam.Imaging;

/// <summary>JPEG-to-JPEG resizing that lets the decoder do most of the shrinking (DCT scaling).</summary>
public static class JpegResizer
{
    /// <summary>
    /// Resizes to exactly <paramref name="width"/> x <paramref name="height"/>: DCT-scaled decode to the smallest
    /// size still at least the target, resample only if that is not already exact, then encode. Grayscale sources
    /// stay grayscale; colour sources keep their chroma subsampling.
    /// </summary>
    public static byte[] Resize(ReadOnlySpan<byte> jpeg, int width, int height, int quality = 80) =>
        Resize(jpeg, width, height, quality, long.MaxValue, ArrayPool<byte>.Shared);

    /// <summary>
    /// The DCT scale for a resize whose decode stays within <paramref name="maxDecodedPixels"/>: the usual choice
    /// (smallest fast scale still at least the target), or a smaller one when that would decode too many pixels (the
    /// resample then enlarges slightly: a softer image rather than unbounded memory). False when even 1/8 is too big.
    /// </summary>
    public static bool TryChooseDecodeScale(int sourceWidth, int sourceHeight, int width, int height, long maxDecodedPixels, out JpegScale scale)
    {
        scale = JpegCodec.ChooseScale(sourceWidth, sourceHeight, width, height);
        while ((long)scale.Apply(sourceWidth) * scale.Apply(sourceHeight) > maxDecodedPixels)
        {
            if (scale.Denominator >= JpegScale.Eighth.Denominator)
            {
                return false;
            }

            scale = new JpegScale(1, scale.Denominator * 2);
        }

        return true;
    }

    /// <summary>
    /// <see cref="Resize(ReadOnlySpan{byte}, int, int, int)"/> with a pixel budget for the decode and the caller's buffer
    /// pool (so a server can keep its working set bounded instead of the shared pool holding on to huge arrays).
    /// Throws <see cref="JpegException"/> when no DCT scale fits the budget.
    /// </summary>
    public static byte[] Resize(ReadOnlySpan<byte> jpeg, int width, int height, int quality, long maxDecodedPixels, ArrayPool<byte> pool)
    {
        ResizeCore(jpeg, width, height, quality, maxDecodedPixels, pool, null, out byte[]? result);
        return result!;
    }

    /// <summary>
    /// <see cref="Resize(ReadOnlySpan{byte}, int, int, int, long, ArrayPool{byte})"/> encoding straight into
    /// <paramref name="destination"/> (a reused writer makes the whole resize allocation-free); returns the JPEG length.
    /// </summary>
    public static int Resize(ReadOnlySpan<byte> jpeg, int width, int height, int quality, long maxDecodedPixels, ArrayPool<byte> pool, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return ResizeCore(jpeg, width, height, quality, maxDecodedPixels, pool, destination, out _);
    }

    private static int ResizeCore(ReadOnlySpan<byte> jpeg, int width, int height, int quality, long maxDecodedPixels, ArrayPool<byte> pool, IBufferWriter<byte>? destination, out byte[]? result)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ImageLimits.ValidateSize(width, height);
        ImageLimits.ValidateQuality(quality);

        JpegInfo info = JpegCodec.ReadInfo(jpeg);
        bool gray = info.Subsampling == JpegSubsampling.Gray;
        PixelFormat format = gray ? PixelFormat.Gray8 : PixelFormat.Rgb24;
        int bytesPerPixel = gray ? 1 : 3;

        if (info.Width > JpegCodec.MaxDimension || info.Height > JpegCodec.MaxDimension)
        {
            throw new JpegException($"The JPEG is {info.Width}x{info.Height}; images larger than {JpegCodec.MaxDimension} in either dimension are rejected.");
        }

        if (!TryChooseDecodeScale(info.Width, info.Height, width, height, maxDecodedPixels, out JpegScale scale))
        {
            throw new JpegException($"The JPEG is {info.Width}x{info.Height}; decoding it even at 1/8 exceeds the budget of {maxDecodedPixels} pixels.");
        }

        int decodedWidth = scale.Apply(info.Width);
        int decodedHeight = scale.Apply(info.Height);
        int decodedStride = decodedWidth * bytesPerPixel;

        // Pooled buffers: a stream resizes every frame, and these are megabytes.
        byte[] decoded = pool.Rent(decodedStride * decodedHeight);
        byte[]? resized = null;
        try
        {
            JpegCodec.Decode(jpeg, scale, format, decoded, decodedStride);
            if (decodedWidth == width && decodedHeight == height)
            {
                return EncodeTo(decoded, width, height, decodedStride, format, quality, info.Subsampling, destination, out result);
            }

            int stride = width * bytesPerPixel;
            resized = pool.Rent(stride * height);
            ImageResampler.Resize(decoded, decodedWidth, decodedHeight, decodedStride, resized, width, height, stride, bytesPerPixel);
            return EncodeTo(resized, width, height, stride, format, quality, info.Subsampling, destination, out result);
        }
        finally
        {
            pool.Return(decoded);
            if (resized is not null)
            {
                pool.Return(resized);
            }
        }
    }

    private static int EncodeTo(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format, int quality, JpegSubsampling subsampling, IBufferWriter<byte>? destination, out byte[]? result)
    {
        if (destination is null)
        {
            result = JpegCodec.Encode(pixels, width, height, stride, format, quality, subsampling);
            return result.Length;
        }

        result = null;
        return JpegCodec.Encode(pixels, width, height, stride, format, quality, subsampling, destination);
    }

    /// <summary>
    /// The largest size with the source's aspect ratio inside <paramref name="maxWidth"/> x <paramref name="maxHeight"/>
    /// (0 = no limit on that side). Never larger than the source unless <paramref name="allowUpscale"/>; never below 1x1.
    /// </summary>
    public static (int Width, int Height) FitWithin(int sourceWidth, int sourceHeight, int maxWidth, int maxHeight, bool allowUpscale = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceHeight);
        ArgumentOutOfRangeException.ThrowIfNegative(maxWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(maxHeight);

        if (maxWidth == 0 && maxHeight == 0)
        {
            return (sourceWidth, sourceHeight);
        }

        // Which side limits? Compare maxWidth/sourceWidth with maxHeight/sourceHeight without division.
        bool widthLimits = maxHeight == 0 || (maxWidth != 0 && (long)maxWidth * sourceHeight <= (long)maxHeight * sourceWidth);
        int width, height;
        if (widthLimits)
        {
            width = maxWidth;
            height = RoundedRatio(sourceHeight, maxWidth, sourceWidth);
        }
        else
        {
            height = maxHeight;
            width = RoundedRatio(sourceWidth, maxHeight, sourceHeight);
        }

        if (!allowUpscale && (width > sourceWidth || height > sourceHeight))
        {
            return (sourceWidth, sourceHeight);
        }

        return (Math.Max(1, width), Math.Max(1, height));
    }

    // value * numerator / denominator rounded to nearest; long so 16384-class sizes cannot overflow.
    private static int RoundedRatio(int value, int numerator, int denominator) =>
        (int)Math.Min(int.MaxValue, (((long)value * numerator * 2) + denominator) / (2L * denominator));
}
