namespace MqttCam.Imaging.Dc;

/// <summary>
/// The eight Huffman tables (DC and AC, slots 0-3) of a JPEG, built for the DC reader: one lookahead table per slot
/// whose entries say everything needed to consume a symbol without looking at its value bits, multi-symbol skip
/// steps for AC, plus canonical max-code tables for the rare codes longer than the lookahead. Arrays are allocated
/// once and reused.
/// </summary>
internal sealed class DcHuffmanTables
{
    /// <summary>
    /// AC bits looked up at once (8 K step entries of 4 bytes per table). Entropy-coded bits are close to random, so
    /// every entry is hot; measured on 128 KB camera-like frames: 13 bits 5 % faster than 12, 14 no faster than 13.
    /// </summary>
    public const int AcLookaheadBits = 13;

    /// <summary>DC bits looked up at once: one lookup a block, codes of typical tables are at most 9-11 bits.</summary>
    public const int DcLookaheadBits = 10;

    public const int SlotCount = 8;

    /// <summary>The advance an AC entry gives for end-of-block: past the last coefficient whatever k is.</summary>
    public const int EndOfBlock = 64;

    /// <summary>Step fields: bits 0-5 total bits (at most 31, so the step itself is a shift count), 6-12 advance, 13-19 prefix.</summary>
    public const int StepAdvanceShift = 6, StepPrefixShift = 13;

    /// <summary>The prefix of a step no k passes: its first code is longer than the lookahead.</summary>
    public const int NoStep = 127;

    private const int DcSize = 1 << DcLookaheadBits, AcSize = 1 << AcLookaheadBits;

    /// <summary>Per DC slot, indexed by the next <see cref="DcLookaheadBits"/> bits: code length | category &lt;&lt; 8; 0 = longer.</summary>
    public readonly ushort[] DcLookahead = new ushort[4 * DcSize];

    /// <summary>
    /// Per AC slot (0-3 here = slots 4-7), indexed by the next <see cref="AcLookaheadBits"/> bits, one symbol:
    /// (code length + value bits) | coefficient advance &lt;&lt; 8 (run + 1, 16 for ZRL, <see cref="EndOfBlock"/>
    /// for EOB); 0 = a longer code.
    /// </summary>
    public readonly ushort[] AcLookahead = new ushort[4 * AcSize];

    /// <summary>Per slot 18 ints: the largest code of each length 1-16 (-1 if none), as in libjpeg's maxcode.</summary>
    public readonly int[] MaxCode = new int[SlotCount * 18];

    /// <summary>Per slot 17 ints: index in <see cref="Values"/> of a code of each length, minus the length's first code.</summary>
    public readonly int[] ValueOffset = new int[SlotCount * 17];

    /// <summary>Per slot 256 symbols in code order.</summary>
    public readonly byte[] Values = new byte[SlotCount * 256];

    /// <summary>
    /// Per AC slot, indexed by the next <see cref="AcLookaheadBits"/> bits: as many whole AC symbols as fit in
    /// them, skipped in one step. See <see cref="AcStep"/>.
    /// </summary>
    public readonly uint[] AcSteps = new uint[4 * AcSize];

    private readonly bool[] _defined = new bool[SlotCount];

    // The DHT bytes each slot was last built from: camera frames repeat their tables, so most frames rebuild nothing.
    private readonly byte[] _source = new byte[SlotCount * (16 + 256)];
    private readonly int[] _sourceLength = new int[SlotCount];

    public static int Slot(bool isAc, int id) => (isAc ? 4 : 0) + id;

    public bool IsDefined(int slot) => _defined[slot];

    public void Clear() => Array.Clear(_defined);

    /// <summary>
    /// A skip step: total bits (code and value bits of every symbol), total coefficient advance, and the advance
    /// before the last symbol: the step is only valid while k plus that stays below 64, else the block ends inside
    /// it and the symbols are taken one at a time (<see cref="NoStep"/>: always).
    /// </summary>
    public static uint AcStep(int totalBits, int totalAdvance, int prefixAdvance) =>
        (uint)(totalBits | (totalAdvance << StepAdvanceShift) | (prefixAdvance << StepPrefixShift));

