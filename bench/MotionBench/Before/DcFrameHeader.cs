using System.Buffers.Binary;
using MqttCam.Imaging;
using MqttCam.Imaging.Dc;

namespace MotionBench.Before;

/// <summary>
/// The markers of a baseline JPEG up to its first scan, read for the DC reader: frame size and components, DC
/// quantisers, Huffman tables, restart interval, the scan's components. Strict where libjpeg-turbo is strict or
/// only warns (a warning fails a decode under TJFLAG_STOPONWARNING), and stricter wherever that is simpler: whatever
/// this refuses still decodes through libturbojpeg. Reused from frame to frame (no allocation).
/// </summary>
internal sealed class DcFrameHeader
{
    public const int MaxComponents = 3;

    /// <summary>libjpeg's D_MAX_BLOCKS_IN_MCU.</summary>
    public const int MaxBlocksInMcu = 10;

    public readonly DcHuffmanTables Tables = new();

    public readonly int[] ComponentId = new int[MaxComponents];
    public readonly int[] HorizontalSampling = new int[MaxComponents];
    public readonly int[] VerticalSampling = new int[MaxComponents];
    public readonly int[] QuantTable = new int[MaxComponents];

    /// <summary>Scan order: index of the frame component, its DC and AC table slots.</summary>
    public readonly int[] ScanComponent = new int[MaxComponents];
    public readonly int[] ScanDcSlot = new int[MaxComponents];
    public readonly int[] ScanAcSlot = new int[MaxComponents];

    private readonly int[] _quantDc = new int[4];
    private readonly bool[] _quantDefined = new bool[4];

    public int Width { get; private set; }

    public int Height { get; private set; }

    public int ComponentCount { get; private set; }

    public int MaxHorizontalSampling { get; private set; }

    public int MaxVerticalSampling { get; private set; }

    public int RestartInterval { get; private set; }

    public int ScanComponentCount { get; private set; }

    /// <summary>Offset of the first entropy-coded byte.</summary>
    public int ScanOffset { get; private set; }

    /// <summary>The dequantiser of the first (luma or gray) component's DC coefficient.</summary>
    public int LumaDcQuant => _quantDc[QuantTable[0]];

    /// <summary>Reads the markers up to the end of the first SOS segment.</summary>
    public JpegDcRefusal Read(ReadOnlySpan<byte> data)
    {
        Reset();
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            return JpegDcRefusal.NotJpeg;
        }

