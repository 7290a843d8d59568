using System.Globalization;
using System.Text.Json;

namespace MqttCam.Core.Settings;

/// <summary>
/// Parsers shared by the schema. JSON numbers must be JSON numbers (a quoted "80" is a type error in a JSON patch);
/// plain-text values come from <c>set/&lt;name&gt;</c> topics where everything is a string.
/// </summary>
internal static class SettingValueReaders
{
    public static bool JsonInteger(JsonElement e, out long value)
    {
        value = 0;
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out value);
    }

    public static bool TextInteger(string s, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        || (TextNumber(s, out var d) && Math.Abs(d - Math.Round(d)) < 1e-9 && Math.Abs(d) < 1e15 && (value = (long)Math.Round(d)) == value);

    public static bool JsonNumber(JsonElement e, out double value)
    {
        value = 0;
        return e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out value) && double.IsFinite(value);
    }

    public static bool TextNumber(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool JsonBoolean(JsonElement e, out bool value)
    {
        value = e.ValueKind == JsonValueKind.True;
        return e.ValueKind is JsonValueKind.True or JsonValueKind.False
            || (e.ValueKind == JsonValueKind.String && TextBoolean(e.GetString()!, out value));
    }

    /// <summary>Accepts Home Assistant's ON/OFF as well as true/false and 1/0.</summary>
    public static bool TextBoolean(string s, out bool value)
    {
        switch (s.ToUpperInvariant())
        {
            case "ON" or "TRUE" or "1":
                value = true;
                return true;
            case "OFF" or "FALSE" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool JsonString(JsonElement e, out string value)
    {
        value = e.ValueKind == JsonValueKind.String ? e.GetString()! : string.Empty;
        return e.ValueKind == JsonValueKind.String;
    }

    /// <summary>A list of numbers as a JSON array <c>[1, 2]</c> or a string <c>"1,2"</c>.</summary>
    public static bool JsonNumbers(JsonElement e, int count, out double[] values)
    {
        values = [];
        if (e.ValueKind == JsonValueKind.String)
        {
            return TextNumbers(e.GetString()!, count, out values);
        }

        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != count)
        {
            return false;
        }

        var result = new double[count];
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            if (!JsonNumber(item, out result[i++]))
            {
                return false;
            }
        }

        values = result;
        return true;
    }

    public static bool TextNumbers(string s, int count, out double[] values)
    {
        values = [];
        var parts = s.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != count)
        {
            return false;
        }

        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (!TextNumber(parts[i], out result[i]))
            {
                return false;
            }
        }

        values = result;
        return true;
    }

    /// <summary>"1280x720" (also accepts an upper-case X).</summary>
    public static bool TextResolution(string s, out (int Width, int Height) value)
    {
        value = default;
        var x = s.IndexOfAny(['x', 'X']);
        return x > 0
            && int.TryParse(s.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(s.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && (value = (w, h)) == (w, h);
    }
}
