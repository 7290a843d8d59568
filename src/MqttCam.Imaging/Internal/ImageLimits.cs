namespace MqttCam.Imaging.Internal;

/// <summary>Argument checks shared by the codec, the resampler and the resizer.</summary>
internal static class ImageLimits
{
    public static void ValidateSize(int width, int height, string widthName = "width", string heightName = "height")
    {
        if (width <= 0 || width > JpegCodec.MaxDimension)
        {
            throw new ArgumentOutOfRangeException(widthName, width, $"Width must be between 1 and {JpegCodec.MaxDimension}.");
        }

        if (height <= 0 || height > JpegCodec.MaxDimension)
        {
            throw new ArgumentOutOfRangeException(heightName, height, $"Height must be between 1 and {JpegCodec.MaxDimension}.");
        }
    }

    /// <summary>Checks stride and buffer length for a <paramref name="height"/>-row image; the last row may omit padding.</summary>
    public static void ValidateBuffer(int bufferLength, int width, int height, int stride, int bytesPerPixel, string bufferName, string strideName = "stride")
    {
        int rowBytes = width * bytesPerPixel;
        if (stride < rowBytes)
        {
            throw new ArgumentOutOfRangeException(strideName, stride, $"Stride must be at least width * bytesPerPixel = {rowBytes}.");
        }

        long required = ((long)stride * (height - 1)) + rowBytes;
        if (bufferLength < required)
        {
            throw new ArgumentException($"Buffer holds {bufferLength} bytes but a {width}x{height} image with stride {stride} needs {required}.", bufferName);
        }
    }

    public static void ValidateQuality(int quality)
    {
        if (quality is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality must be between 1 and 100.");
        }
    }
}