        bool sawFrame = false, sawJfif = false, sawAdobe = false;
        int adobeTransform = 0;
        int pos = 2;
        while (true)
        {
            if (pos >= data.Length)
            {
                return JpegDcRefusal.Truncated;
            }

            // libjpeg warns about (and so refuses) bytes between segments; fill bytes (extra FFs) are allowed.
            if (data[pos] != 0xFF)
            {
                return JpegDcRefusal.CorruptData;
            }

            while (pos < data.Length && data[pos] == 0xFF)
            {
                pos++;
            }

            if (pos + 3 > data.Length)
            {
                return JpegDcRefusal.Truncated;
            }

            int marker = data[pos];
            JpegDcRefusal kind = Classify(marker);
            if (kind != JpegDcRefusal.None)
            {
                return kind;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 1)..]);
            if (length < 2)
            {
                return JpegDcRefusal.MalformedSegment;
            }

            if (pos + 1 + length > data.Length)
            {
                return JpegDcRefusal.Truncated;
            }

            ReadOnlySpan<byte> body = data.Slice(pos + 3, length - 2);
            pos += 1 + length;
            JpegDcRefusal result = marker switch
            {
                0xC0 or 0xC1 => sawFrame ? JpegDcRefusal.MalformedSegment : ReadFrame(body),
                0xC4 => ReadHuffmanTables(body),
                0xDB => ReadQuantTables(body),
                0xDD => ReadRestartInterval(body),
                0xE0 => ReadApp0(body, ref sawJfif),
                0xEE => ReadApp14(body, ref sawAdobe, ref adobeTransform),
                0xDA => sawFrame ? ReadScan(body) : JpegDcRefusal.MalformedSegment,
                _ => JpegDcRefusal.None, // APP1-APP13, APP15, COM: skipped
            };
            if (result != JpegDcRefusal.None)
            {
                return result;
            }

            sawFrame |= marker is 0xC0 or 0xC1;
            if (marker == 0xDA)
            {
                ScanOffset = pos;
                return CheckColourSpace(sawJfif, sawAdobe, adobeTransform);
            }
        }
    }

    private static JpegDcRefusal Classify(int marker) => marker switch
    {
        0xC0 or 0xC1 or 0xC4 or 0xDB or 0xDD or 0xDA or 0xFE or (>= 0xE0 and <= 0xEF) => JpegDcRefusal.None,
        0xC2 => JpegDcRefusal.Progressive,
        0xC3 => JpegDcRefusal.Lossless,
        0xC5 or 0xC6 or 0xC7 or 0xDE or 0xDF => JpegDcRefusal.Hierarchical,
        0xC9 or 0xCA or 0xCB or 0xCC or 0xCD or 0xCE or 0xCF => JpegDcRefusal.Arithmetic,
        0x00 => JpegDcRefusal.CorruptData,
        _ => JpegDcRefusal.UnsupportedMarker, // SOI, EOI or RSTn before the scan, DNL, JPGn, reserved
    };

    private void Reset()
    {
        Tables.Clear();
        Array.Clear(_quantDefined);
        Width = Height = ComponentCount = RestartInterval = ScanComponentCount = ScanOffset = 0;
        MaxHorizontalSampling = MaxVerticalSampling = 0;
    }

    private JpegDcRefusal ReadFrame(ReadOnlySpan<byte> body)
    {
        if (body.Length < 6)
        {
            return JpegDcRefusal.MalformedSegment;
        }

        int count = body[5];
        if (count == 0 || body.Length != 6 + (3 * count))
        {
            return JpegDcRefusal.MalformedSegment;
        }

        if (body[0] != 8)
        {
            return JpegDcRefusal.UnsupportedPrecision;
        }

        int height = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);
        if (width == 0 || height == 0)
        {
            return JpegDcRefusal.MalformedSegment; // a height from a DNL marker: libjpeg does not take it either
        }

        if (width > JpegCodec.MaxDimension || height > JpegCodec.MaxDimension)
        {
            return JpegDcRefusal.TooLarge;
        }

        // TurboJPEG takes the largest scale whose output fits the 1/8 size; up to 4x4 that is 1/4 or larger (its
        // pixel includes AC terms), from 5 pixels on in either dimension it is always 1/8.
        if (width <= 4 && height <= 4)
        {
            return JpegDcRefusal.TooSmall;
        }

        if (count is not (1 or 3))
        {
            return JpegDcRefusal.UnsupportedComponents;
        }

        for (int c = 0; c < count; c++)
        {
            ReadOnlySpan<byte> spec = body.Slice(6 + (3 * c), 3);
            int h = spec[1] >> 4, v = spec[1] & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4 || spec[2] > 3)
            {
                return JpegDcRefusal.MalformedSegment;
            }

            for (int other = 0; other < c; other++)
            {
                if (ComponentId[other] == spec[0])
                {
                    return JpegDcRefusal.MalformedSegment;
                }
            }

            ComponentId[c] = spec[0];
            HorizontalSampling[c] = h;
            VerticalSampling[c] = v;
            QuantTable[c] = spec[2];
            MaxHorizontalSampling = Math.Max(MaxHorizontalSampling, h);
            MaxVerticalSampling = Math.Max(MaxVerticalSampling, v);
        }

        // The DC image is the first component's blocks one to one only when it has the largest sampling factors
        // (every usual layout: gray, 4:4:4, 4:2:2, 4:2:0, 4:4:0, 4:1:1); otherwise libjpeg would upsample it.
        if (HorizontalSampling[0] != MaxHorizontalSampling || VerticalSampling[0] != MaxVerticalSampling)
        {
            return JpegDcRefusal.UnsupportedSampling;
        }

        // tj3DecompressHeader fails on a layout its getSubsamp() cannot name; refusing those here means that
        // whatever we accept, libturbojpeg's header check accepts too, so the detector can skip that call.
        if (count == 3 && !IsTurboJpegLayout())
        {
            return JpegDcRefusal.UnsupportedSampling;
        }

        int blocks = 0;
        for (int c = 0; c < count; c++)
        {
            blocks += HorizontalSampling[c] * VerticalSampling[c];
        }

        if (count > 1 && blocks > MaxBlocksInMcu)
        {
            return JpegDcRefusal.MalformedSegment;
        }

        Width = width;
        Height = height;
        ComponentCount = count;
        return JpegDcRefusal.None;
    }

    // TurboJPEG 2.1's getSubsamp() for 3 components: both chroma components alike and either 1x1 under a luma of
    // 1x1, 2x1, 2x2, 1x2 or 4x1 (4:4:4, 4:2:2, 4:2:0, 4:4:0, 4:1:1), or 1x2 / 2x1 under 2x2 (4:2:2 / 4:4:0 written
    // oddly), or equal to a luma of at most 3 blocks (4:4:4 written oddly). Newer releases name 4:4:1 too; our
    // JpegCodec refuses that one, so it stays refused here.
    private bool IsTurboJpegLayout()
    {
        int lumaH = HorizontalSampling[0], lumaV = VerticalSampling[0];
        int chromaH = HorizontalSampling[1], chromaV = VerticalSampling[1];
        if (HorizontalSampling[2] != chromaH || VerticalSampling[2] != chromaV)
        {
            return false;
        }

        return (chromaH, chromaV, lumaH, lumaV) switch
        {
            (1, 1, 1, 1) or (1, 1, 2, 1) or (1, 1, 2, 2) or (1, 1, 1, 2) or (1, 1, 4, 1) => true,
            (1, 2, 2, 2) or (2, 1, 2, 2) => true,
            _ => chromaH == lumaH && chromaV == lumaV && lumaH * lumaV <= 3,
        };
    }

    private JpegDcRefusal ReadHuffmanTables(ReadOnlySpan<byte> body)
    {
        Span<byte> counts = stackalloc byte[16];
        while (!body.IsEmpty)
        {
            if (body.Length < 17)
            {
                return JpegDcRefusal.MalformedSegment;
            }

            int tableClass = body[0] >> 4, id = body[0] & 15;
            if (tableClass > 1 || id > 3)
            {
                return JpegDcRefusal.MalformedSegment;
            }

            body.Slice(1, 16).CopyTo(counts);
            int total = 0;
            foreach (byte count in counts)
            {
                total += count;
            }

            if (total > 256 || 17 + total > body.Length)
            {
                return JpegDcRefusal.MalformedSegment;
            }

            if (!Tables.TryBuildCached(DcHuffmanTables.Slot(tableClass == 1, id), counts, body.Slice(17, total)))
            {
                return JpegDcRefusal.BadHuffmanTable;
            }

            body = body[(17 + total)..];
        }

        return JpegDcRefusal.None;
    }

    private JpegDcRefusal ReadQuantTables(ReadOnlySpan<byte> body)
    {
        while (!body.IsEmpty)
        {
            int precision = body[0] >> 4, id = body[0] & 15;
            int size = precision == 0 ? 64 : 128;
            if (precision > 1 || id > 3 || body.Length < 1 + size)
            {
                return JpegDcRefusal.MalformedSegment; // libjpeg pads a short table with 1s; we leave that to it
            }

            // The first value in zig-zag order is the DC quantiser, the only one the DC image needs.
            _quantDc[id] = precision == 0 ? body[1] : BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
            _quantDefined[id] = true;
            body = body[(1 + size)..];
        }

        return JpegDcRefusal.None;
    }

    private JpegDcRefusal ReadRestartInterval(ReadOnlySpan<byte> body)
    {
        if (body.Length != 2)
        {
            return JpegDcRefusal.MalformedSegment;
        }

        RestartInterval = BinaryPrimitives.ReadUInt16BigEndian(body);
        return JpegDcRefusal.None;
    }

    // libjpeg's examine_app0: "JFIF\0" in at least 14 bytes; a major version other than 1 is a warning.
    private static JpegDcRefusal ReadApp0(ReadOnlySpan<byte> body, ref bool sawJfif)
    {
        if (body.Length >= 14 && body.StartsWith("JFIF\0"u8))
        {
            sawJfif = true;
            if (body[5] != 1)
            {
                return JpegDcRefusal.MalformedSegment;
            }
        }

        return JpegDcRefusal.None;
    }

    // libjpeg's examine_app14: "Adobe" in at least 12 bytes, the colour transform in the last of them.
    private static JpegDcRefusal ReadApp14(ReadOnlySpan<byte> body, ref bool sawAdobe, ref int transform)
    {
        if (body.Length >= 12 && body.StartsWith("Adobe"u8))
        {
            sawAdobe = true;
            transform = body[11];
        }

        return JpegDcRefusal.None;
    }

    private JpegDcRefusal ReadScan(ReadOnlySpan<byte> body)
    {
        int count = body.IsEmpty ? 0 : body[0];
        if (count is < 1 or > 4 || body.Length != 4 + (2 * count))
        {
            return JpegDcRefusal.MalformedSegment;
        }

        // Ss = 0, Se = 63, Ah = Al = 0 for a sequential scan; anything else is a libjpeg warning.
        ReadOnlySpan<byte> tail = body[^3..];
        if (tail[0] != 0 || tail[1] != 63 || tail[2] != 0)
        {
            return JpegDcRefusal.MalformedSegment;
        }

        if (count != ComponentCount)
        {
            return JpegDcRefusal.MultipleScans;
        }

        for (int s = 0; s < count; s++)
        {
            int id = body[1 + (2 * s)], tables = body[2 + (2 * s)];
            int component = Array.IndexOf(ComponentId, id, 0, ComponentCount);
            if (component < 0 || Array.IndexOf(ScanComponent, component, 0, s) >= 0)
            {
                return JpegDcRefusal.MalformedSegment;
            }

            int dc = tables >> 4, ac = tables & 15;
            if (dc > 3 || ac > 3)
            {
                return JpegDcRefusal.MalformedSegment;
            }

            ScanComponent[s] = component;
            ScanDcSlot[s] = DcHuffmanTables.Slot(false, dc);
            ScanAcSlot[s] = DcHuffmanTables.Slot(true, ac);

            // libjpeg-turbo would substitute the standard tables for missing ones (MJPEG); we leave that to it.
            if (!Tables.IsDefined(ScanDcSlot[s]) || !Tables.IsDefined(ScanAcSlot[s]) || !_quantDefined[QuantTable[component]])
            {
                return JpegDcRefusal.MissingTable;
            }
        }

        // libjpeg-turbo multiplies in 16 bits with SIMD builds; a larger quantiser would depend on the build.
        if (LumaDcQuant > short.MaxValue)
        {
            return JpegDcRefusal.UnsupportedQuantTable;
        }

        ScanComponentCount = count;
        return JpegDcRefusal.None;
    }

    // libjpeg's default_decompress_parms for 3 components; gray output is then its Y channel as is.
    private JpegDcRefusal CheckColourSpace(bool sawJfif, bool sawAdobe, int adobeTransform)
    {
        if (ComponentCount == 1 || sawJfif)
        {
            return JpegDcRefusal.None;
        }

        if (sawAdobe)
        {
            return adobeTransform == 1 ? JpegDcRefusal.None : JpegDcRefusal.UnsupportedColourSpace;
        }

        bool rgbIds = ComponentId[0] == 'R' && ComponentId[1] == 'G' && ComponentId[2] == 'B';
        return rgbIds ? JpegDcRefusal.UnsupportedColourSpace : JpegDcRefusal.None;
    }
}
