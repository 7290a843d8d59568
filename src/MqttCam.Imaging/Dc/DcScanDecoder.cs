using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace MqttCam.Imaging.Dc;

/// <summary>
/// Walks a baseline scan keeping only the first component's DC coefficients: every other coefficient is consumed
/// from the lookahead tables (code length + value bits) without being decoded, several AC symbols a step.
/// The entropy-coded data is unstuffed (FF00 → FF) a chunk at a time, between blocks, into a small buffer that
/// stays in L1, so the bit reader never looks for 0xFF: it tops its 64-bit buffer up before every symbol without a
/// branch. At a marker or the end of the data the chunk is followed by zeros, as libjpeg feeds them; a block that
/// starts past the data (data ending early: libjpeg warns) and leftover bits at the end are corrupt data.
/// One thread at a time (scratch fields).
/// </summary>
internal sealed unsafe class DcScanDecoder
{
    private const int AcBits = DcHuffmanTables.AcLookaheadBits, DcBits = DcHuffmanTables.DcLookaheadBits;

    // How far a block reads past where its first refill stood: ≤ 64 symbols of ≤ 31 bits (1984 bits), the bit
    // buffer's lead of ≤ 8 bytes and the 8-byte load. A chunk is refilled before a block that might get that close.
    private const int BlockReach = 272;
    private const int ChunkSize = 4096;

    // libjpeg's post-IDCT range limit (prepare_range_limit_table), indexed by (value & 1023): wraps like it does.
    private static readonly byte[] s_rangeLimit = BuildRangeLimit();

    private readonly byte[] _chunk = new byte[ChunkSize + BlockReach];

