using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using MqttCam.Imaging.Dc;

namespace MotionBench.Before;

/// <summary>
/// Walks a baseline scan keeping only the first component's DC coefficients: every other coefficient is consumed
/// from the lookahead tables (code length + value bits) without being decoded. Bit reader: 64-bit, left-aligned,
/// refilled eight bytes at a time when they hold no 0xFF (else byte by byte with 0xFF00 unstuffing); past a marker it
/// feeds zero bits and counts them, so reading into them (data ending early) is caught as corrupt, as libjpeg warns.
/// One thread at a time (scratch fields).
/// </summary>
internal sealed unsafe class DcScanDecoder
{
    private const int FillThreshold = 32; // a symbol takes at most 16 code + 15 value bits
    private const ulong Ones = 0x0101010101010101, Highs = 0x8080808080808080;
    private const int Lookahead = DcHuffmanTables.LookaheadBits;

    // libjpeg's post-IDCT range limit (prepare_range_limit_table), indexed by (value & 1023): wraps like it does.
    private static readonly byte[] s_rangeLimit = BuildRangeLimit();

    // Results of SlowWord, kept in fields so the hot loop's locals are never address-exposed.
    private int _slowConsumed, _slowProduced;

    // Past a marker (or the end of the data): zero bits are fed, _padding of the buffered bits are such zeros.
    private bool _atMarker;
    private int _padding;

