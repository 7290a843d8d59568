using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using MqttCam.Files;

namespace MqttCam.Device.Commands;

/// <summary>
/// The optional arguments several commands share, read one way for all: a number is absent or null ("not given") or a
/// JSON number in range; <c>name</c> is a file name pattern string. A bad one is refused with an error that names it.
/// </summary>
internal static class CommandArguments
{
    private delegate bool NumberReader<T>(JsonElement element, out T value);

    public static bool TryInteger(JsonElement arguments, string name, int min, int max, out int? value, out string error) =>
        TryOptional(arguments, name, min, max, "an integer", static (JsonElement element, out int number) => element.TryGetInt32(out number), out value, out error);

    public static bool TryNumber(JsonElement arguments, string name, double min, double max, out double? value, out string error) =>
        TryOptional(arguments, name, min, max, "a number", static (JsonElement element, out double number) => element.TryGetDouble(out number), out value, out error);

    /// <summary>The optional <c>name</c> argument, a file name pattern; <paramref name="defaultPattern"/> when absent.</summary>
    /// <param name="arguments">The request object.</param>
    /// <param name="defaultPattern">The pattern used when the request has no name.</param>
    /// <param name="expected">What a name must be, shown when it is not a string (e.g. <c>a file name pattern such as "tl-{counter}.jpg"</c>).</param>
    /// <param name="extension">An ending the name must have (<c>.mp4</c>), or null for any.</param>
    /// <param name="pattern">The parsed pattern.</param>
    /// <param name="error">Why the name was refused; empty on success.</param>
    public static bool TryFileName(JsonElement arguments, string defaultPattern, string expected, string? extension, [NotNullWhen(true)] out FileNamePattern? pattern, out string error)
    {
        pattern = null;
        var text = defaultPattern;
        if (arguments.TryGetProperty("name", out var name))
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                error = $"name: must be {expected}";
                return false;
            }

            text = name.GetString()!;
        }

        if (extension is not null && !text.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
        {
            error = $"name: must end in {extension}";
            return false;
        }

        if (!FileNamePattern.TryParse(text, out pattern, out var patternError))
        {
            error = $"name: {patternError}";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool TryOptional<T>(JsonElement arguments, string name, T min, T max, string kind, NumberReader<T> read, out T? value, out string error)
        where T : struct, INumber<T>
    {
        value = null;
        error = string.Empty;
        if (!arguments.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && read(element, out var number) && number >= min && number <= max)
        {
            value = number;
            return true;
        }

        error = string.Create(CultureInfo.InvariantCulture, $"{name}: must be {kind} from {min} to {max} (got {element.GetRawText()})");
        return false;
    }
}
