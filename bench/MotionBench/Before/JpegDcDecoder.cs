using MqttCam.Imaging;
using MqttCam.Imaging.Dc;

namespace MotionBench.Before;

/// <summary>
/// The 1/8-scale grayscale picture of a baseline JPEG from its DC coefficients alone, pixel for pixel what
/// libjpeg-turbo's 1/8 decode to gray gives (jpeg_idct_1x1 on the first component), for a fraction of its work:
/// every other coefficient is skipped in the entropy-coded data, never decoded or stored. Reads SOF0/SOF1 8-bit
/// Huffman JPEGs with 1 (gray) or 3 (YCbCr) components in one interleaved scan, any sampling where the first
/// component is the largest, restart intervals. Everything else (progressive, arithmetic, lossless, 12-bit, CMYK,
/// several scans, any damage) is refused with a <see cref="JpegDcRefusal"/>, for the caller to fall back to
/// <see cref="JpegCodec"/>. Nothing is allocated per frame; one instance per thread.
/// </summary>
internal sealed class JpegDcDecoder
{
    private readonly DcFrameHeader _header = new();
    private readonly DcScanDecoder _scan = new();

    /// <summary>The output size for a JPEG of <paramref name="width"/> x <paramref name="height"/>: both rounded up to eighths.</summary>
    public static (int Width, int Height) OutputSize(int width, int height) => (JpegScale.Eighth.Apply(width), JpegScale.Eighth.Apply(height));

    /// <summary>
    /// Decodes into <paramref name="destination"/> (row <paramref name="stride"/> bytes apart) and gives the picture's
    /// size. On a refusal the destination may hold part of the picture.
    /// </summary>
    public JpegDcRefusal Decode(ReadOnlySpan<byte> jpeg, Span<byte> destination, int stride, out int width, out int height)
    {
        width = height = 0;
        JpegDcRefusal refusal = ReadHeader(jpeg, out _, out _);
        if (refusal != JpegDcRefusal.None)
        {
            return refusal;
        }

        (int outWidth, int outHeight) = OutputSize(_header.Width, _header.Height);
        if (stride < outWidth || destination.Length < ((long)stride * (outHeight - 1)) + outWidth)
        {
            return JpegDcRefusal.DestinationTooSmall;
        }

        refusal = _scan.Decode(jpeg, _header, destination, stride);
        if (refusal == JpegDcRefusal.None)
        {
            (width, height) = (outWidth, outHeight);
        }

        return refusal;
    }

    /// <summary>
    /// The header part of <see cref="Decode"/>: reads the markers up to the scan and gives the source size. What this
    /// accepts, libturbojpeg's header check (<see cref="JpegCodec.TryReadInfo"/>) accepts too, with the same size.
    /// </summary>
    public JpegDcRefusal ReadHeader(ReadOnlySpan<byte> jpeg, out int sourceWidth, out int sourceHeight)
    {
        JpegDcRefusal refusal = _header.Read(jpeg);
        (sourceWidth, sourceHeight) = refusal == JpegDcRefusal.None ? (_header.Width, _header.Height) : (0, 0);
        return refusal;
    }
}
