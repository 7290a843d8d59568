namespace MqttCam.Imaging.Dc;

/// <summary>
/// The 1/8-scale grayscale picture of a baseline JPEG from its DC coefficients alone, pixel for pixel what
/// libjpeg-turbo's 1/8 decode to gray gives (jpeg_idct_1x1 on the first component), for a fraction of its work:
/// every other coefficient is skipped in the entropy-coded data, never decoded or stored. Reads SOF0/SOF1 8-bit
/// Huffman JPEGs with 1 (gray) or 3 (YCbCr) components in one interleaved scan, any sampling where the first
/// component is the largest, restart intervals. Everything else (progressive, arithmetic, lossless, 12-bit, CMYK,
/// several scans, any damage) is refused with a <see cref="JpegDcRefusal"/>, for the caller to fall back to
/// <see cref="JpegCodec"/>. Nothing is allocated per frame; one instance per thread.
/// </summary>
public sealed class JpegDcDecoder
{
    private readonly DcFrameHeader _header = new();
    private readonly DcScanDecoder _scan = new();
    private bool _headerRead;

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

        refusal = DecodeScan(jpeg, destination, stride);
        if (refusal == JpegDcRefusal.None)
        {
            (width, height) = OutputSize(_header.Width, _header.Height);
        }

        return refusal;
    }

    /// <summary>
    /// First step of <see cref="Decode"/>: reads the markers up to the scan and gives the source size. What this
    /// accepts, libturbojpeg's header check (<see cref="JpegCodec.TryReadInfo"/>) accepts too, with the same size,
    /// so a caller can check its pixel budget here and size its buffer before <see cref="DecodeScan"/>.
    /// </summary>
    public JpegDcRefusal ReadHeader(ReadOnlySpan<byte> jpeg, out int sourceWidth, out int sourceHeight)
    {
        _headerRead = false;
        JpegDcRefusal refusal = _header.Read(jpeg);
        _headerRead = refusal == JpegDcRefusal.None;
        (sourceWidth, sourceHeight) = _headerRead ? (_header.Width, _header.Height) : (0, 0);
        return refusal;
    }

    /// <summary>
    /// Second step: decodes the scan of the JPEG last accepted by <see cref="ReadHeader"/> (pass the same bytes)
    /// into an <see cref="OutputSize"/> picture. On a refusal the destination may hold part of the picture.
    /// </summary>
    public JpegDcRefusal DecodeScan(ReadOnlySpan<byte> jpeg, Span<byte> destination, int stride)
    {
        if (!_headerRead)
        {
            throw new InvalidOperationException("DecodeScan needs a header accepted by ReadHeader first.");
        }

        _headerRead = false;
        (int outWidth, int outHeight) = OutputSize(_header.Width, _header.Height);
        if (stride < outWidth || destination.Length < ((long)stride * (outHeight - 1)) + outWidth)
        {
            return JpegDcRefusal.DestinationTooSmall;
        }

        return _scan.Decode(jpeg, _header, destination, stride);
    }
}