    public JpegDcRefusal Decode(ReadOnlySpan<byte> data, DcFrameHeader header, Span<byte> destination, int stride)
    {
        int outWidth = (header.Width + 7) >> 3, outHeight = (header.Height + 7) >> 3;
        Span<int> dcBase = stackalloc int[DcFrameHeader.MaxBlocksInMcu];
        Span<int> acBase = stackalloc int[DcFrameHeader.MaxBlocksInMcu];
        Span<int> lumaX = stackalloc int[DcFrameHeader.MaxBlocksInMcu]; // -1 for blocks of other components
        Span<int> lumaY = stackalloc int[DcFrameHeader.MaxBlocksInMcu];
        int blocks = 0, mcusPerRow, mcuRows, lumaWidth, lumaHeight;
        if (header.ScanComponentCount == 1)
        {
            // Non-interleaved: one block per MCU over the component's own block grid.
            AddBlock(header, 0, 0, 0, dcBase, acBase, lumaX, lumaY, ref blocks);
            (mcusPerRow, mcuRows, lumaWidth, lumaHeight) = (outWidth, outHeight, 1, 1);
        }
        else
        {
            for (int s = 0; s < header.ScanComponentCount; s++)
            {
                int c = header.ScanComponent[s];
                for (int y = 0; y < header.VerticalSampling[c]; y++)
                {
                    for (int x = 0; x < header.HorizontalSampling[c]; x++)
                    {
                        AddBlock(header, s, c == 0 ? x : -1, y, dcBase, acBase, lumaX, lumaY, ref blocks);
                    }
                }
            }

            mcusPerRow = DivideRoundingUp(header.Width, 8 * header.MaxHorizontalSampling);
            mcuRows = DivideRoundingUp(header.Height, 8 * header.MaxVerticalSampling);
            (lumaWidth, lumaHeight) = (header.HorizontalSampling[0], header.VerticalSampling[0]);
        }

        DcHuffmanTables tables = header.Tables;
        int quant = header.LumaDcQuant;
        int restartInterval = header.RestartInterval;
        fixed (byte* start = data)
        fixed (byte* output = destination)
        fixed (ushort* lookahead = tables.Lookahead)
        fixed (uint* acSteps = tables.AcSteps)
        fixed (byte* range = s_rangeLimit)
        {
            byte* p = start + header.ScanOffset;
            byte* end = start + data.Length;
            byte* fastLimit = end - 8;
            ulong bits = 0;
            int count = 0, predictor = 0;
            _atMarker = false;
            _padding = 0;
            int restartsLeft = restartInterval, nextRestart = 0;

            for (int mcuY = 0; mcuY < mcuRows; mcuY++)
            {
                for (int mcuX = 0; mcuX < mcusPerRow; mcuX++)
                {
                    if (restartInterval != 0)
                    {
                        if (restartsLeft == 0)
                        {
                            int after = IntervalEnd(start, p, end, count - (_atMarker ? _padding : 0), 0xD0 + nextRestart);
                            if (after < 0)
                            {
                                return JpegDcRefusal.CorruptData;
                            }

                            p = start + after;
                            bits = 0;
                            count = predictor = 0;
                            _atMarker = false;
                            _padding = 0;
                            nextRestart = (nextRestart + 1) & 7;
                            restartsLeft = restartInterval;
                        }

                        restartsLeft--;
                    }

                    for (int b = 0; b < blocks; b++)
                    {
                        // DC: code, then its category's value bits.
                        if (count < FillThreshold && !Fill(ref bits, ref count, ref p, fastLimit, end))
                        {
                            return JpegDcRefusal.CorruptData;
                        }

                        int entry = lookahead[dcBase[b] + (int)(bits >> (64 - Lookahead))];
                        if (entry == 0 && (entry = DecodeLong(tables, dcBase[b] >> Lookahead, bits)) == 0)
                        {
                            return JpegDcRefusal.CorruptData;
                        }

                        int length = entry & 0xFF, category = entry >> 8;
                        bits <<= length;
                        count -= length;
                        if (lumaX[b] >= 0)
                        {
                            if (category != 0)
                            {
                                int value = (int)(bits >> (64 - category));
                                bits <<= category;
                                count -= category;
                                predictor += value < 1 << (category - 1) ? value - (1 << category) + 1 : value;
                            }

                            int x = (mcuX * lumaWidth) + lumaX[b], y = (mcuY * lumaHeight) + lumaY[b];
                            if (x < outWidth && y < outHeight)
                            {
                                // jpeg_idct_1x1: the coefficient is stored as a 16-bit JCOEF, dequantised, DESCALE(.., 3).
                                int pixel = (((short)predictor * quant) + 4) >> 3;
                                output[(y * stride) + x] = range[pixel & 1023];
                            }
                        }
                        else
                        {
                            bits <<= category;
                            count -= category;
                        }

                        // AC: skip code + value bits, advance by run + 1 (16 for ZRL, to the end for EOB), several
                        // symbols per step when they fit in the lookahead and the block cannot end among them.
                        uint* steps = acSteps + acBase[b];
                        for (int k = 1; k < 64;)
                        {
                            if (count < FillThreshold && !Fill(ref bits, ref count, ref p, fastLimit, end))
                            {
                                return JpegDcRefusal.CorruptData;
                            }

                            uint step = steps[bits >> (64 - Lookahead)];
                            if (step == 0 && (step = DecodeLongAc(tables, acBase[b] >> Lookahead, bits)) == 0)
                            {
                                return JpegDcRefusal.CorruptData;
                            }

                            if (k + (int)((step >> 12) & 127) < 64)
                            {
                                length = (int)(step & 31);
                                k += (int)((step >> 5) & 127);
                            }
                            else
                            {
                                length = (int)((step >> 19) & 31);
                                k += (int)(step >> 24);
                            }

                            bits <<= length;
                            count -= length;
                        }
                    }
                }
            }

            return IntervalEnd(start, p, end, count - (_atMarker ? _padding : 0), 0xD9) < 0 ? JpegDcRefusal.CorruptData : JpegDcRefusal.None;
        }
    }

    private static void AddBlock(DcFrameHeader header, int scanIndex, int x, int y, Span<int> dcBase, Span<int> acBase, Span<int> lumaX, Span<int> lumaY, ref int blocks)
    {
        dcBase[blocks] = header.ScanDcSlot[scanIndex] << Lookahead;
        acBase[blocks] = (header.ScanAcSlot[scanIndex] - 4) << Lookahead;
        lumaX[blocks] = x;
        lumaY[blocks] = y;
        blocks++;
    }

    /// <summary>
    /// The end of a restart interval or of the scan: no data read past, less than a byte of it left (libjpeg counts
    /// whole leftover bytes as extraneous data, a warning), then fill bytes and the <paramref name="expected"/> marker.
    /// Returns the offset after the marker, or -1.
    /// </summary>
    private static int IntervalEnd(byte* start, byte* p, byte* end, int left, int expected)
    {
        if (left is < 0 or >= 8 || p >= end || *p != 0xFF)
        {
            return -1;
        }

        byte* q = p;
        while (q < end && *q == 0xFF)
        {
            q++;
        }

        return q < end && *q == expected ? (int)(q + 1 - start) : -1;
    }

