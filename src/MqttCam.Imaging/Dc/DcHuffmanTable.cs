namespace MqttCam.Imaging.Dc;

/// <summary>
/// The eight Huffman tables (DC and AC, slots 0-3) of a JPEG, built for the DC reader: one lookahead table per slot
/// whose entries say everything needed to consume a symbol without looking at its value bits, plus canonical
/// max-code tables for the rare codes longer than the lookahead. Arrays are allocated once and reused.
/// </summary>
internal sealed class DcHuffmanTables
{
    /// <summary>Bits looked up at once: 2048 entries of 2 bytes per slot, 32 KB for all eight, hot ones fit L1.</summary>
    public const int LookaheadBits = 11;

    public const int SlotCount = 8;

    /// <summary>The advance an AC entry gives for end-of-block: past the last coefficient whatever k is.</summary>
    public const int EndOfBlock = 64;

    private const int LookaheadSize = 1 << LookaheadBits;

    /// <summary>
    /// Per slot, indexed by the next <see cref="LookaheadBits"/> bits; 0 = not a complete code within them.
    /// DC entry: code length | category &lt;&lt; 8. AC entry: (code length + value bits) | coefficient advance &lt;&lt; 8
    /// (run + 1, 16 for ZRL, <see cref="EndOfBlock"/> for EOB).
    /// </summary>
    public readonly ushort[] Lookahead = new ushort[SlotCount * LookaheadSize];

    /// <summary>Per slot 18 ints: the largest code of each length 1-16 (-1 if none), as in libjpeg's maxcode.</summary>
    public readonly int[] MaxCode = new int[SlotCount * 18];

    /// <summary>Per slot 17 ints: index in <see cref="Values"/> of a code of each length, minus the length's first code.</summary>
    public readonly int[] ValueOffset = new int[SlotCount * 17];

    /// <summary>Per slot 256 symbols in code order.</summary>
    public readonly byte[] Values = new byte[SlotCount * 256];

    private readonly bool[] _defined = new bool[SlotCount];

    public static int Slot(bool isAc, int id) => (isAc ? 4 : 0) + id;

    public bool IsDefined(int slot) => _defined[slot];

    public void Clear() => Array.Clear(_defined);

    /// <summary>
    /// Builds a slot from a DHT's 16 counts and its symbols with libjpeg's checks (jpeg_make_d_derived_tbl): no code
    /// may be all ones or overflow its length, DC categories are at most 15. False leaves the slot undefined.
    /// </summary>
    public bool TryBuild(int slot, ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        bool isAc = slot >= 4;
        _defined[slot] = false;
        Span<ushort> lookahead = Lookahead.AsSpan(slot * LookaheadSize, LookaheadSize);
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

                if (length <= LookaheadBits)
                {
                    ushort entry = isAc ? AcEntry(length, symbol) : (ushort)(length | (symbol << 8));
                    int shift = LookaheadBits - length;
                    lookahead.Slice(code << shift, 1 << shift).Fill(entry);
                }
            }

            maxCode[length] = count == 0 ? -1 : code - 1;
            code <<= 1;
        }

        maxCode[17] = int.MaxValue; // sentinel, never reached: lengths stop at 16
        _defined[slot] = true;
        return true;
    }

    public static ushort AcEntry(int length, byte symbol)
    {
        int run = symbol >> 4;
        int size = symbol & 15;
        int advance = size != 0 ? run + 1 : run == 15 ? 16 : EndOfBlock;
        return (ushort)((length + size) | (advance << 8));
    }
}
