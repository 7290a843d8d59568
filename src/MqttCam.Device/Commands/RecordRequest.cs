using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using MqttCam.Files;

namespace MqttCam.Device.Commands;

/// <summary>Arguments of <c>{"action": "record", "seconds": 7, "name": "clip-{timestamp}.mp4"}</c>.</summary>
public sealed class RecordRequest
{
    public const double MinSeconds = 1;
    public const double MaxSeconds = 3600;
    public const double DefaultSeconds = 10;
    public const string DefaultName = "clip-{timestamp:yyyy-MM-dd-HH-mm-ss}.mp4";

    private RecordRequest(double seconds, FileNamePattern name)
    {
        Seconds = seconds;
        Name = name;
    }

    public double Seconds { get; }

    public FileNamePattern Name { get; }

    public static bool TryParse(JsonElement arguments, [NotNullWhen(true)] out RecordRequest? request, out string error)
    {
        request = null;
        var seconds = DefaultSeconds;
        if (arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty("seconds", out var value))
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out seconds) || seconds is < MinSeconds or > MaxSeconds)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"seconds: must be a number from {MinSeconds} to {MaxSeconds}");
                return false;
            }
        }

        var text = DefaultName;
        if (arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty("name", out var nameValue))
        {
            if (nameValue.ValueKind != JsonValueKind.String)
            {
                error = "name: must be a file name pattern string, e.g. \"clip-{timestamp}.mp4\"";
                return false;
            }

            text = nameValue.GetString()!;
        }

        if (!text.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase))
        {
            error = "name: must end in .mp4";
            return false;
        }

        if (!FileNamePattern.TryParse(text, out var pattern, out var patternError))
        {
            error = $"name: {patternError}";
            return false;
        }

        request = new RecordRequest(seconds, pattern!);
        error = string.Empty;
        return true;
    }
}