    // During Decode (pointers into its fixed buffers), the interval being read: next raw input byte, end of the
    // input, the chunk's unstuffed bytes end at _chunkEnd; once _atMarker the input is used up to _marker (its
    // first FF, or the end) and zeros follow.
    private byte* _source, _sourceEnd, _chunkEnd, _marker;
    private bool _atMarker;

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
        fixed (ushort* dcLookahead = tables.DcLookahead)
        fixed (ushort* acLookahead = tables.AcLookahead)
        fixed (uint* acSteps = tables.AcSteps)
        fixed (int* maxCode = tables.MaxCode)
        fixed (int* valueOffset = tables.ValueOffset)
        fixed (byte* values = tables.Values)
        fixed (byte* range = s_rangeLimit)
        fixed (byte* chunk = _chunk)
        {
            _source = start + header.ScanOffset;
            _sourceEnd = start + data.Length;
            StartInterval(chunk);
            byte* p = chunk + 7, refillAt = RefillAt();
            ulong bits = FirstBits(chunk);
            int count = 56, predictor = 0;
            int restartsLeft = restartInterval, nextRestart = 0;

            for (int mcuY = 0; mcuY < mcuRows; mcuY++)
            {
                for (int mcuX = 0; mcuX < mcusPerRow; mcuX++)
                {
                    if (restartInterval != 0)
                    {
                        if (restartsLeft == 0)
                        {
                            if (!IntervalEnd(chunk, p, count, 0xD0 + nextRestart))
                            {
                                return JpegDcRefusal.CorruptData;
                            }

                            StartInterval(chunk);
                            p = chunk + 7;
                            refillAt = RefillAt();
                            bits = FirstBits(chunk);
                            count = 56;
                            predictor = 0;
                            nextRestart = (nextRestart + 1) & 7;
                            restartsLeft = restartInterval;
                        }

                        restartsLeft--;
                    }

                    for (int b = 0; b < blocks; b++)
                    {
                        if (p > refillAt)
                        {
                            // Bits past the data were used (libjpeg's "hit marker" warning): corrupt.
                            if (_atMarker && (p - _chunkEnd) * 8 > count)
                            {
                                return JpegDcRefusal.CorruptData;
                            }

                            p = Refill(chunk, p);
                            refillAt = RefillAt();
                        }

                        // DC: code, then its category's value bits. The lookup takes the bits before the refill
                        // (at least 25 are there), so the refill's load runs beside the table's.
                        ulong peek = bits >> (64 - DcBits);
                        bits |= BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(p)) >> count;
                        p += (63 - count) >> 3;
                        count |= 56;
                        int entry = dcLookahead[dcBase[b] + (int)peek];
                        if (entry == 0 && (entry = DecodeLong(maxCode, valueOffset, values, dcBase[b] >> DcBits, bits)) == 0)
                        {
                            return JpegDcRefusal.CorruptData;
                        }

                        // The value bits (none for category 0: the double shift gives 0 without a branch).
                        int length = entry & 0xFF, category = entry >> 8;
                        bits <<= length;
                        int value = (int)((bits >> 1) >> (63 - category));
                        bits <<= category;
                        count -= length + category;
                        if (lumaX[b] >= 0)
                        {
                            // libjpeg's HUFF_EXTEND: a value in the lower half of its category is negative. For
                            // category 0 the mask is 0 (the wrapped subtraction is harmless).
                            predictor += value + (((value - (1 << (category - 1))) >> 31) & ((-1 << category) + 1));
                            int x = (mcuX * lumaWidth) + lumaX[b], y = (mcuY * lumaHeight) + lumaY[b];
                            if (x < outWidth && y < outHeight)
                            {
                                // jpeg_idct_1x1: the coefficient is stored as a 16-bit JCOEF, dequantised, DESCALE(.., 3).
                                int pixel = (((short)predictor * quant) + 4) >> 3;
                                output[(y * stride) + x] = range[pixel & 1023];
                            }
                        }

                        // AC: skip code + value bits, advance by run + 1 (16 for ZRL, to the end for EOB), several
                        // symbols per step when they fit in the lookahead and the block cannot end among them.
                        uint* steps = acSteps + acBase[b];
                        for (int k = 1; k < 64;)
                        {
                            peek = bits >> (64 - AcBits);
                            bits |= BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(p)) >> count;
                            p += (63 - count) >> 3;
                            count |= 56;
                            uint step = steps[peek];
                            if (k + (int)(step >> DcHuffmanTables.StepPrefixShift) < 64)
                            {
                                bits <<= (int)step; // the low 6 bits are the total bits
                                count -= (int)(step & 63);
                                k += (int)((step >> DcHuffmanTables.StepAdvanceShift) & 127);
                            }
                            else
                            {
                                // One symbol: the block may end after it, or its code is longer than the lookahead.
                                int single = acLookahead[acBase[b] + (int)peek];
                                if (single == 0 && (single = DecodeLong(maxCode, valueOffset, values, (acBase[b] >> AcBits) + 4, bits)) == 0)
                                {
                                    return JpegDcRefusal.CorruptData;
                                }

                                bits <<= single & 0xFF;
                                count -= single & 0xFF;
                                k += single >> 8;
                            }
                        }
                    }
                }
            }

            return IntervalEnd(chunk, p, count, 0xD9) ? JpegDcRefusal.None : JpegDcRefusal.CorruptData;
        }
    }

    private static void AddBlock(DcFrameHeader header, int scanIndex, int x, int y, Span<int> dcBase, Span<int> acBase, Span<int> lumaX, Span<int> lumaY, ref int blocks)
    {
        dcBase[blocks] = header.ScanDcSlot[scanIndex] << DcBits;
        acBase[blocks] = (header.ScanAcSlot[scanIndex] - 4) << AcBits;
        lumaX[blocks] = x;
        lumaY[blocks] = y;
        blocks++;
    }

    /// <summary>
    /// The end of a restart interval or of the scan: no data read past, less than a byte of it left (libjpeg counts
    /// whole leftover bytes as extraneous data, a warning), then fill bytes and the <paramref name="expected"/>
    /// marker, after which the next interval starts.
    /// </summary>
    private bool IntervalEnd(byte* chunk, byte* p, int count, int expected)
    {
        if (!_atMarker)
        {
            p = Refill(chunk, p);
            if (!_atMarker)
            {
                return false; // a chunk of data is left
            }
        }

        long left = ((_chunkEnd - p) * 8) + count;
        if (left is < 0 or >= 8 || _marker >= _sourceEnd)
        {
            return false;
        }

        byte* q = _marker;
        while (q < _sourceEnd && *q == 0xFF)
        {
            q++;
        }

        if (q >= _sourceEnd || *q != expected)
        {
            return false;
        }

        _source = q + 1;
        return true;
    }

    /// <summary>
    /// A code longer than the lookahead, as libjpeg's jpeg_huff_decode; 0 for a code not in the table. Inlined with
    /// pointers (no call, no bounds check): a call in the AC loop would push its hot locals out of registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeLong(int* maxCode, int* valueOffset, byte* values, int slot, ulong bits)
    {
        for (int length = (slot >= 4 ? AcBits : DcBits) + 1; length <= 16; length++)
        {
            int code = (int)(bits >> (64 - length));
            if (code <= maxCode[(slot * 18) + length])
            {
                byte symbol = values[(slot * 256) + valueOffset[(slot * 17) + length] + code];
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

    /// <summary>The chunk at the start of an interval, filled from <see cref="_source"/>.</summary>
    private void StartInterval(byte* chunk)
    {
        _atMarker = false;
        _chunkEnd = chunk;
        Refill(chunk, chunk);
    }

    /// <summary>The bit buffer at the start of an interval: 56 bits and the 8 after them (7 bytes taken).</summary>
    private static ulong FirstBits(byte* chunk) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(chunk));

    /// <summary>Where the next refill is due: a block starting past it could read past the chunk's data.</summary>
    private byte* RefillAt() => _atMarker ? _chunkEnd : _chunkEnd - BlockReach;

    /// <summary>
    /// Moves the chunk's unread bytes (from <paramref name="p"/>) to its start and unstuffs input after them, up to a
    /// chunk or the interval's marker; from the marker on, zeros. Returns the new read position.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte* Refill(byte* chunk, byte* p)
    {
        if (_atMarker)
        {
            return p;
        }

        int kept = (int)(_chunkEnd - p);
        new ReadOnlySpan<byte>(p, kept).CopyTo(new Span<byte>(chunk, ChunkSize)); // may overlap: CopyTo allows it
        byte* d = chunk + kept, limit = chunk + ChunkSize;
        byte* q = _source;
        while (d < limit)
        {
            int n = (int)Math.Min(limit - d, _sourceEnd - q);
            int ff = new ReadOnlySpan<byte>(q, n).IndexOf((byte)0xFF);
            if (ff < 0)
            {
                Buffer.MemoryCopy(q, d, n, n);
                q += n;
                d += n;
                if (q == _sourceEnd)
                {
                    _atMarker = true; // the data ends without a marker
                    _marker = q;
                    break;
                }

                continue;
            }

            Buffer.MemoryCopy(q, d, ff, ff);
            q += ff;
            d += ff;

            // libjpeg: any run of FFs, then 00 = one FF data byte, anything else = a marker.
            byte* r = q + 1;
            while (r < _sourceEnd && *r == 0xFF)
            {
                r++;
            }

            if (r == _sourceEnd || *r != 0)
            {
                _atMarker = true;
                _marker = q; // its first FF, where IntervalEnd looks for it
                break;
            }

            *d++ = 0xFF;
            q = r + 1;
        }

        _source = q;
        _chunkEnd = d;
        if (_atMarker)
        {
            new Span<byte>(d, BlockReach).Clear();
        }

        return chunk;
    }
}
