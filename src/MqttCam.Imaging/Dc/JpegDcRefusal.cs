namespace MqttCam.Imaging.Dc;

/// <summary>Why <see cref="JpegDcDecoder"/> did not decode a JPEG; the caller falls back to libturbojpeg (or refuses the frame).</summary>
public enum JpegDcRefusal
{
    None,
    NotJpeg,
    Truncated,
    MalformedSegment,
    Progressive,
    Arithmetic,
    Lossless,
    Hierarchical,
    UnsupportedMarker,
    UnsupportedPrecision,
    UnsupportedComponents,
    UnsupportedColourSpace,
    UnsupportedSampling,
    MultipleScans,
    BadHuffmanTable,
    MissingTable,
    UnsupportedQuantTable,
    TooLarge,
    TooSmall,
    CorruptData,
    DestinationTooSmall,
}

public static class JpegDcRefusalExtensions
{
    /// <summary>A sentence for logs; constant strings, so refusing allocates nothing.</summary>
    public static string Describe(this JpegDcRefusal refusal) => refusal switch
    {
        JpegDcRefusal.None => "decoded",
        JpegDcRefusal.NotJpeg => "not a JPEG (no SOI marker)",
        JpegDcRefusal.Truncated => "the JPEG ends early",
        JpegDcRefusal.MalformedSegment => "a marker segment has a bad length or bad fields",
        JpegDcRefusal.Progressive => "progressive JPEG",
        JpegDcRefusal.Arithmetic => "arithmetic-coded JPEG",
        JpegDcRefusal.Lossless => "lossless JPEG",
        JpegDcRefusal.Hierarchical => "hierarchical JPEG",
        JpegDcRefusal.UnsupportedMarker => "a marker the DC reader does not handle",
        JpegDcRefusal.UnsupportedPrecision => "not 8-bit samples",
        JpegDcRefusal.UnsupportedComponents => "neither 1 (gray) nor 3 (YCbCr) components",
        JpegDcRefusal.UnsupportedColourSpace => "3 components that are not YCbCr (RGB or an unknown Adobe transform)",
        JpegDcRefusal.UnsupportedSampling => "a sampling layout where the first component is not the largest",
        JpegDcRefusal.MultipleScans => "the components are not in one interleaved scan",
        JpegDcRefusal.BadHuffmanTable => "an invalid Huffman table",
        JpegDcRefusal.MissingTable => "a scan uses an undefined Huffman or quantisation table",
        JpegDcRefusal.UnsupportedQuantTable => "a DC quantiser above 32767",
        JpegDcRefusal.TooLarge => $"larger than {JpegCodec.MaxDimension} in a dimension",
        JpegDcRefusal.TooSmall => "at most 4x4: libturbojpeg decodes it at a larger DCT scale for the same 1x1 output",
        JpegDcRefusal.CorruptData => "corrupt entropy-coded data (bad code, early or missing marker, extra bytes)",
        JpegDcRefusal.DestinationTooSmall => "the destination cannot hold the 1/8 image",
        _ => "refused",
    };
}
