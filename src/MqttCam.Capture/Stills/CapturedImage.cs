using MqttCam.Imaging;

namespace MqttCam.Capture.Stills;

/// <summary>
/// One still picture as JPEG bytes the caller owns (a copy, unlike a pooled <see cref="JpegFrame"/>), with the
/// pixels available on demand.
/// </summary>
public sealed record CapturedImage(byte[] Jpeg, int Width, int Height, long Sequence, DateTimeOffset CapturedAt)
{
    /// <summary>Decodes the JPEG into pixels (RGB by default), e.g. for image processing.</summary>
    /// <exception cref="JpegException">The bytes cannot be decoded.</exception>
    public RawImage DecodePixels(PixelFormat format = PixelFormat.Rgb24) => JpegCodec.Decode(Jpeg, format);

    /// <summary>
    /// The picture scaled to fit within <paramref name="maxWidth"/> x <paramref name="maxHeight"/> (0 = unbounded,
    /// aspect kept, never upscaled) and/or re-encoded at <paramref name="quality"/>; this instance when nothing changes.
    /// </summary>
    public CapturedImage Resize(int? maxWidth, int? maxHeight, int? quality)
    {
        if (maxWidth is null && maxHeight is null && quality is null)
        {
            return this;
        }

        var (width, height) = maxWidth is null && maxHeight is null
            ? (Width, Height)
            : JpegResizer.FitWithin(Width, Height, maxWidth ?? 0, maxHeight ?? 0, allowUpscale: false);
        if (width == Width && height == Height && quality is null)
        {
            return this;
        }

        return this with { Jpeg = JpegResizer.Resize(Jpeg, width, height, quality ?? 90), Width = width, Height = height };
    }
}
