using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using MqttCam.Files;
using MqttCam.Settings;

namespace MqttCam.Device.Commands;

/// <summary>
/// Arguments of <c>{"action": "capture", "width": 640, "height": 360, "quality": 85, "save": true, "name": "door-{counter}.jpg"}</c>.
/// Width and height bound the result (aspect kept, never upscaled); all are optional.
/// </summary>
public sealed class CaptureRequest
{
    private CaptureRequest(int? width, int? height, int? quality, bool save, FileNamePattern fileName)
    {
        Width = width;
        Height = height;
        Quality = quality;
        Save = save;
        FileName = fileName;
    }

    public int? Width { get; }

    public int? Height { get; }

    public int? Quality { get; }

    public bool Save { get; }

    public FileNamePattern FileName { get; }

    public static bool TryParse(JsonElement arguments, string defaultFileName, [NotNullWhen(true)] out CaptureRequest? request, out string error)
    {
        request = null;
        if (!TryInt(arguments, "width", CameraSettingsSchema.MinDimension, CameraSettingsSchema.MaxDimension, out var width, out error)
            || !TryInt(arguments, "height", CameraSettingsSchema.MinDimension, CameraSettingsSchema.MaxDimension, out var height, out error)
            || !TryInt(arguments, "quality", 1, 100, out var quality, out error))
        {
            return false;
        }

        var save = false;
        if (arguments.TryGetProperty("save", out var saveValue))
        {
            if (saveValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = "save: must be true or false";
                return false;
            }

            save = saveValue.GetBoolean();
        }

        var patternText = defaultFileName;
        if (arguments.TryGetProperty("name", out var nameValue))
        {
            if (nameValue.ValueKind != JsonValueKind.String)
            {
                error = "name: must be a file name pattern string, e.g. \"door-{counter:0000}.jpg\"";
                return false;
            }

            patternText = nameValue.GetString()!;
            save = true;
        }

        if (!FileNamePattern.TryParse(patternText, out var pattern, out var patternError))
        {
            error = $"name: {patternError}";
            return false;
        }

        request = new CaptureRequest(width, height, quality, save, pattern!);
        error = string.Empty;
        return true;
    }

    private static bool TryInt(JsonElement arguments, string name, int min, int max, out int? value, out string error)
    {
        value = null;
        error = string.Empty;
        if (!arguments.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number) && number >= min && number <= max)
        {
            value = number;
            return true;
        }

        error = $"{name}: must be an integer from {min} to {max} (got {element.GetRawText()})";
        return false;
    }
}