    /// <summary>An AC code longer than the lookahead as a one-symbol step; 0 for a code not in the table.</summary>
    private static uint DecodeLongAc(DcHuffmanTables tables, int acSlot, ulong bits)
    {
        int entry = DecodeLong(tables, acSlot + 4, bits);
        return entry == 0 ? 0 : DcHuffmanTables.AcStep(entry & 0xFF, entry >> 8, 0, entry & 0xFF, entry >> 8);
    }

    /// <summary>A code longer than the lookahead, as libjpeg's jpeg_huff_decode; 0 for a code not in the table.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int DecodeLong(DcHuffmanTables tables, int slot, ulong bits)
    {
        for (int length = Lookahead + 1; length <= 16; length++)
        {
            int code = (int)(bits >> (64 - length));
            if (code <= tables.MaxCode[(slot * 18) + length])
            {
                byte symbol = tables.Values[(slot * 256) + tables.ValueOffset[(slot * 17) + length] + code];
                return slot >= 4 ? DcHuffmanTables.AcEntry(length, symbol) : length | (symbol << 8);
            }
        }

        return 0;
    }

    private static byte[] BuildRangeLimit()
    {
        // (DC value + 128) clamped to 0..255 for values -512..511; beyond that libjpeg's table wraps, so does this.
        var table = new byte[1024];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (byte)(i < 128 ? i + 128 : i < 512 ? 255 : i < 896 ? 0 : i - 896);
        }

        return table;
    }

    private static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;

    /// <summary>Tops the bit buffer up to at least 57 bits (zeros after a marker); false once zeros were read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Fill(ref ulong bits, ref int count, ref byte* p, byte* fastLimit, byte* end)
    {
        if (p <= fastLimit)
        {
            ulong word = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(p));
            // A zero byte in ~word is a 0xFF in word: then the slow path unstuffs or stops at the marker.
            ulong inverted = ~word;
            if (((inverted - Ones) & word & Highs) == 0)
            {
                // The bits below the new count are the next stream bits too; ORing them again later is harmless.
                bits |= word >> count;
                int taken = (63 - count) >> 3;
                p += taken;
                count += taken << 3;
                return true;
            }
        }

        return FillSlow(ref bits, ref count, ref p, end);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FillSlow(ref ulong bits, ref int count, ref byte* p, byte* end)
    {
        if (!_atMarker)
        {
            int wanted = (63 - count) >> 3;
            ulong word = SlowWord(p, end, wanted);
            bits = (bits & (ulong.MaxValue << (63 - count) << 1)) | (word >> count);
            p += _slowConsumed;
            count += _slowProduced << 3;
            if (_slowProduced == wanted)
            {
                return true;
            }

            _atMarker = true;
        }
        else if (count < _padding)
        {
            return false; // the decoder used bits that are not in the data
        }

        _padding += 64 - count;
        count = 64;
        return true;
    }

    /// <summary>Up to <paramref name="wanted"/> unstuffed data bytes, left-aligned; stops at a marker or the end.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ulong SlowWord(byte* p, byte* end, int wanted)
    {
        ulong word = 0;
        int produced = 0;
        byte* q = p;
        while (produced < wanted && q < end)
        {
            byte value = *q;
            if (value == 0xFF)
            {
                // libjpeg: any run of FFs, then 00 = one FF data byte, anything else = a marker.
                byte* r = q + 1;
                while (r < end && *r == 0xFF)
                {
                    r++;
                }

                if (r == end)
                {
                    break;
                }

                if (*r != 0)
                {
                    break; // q stays on the marker's first FF, where IntervalEnd looks for it
                }

                q = r + 1;
            }
            else
            {
                q++;
            }

            word |= (ulong)value << (56 - (8 * produced));
            produced++;
        }

        _slowConsumed = (int)(q - p);
        _slowProduced = produced;
        return word;
    }
}
