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
        if (!CommandArguments.TryInteger(arguments, "width", CameraSettingsSchema.MinDimension, CameraSettingsSchema.MaxDimension, out var width, out error)
            || !CommandArguments.TryInteger(arguments, "height", CameraSettingsSchema.MinDimension, CameraSettingsSchema.MaxDimension, out var height, out error)
            || !CommandArguments.TryInteger(arguments, "quality", 1, 100, out var quality, out error))
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

        if (!CommandArguments.TryFileName(arguments, defaultFileName, "a file name pattern string, e.g. \"door-{counter:0000}.jpg\"", extension: null, out var pattern, out error))
        {
            return false;
        }

        // Naming the file asks for it to be saved.
        request = new CaptureRequest(width, height, quality, save || arguments.TryGetProperty("name", out _), pattern);
        return true;
    }
}
