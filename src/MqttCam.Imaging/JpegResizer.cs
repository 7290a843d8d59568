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
    public static byte[] Resize(ReadOnlySpan<byte> jpeg, int width, int height, int quality = 80)
    {
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

        JpegScale scale = JpegCodec.ChooseScale(info.Width, info.Height, width, height);
        int decodedWidth = scale.Apply(info.Width);
        int decodedHeight = scale.Apply(info.Height);
        int decodedStride = decodedWidth * bytesPerPixel;

        // Pooled buffers: a stream resizes every frame, and these are megabytes.
        byte[] decoded = ArrayPool<byte>.Shared.Rent(decodedStride * decodedHeight);
        byte[]? resized = null;
        try
        {
            JpegCodec.Decode(jpeg, scale, format, decoded, decodedStride);
            if (decodedWidth == width && decodedHeight == height)
            {
                return JpegCodec.Encode(decoded, width, height, decodedStride, format, quality, info.Subsampling);
            }

            int stride = width * bytesPerPixel;
            resized = ArrayPool<byte>.Shared.Rent(stride * height);
            ImageResampler.Resize(decoded, decodedWidth, decodedHeight, decodedStride, resized, width, height, stride, bytesPerPixel);
            return JpegCodec.Encode(resized, width, height, stride, format, quality, info.Subsampling);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
            if (resized is not null)
            {
                ArrayPool<byte>.Shared.Return(resized);
            }
        }
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
