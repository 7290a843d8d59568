using System.Buffers.Binary;

namespace MqttCam.Imaging.Tests.Dc;

/// <summary>Hand-made gray baseline JPEGs for cases encoders do not make.</summary>
internal static class CraftedJpegs
{
    // The symbol of the code of length i + 1. DC: categories, the long codes too. AC: run << 4 | size, EOB longest.
    private static readonly byte[] s_dcSymbols = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 3, 6, 11];
    private static readonly byte[] s_acSymbols = [0x01, 0x02, 0x11, 0x03, 0x21, 0x04, 0x31, 0x05, 0x41, 0x06, 0x52, 0x07, 0xA1, 0xF0, 0x0A, 0x00];

    /// <summary>
    /// DC table with one code "0" for <paramref name="dcCategory"/>, AC table with one code "0" for EOB; each block
    /// is "0" + category ones (the largest positive difference) + "0".
    /// </summary>
    public static byte[] Gray(int width, int height, int dcCategory, int quant)
    {
        byte[] oneCode = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        List<byte> output = Header(width, height, quant, [.. oneCode, (byte)dcCategory], [.. oneCode, 0x00], restartInterval: 0);
        var writer = new BitWriter(output);
        int blocks = ((width + 7) / 8) * ((height + 7) / 8);
        for (int b = 0; b < blocks; b++)
        {
            writer.Code(1);
            writer.Bits((1 << dcCategory) - 1, dcCategory);
            writer.Code(1);
        }

        return writer.End();
    }

    /// <summary>
    /// Huffman tables with one code of each length 1-16 (n ones then a zero, the longest 15 ones and a zero), filled
    /// with seeded random blocks: codes longer than any lookahead, long runs of ones (so 0xFF stuffing every few
    /// bytes, wherever the reader's refills fall), ZRLs, blocks that end with EOB and blocks that end at
    /// coefficient 63; optionally restart intervals.
    /// </summary>
    public static byte[] Unary(int width, int height, int seed, int restartInterval = 0)
    {
        byte[] oneCodePerLength = [.. Enumerable.Repeat((byte)1, 16)];
        List<byte> output = Header(width, height, 3, [.. oneCodePerLength, .. s_dcSymbols], [.. oneCodePerLength, .. s_acSymbols], restartInterval);
        var writer = new BitWriter(output);
        var random = new Random(seed);
        int blocks = ((width + 7) / 8) * ((height + 7) / 8);
        for (int b = 0; b < blocks; b++)
        {
            if (restartInterval != 0 && b != 0 && b % restartInterval == 0)
            {
                writer.Restart(0xD0 + (((b / restartInterval) - 1) & 7));
            }

            int dc = random.Next(16);
            writer.Code(dc + 1);
            writer.Bits(random.Next(1 << s_dcSymbols[dc]), s_dcSymbols[dc]);
            for (int k = 1; k < 64;)
            {
                int ac = random.Next(16);
                int run = s_acSymbols[ac] >> 4, size = s_acSymbols[ac] & 15;
                bool endOfBlock = s_acSymbols[ac] == 0;
                if (!endOfBlock && k + run > 63)
                {
                    continue; // a coefficient past 63: an encoder would not write it
                }

                writer.Code(ac + 1);
                writer.Bits(random.Next(1 << size), size);
                if (endOfBlock)
                {
                    break;
                }

                k += size == 0 ? 16 : run + 1;
            }
        }

        return writer.End();
    }

    /// <summary>SOI to SOS of one gray component; each table is 16 counts then its symbols.</summary>
    private static List<byte> Header(int width, int height, int quant, byte[] dcTable, byte[] acTable, int restartInterval)
    {
        var output = new List<byte> { 0xFF, 0xD8 };
        void Segment(byte marker, params byte[] body)
        {
            output.AddRange([0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
            output.AddRange(body);
        }

        byte[] dqt = new byte[65];
        dqt.AsSpan(1).Fill(1);
        dqt[1] = (byte)quant;
        Segment(0xDB, dqt);
        byte[] sof = [8, 0, 0, 0, 0, 1, 1, 0x11, 0];
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(3), (ushort)width);
        Segment(0xC0, sof);
        Segment(0xC4, [0x00, .. dcTable]);
        Segment(0xC4, [0x10, .. acTable]);
        if (restartInterval != 0)
        {
            Segment(0xDD, (byte)(restartInterval >> 8), (byte)restartInterval);
        }

        Segment(0xDA, [1, 1, 0x00, 0, 63, 0]);
        return output;
    }

    /// <summary>Entropy-coded bits, MSB first, a 00 after each FF; bytes padded with ones.</summary>
    private sealed class BitWriter(List<byte> output)
    {
        private int _byte, _used;

        /// <summary>The code of length <paramref name="length"/>: length - 1 ones, then a zero.</summary>
        public void Code(int length)
        {
            for (int i = 1; i < length; i++)
            {
                Bit(1);
            }

            Bit(0);
        }

        public void Bits(int value, int count)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                Bit((value >> i) & 1);
            }
        }

        public void Restart(int marker)
        {
            Flush();
            output.AddRange([0xFF, (byte)marker]);
        }

        /// <summary>The last byte padded, then EOI: the whole JPEG.</summary>
        public byte[] End()
        {
            Flush();
            output.AddRange([0xFF, 0xD9]);
            return [.. output];
        }

        private void Flush()
        {
            while (_used != 0)
            {
                Bit(1);
            }
        }

        private void Bit(int bit)
        {
            _byte = (_byte << 1) | bit;
            if (++_used == 8)
            {
                output.Add((byte)_byte);
                if (_byte == 0xFF)
                {
                    output.Add(0);
                }

                (_byte, _used) = (0, 0);
            }
        }
    }
}
