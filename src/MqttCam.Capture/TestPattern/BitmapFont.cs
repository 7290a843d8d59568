namespace MqttCam.Capture.TestPattern;

/// <summary>
/// A tiny 5x7 pixel font (digits, date/time punctuation and a few capitals) so test frames can carry their capture
/// time and number without a font library. Unknown characters draw as blanks.
/// </summary>
internal static class BitmapFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;

    /// <summary>Horizontal distance between characters, in font pixels.</summary>
    public const int Advance = GlyphWidth + 1;

    // Each glyph is 7 rows; bit 4 of a row is its leftmost pixel.
    private static readonly Dictionary<char, byte[]> s_glyphs = new()
    {
        ['0'] = [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110],
        ['1'] = [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],
        ['2'] = [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111],
        ['3'] = [0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110],
        ['4'] = [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010],
        ['5'] = [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110],
        ['6'] = [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110],
        ['7'] = [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000],
        ['8'] = [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110],
        ['9'] = [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100],
        [':'] = [0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b01100, 0b00000],
        ['-'] = [0b00000, 0b00000, 0b00000, 0b11111, 0b00000, 0b00000, 0b00000],
        ['.'] = [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b01100],
        ['#'] = [0b01010, 0b01010, 0b11111, 0b01010, 0b11111, 0b01010, 0b01010],
        ['A'] = [0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001],
        ['C'] = [0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110],
        ['E'] = [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111],
        ['F'] = [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000],
        ['M'] = [0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001],
        ['P'] = [0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000],
        ['R'] = [0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001],
        ['S'] = [0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110],
        ['T'] = [0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100],
        ['X'] = [0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001],
        ['Z'] = [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111],
    };

    /// <summary>True when font pixel (<paramref name="column"/>, <paramref name="row"/>) of <paramref name="c"/> is set.</summary>
    public static bool IsSet(char c, int column, int row) =>
        s_glyphs.TryGetValue(c, out var rows)
        && (uint)row < GlyphHeight
        && (uint)column < GlyphWidth
        && (rows[row] & (1 << (GlyphWidth - 1 - column))) != 0;

    public static bool Supports(char c) => c == ' ' || s_glyphs.ContainsKey(c);

    /// <summary>
    /// Draws white text on a black box into an RGB24 image, <paramref name="scale"/> image pixels per font pixel,
    /// clipped to the image.
    /// </summary>
    public static void DrawText(Span<byte> rgb, int width, int height, int left, int top, int scale, ReadOnlySpan<char> text)
    {
        var boxWidth = ((text.Length * Advance) + 1) * scale;
        var boxHeight = (GlyphHeight + 2) * scale;
        for (var y = Math.Max(0, top); y < Math.Min(height, top + boxHeight); y++)
        {
            var fontRow = ((y - top) / scale) - 1;
            for (var x = Math.Max(0, left); x < Math.Min(width, left + boxWidth); x++)
            {
                var fontColumn = ((x - left) / scale) - 1;
                var index = fontColumn / Advance;
                var lit = fontColumn >= 0 && index < text.Length && IsSet(text[index], fontColumn % Advance, fontRow);
                var value = lit ? (byte)255 : (byte)0;
                var offset = ((y * width) + x) * 3;
                rgb[offset] = value;
                rgb[offset + 1] = value;
                rgb[offset + 2] = value;
            }
        }
    }
}