    /// <summary>Like <see cref="TryBuild"/>, but keeps a slot built from the same bytes as last time.</summary>
    public bool TryBuildCached(int slot, ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        Span<byte> source = _source.AsSpan(slot * (16 + 256), 16 + 256);
        int length = 16 + symbols.Length;
        if (_sourceLength[slot] == length && source[..16].SequenceEqual(counts) && source[16..length].SequenceEqual(symbols))
        {
            _defined[slot] = true;
            return true;
        }

        _sourceLength[slot] = 0;
        if (!TryBuild(slot, counts, symbols))
        {
            return false;
        }

        counts.CopyTo(source);
        symbols.CopyTo(source[16..]);
        _sourceLength[slot] = length;
        return true;
    }

    /// <summary>
    /// Builds a slot from a DHT's 16 counts and its symbols with libjpeg's checks (jpeg_make_d_derived_tbl): no code
    /// may be all ones or overflow its length, DC categories are at most 15. False leaves the slot undefined.
    /// </summary>
    public bool TryBuild(int slot, ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        bool isAc = slot >= 4;
        _defined[slot] = false;
        int lookaheadBits = isAc ? AcLookaheadBits : DcLookaheadBits;
        Span<ushort> lookahead = isAc ? AcLookahead.AsSpan((slot - 4) * AcSize, AcSize) : DcLookahead.AsSpan(slot * DcSize, DcSize);
        Span<int> maxCode = MaxCode.AsSpan(slot * 18, 18);
        Span<int> valueOffset = ValueOffset.AsSpan(slot * 17, 17);
        lookahead.Clear();
        symbols.CopyTo(Values.AsSpan(slot * 256, 256));

        int code = 0;
        int index = 0;
        for (int length = 1; length <= 16; length++)
        {
            int count = counts[length - 1];
            valueOffset[length] = index - code;

            // libjpeg: the code after the last one of this length must still fit in it, since no code may be all
            // ones (this also catches an over-subscribed table).
            if (count != 0 && code + count >= 1 << length)
            {
                return false;
            }

            for (int i = 0; i < count; i++, index++, code++)
            {
                byte symbol = symbols[index];
                if (!isAc && symbol > 15)
                {
                    return false;
                }

                if (length <= lookaheadBits)
                {
                    ushort entry = isAc ? AcEntry(length, symbol) : (ushort)(length | (symbol << 8));
                    int shift = lookaheadBits - length;
                    lookahead.Slice(code << shift, 1 << shift).Fill(entry);
                }
            }

            maxCode[length] = count == 0 ? -1 : code - 1;
            code <<= 1;
        }

        maxCode[17] = int.MaxValue; // sentinel, never reached: lengths stop at 16
        if (isAc)
        {
            BuildSteps(lookahead, AcSteps.AsSpan((slot - 4) * AcSize, AcSize));
        }

        _defined[slot] = true;
        return true;
    }

    // For each lookahead value, chains the symbols that fit wholly (code and value bits) in it, stopping after an
    // EOB or once 64 coefficients are reached.
    private static void BuildSteps(ReadOnlySpan<ushort> single, Span<uint> steps)
    {
        for (int index = 0; index < steps.Length; index++)
        {
            ushort first = single[index];
            int used = 0, advance = 0, prefix = 0;
            while (used < AcLookaheadBits && advance < EndOfBlock)
            {
                // The symbol `used` bits in: its entry is real only if it fits in the bits left (the rest are zeros).
                ushort entry = single[(index << used) & (AcSize - 1)];
                if (entry == 0 || (entry & 0xFF) > AcLookaheadBits - used)
                {
                    break;
                }

                prefix = advance;
                used += entry & 0xFF;
                advance += entry >> 8;
            }

            steps[index] = first == 0 ? AcStep(0, 0, NoStep)
                : used == 0 ? AcStep(first & 0xFF, first >> 8, 0)
                : AcStep(used, Math.Min(advance, EndOfBlock), prefix);
        }
    }

    public static ushort AcEntry(int length, byte symbol)
    {
        int run = symbol >> 4;
        int size = symbol & 15;
        int advance = size != 0 ? run + 1 : run == 15 ? 16 : EndOfBlock;
        return (ushort)((length + size) | (advance << 8));
    }
}
